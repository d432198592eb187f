import java.io.IOException;
import java.util.logging.Level;

/**
 * Logs through Logback (SLF4J), Log4j 2 and java.util.logging until killed, with arguments that must never reach the
 * collector (the user name "alice-secret", numbers): per round one ERROR with an exception and one WARN through
 * SLF4J/Logback, one ERROR through Log4j 2, one SEVERE and one WARNING through JUL. Prints {@code READY} after the
 * first round.
 */
public final class LogsApp {

  public static void main(String[] args) throws Exception {
    org.slf4j.Logger payments = org.slf4j.LoggerFactory.getLogger("shop.Payments");
    org.apache.logging.log4j.Logger stock = org.apache.logging.log4j.LogManager.getLogger("shop.Stock");
    java.util.logging.Logger audit = java.util.logging.Logger.getLogger("shop.Audit");
    for (int n = 1; ; n++) {
      payments.error("payment {} failed for {}", n, "alice-secret", new IOException("card " + n + " declined"));
      payments.warn("payment {} slow", n);
      stock.error("stock low for item {}", n);
      audit.log(Level.SEVERE, "audit write failed: {0}", n);
      audit.log(Level.WARNING, "audit slow: {0}", n);
      if (n == 1) {
        System.out.println("READY");
        System.out.flush();
      }
      Thread.sleep(50);
    }
  }
}
