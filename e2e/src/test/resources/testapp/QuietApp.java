/** An application with no libraries at all: whatever it prints to stderr under the agent is the agent's. */
public class QuietApp {

  public static void main(String[] args) throws Exception {
    waitForStop(Long.parseLong(args[0]));
    System.out.println("quiet-done");
  }

  /** Runs until the test writes a line to stdin (or closes it), at most {@code maxMillis}. */
  static void waitForStop(long maxMillis) throws Exception {
    long deadline = System.currentTimeMillis() + maxMillis;
    while (System.currentTimeMillis() < deadline) {
      if (System.in.available() > 0) {
        return;
      }
      Thread.sleep(20);
    }
  }
}
