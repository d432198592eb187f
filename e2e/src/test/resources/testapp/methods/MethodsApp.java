package shop;

/**
 * Plain application code that no library instrumentation covers, timed through {@code instrumentation.methods}:
 * {@code OrderService.place} (throws on every fifth order) calls {@code ItemRepository.findById}; also
 * {@code ItemRepository.count}, which the test's patterns leave out. Runs until killed; prints {@code READY} after
 * the first order.
 */
public final class MethodsApp {

  public static void main(String[] args) throws Exception {
    OrderService orders = new OrderService(new ItemRepository());
    for (int n = 1; ; n++) {
      try {
        orders.place(n);
      } catch (IllegalStateException expected) {
        // every fifth order
      }
      if (n == 1) {
        System.out.println("READY");
        System.out.flush();
      }
      Thread.sleep(5);
    }
  }
}

final class OrderService {
  private final ItemRepository items;

  OrderService(ItemRepository items) {
    this.items = items;
  }

  String place(int order) throws InterruptedException {
    String item = items.findById(order % 10);
    items.count();
    Thread.sleep(1);
    if (order % 5 == 0) {
      throw new IllegalStateException("out of stock: " + item);
    }
    return item;
  }
}

final class ItemRepository {
  String findById(int id) {
    return "item-" + id;
  }

  int count() {
    return 10;
  }
}
