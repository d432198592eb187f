package dev.faultline.agent.config;

/**
 * Derives a default service name from the JVM's launch command ({@code sun.java.command}).
 *
 * <pre>
 * "/opt/app/orders-service.jar --port 8080"  -> "orders-service"
 * "com.acme.checkout.CheckoutMain arg"       -> "CheckoutMain"
 * "app.module/com.acme.Main"                 -> "Main"
 * null or blank                              -> "unknown-service"
 * </pre>
 */
public final class ServiceNames {

  /** Used when the launch command tells nothing. */
  public static final String UNKNOWN = "unknown-service";

  private ServiceNames() {}

  public static String fromCommand(String javaCommand) {
    if (javaCommand == null || javaCommand.isBlank()) {
      return UNKNOWN;
    }
    String first = javaCommand.trim().split("\\s+", 2)[0];
    String base = first.substring(Math.max(first.lastIndexOf('/'), first.lastIndexOf('\\')) + 1);
    if (base.toLowerCase(java.util.Locale.ROOT).endsWith(".jar")) {
      base = base.substring(0, base.length() - 4);
    } else {
      base = base.substring(base.lastIndexOf('.') + 1);
    }
    return base.isEmpty() ? UNKNOWN : base;
  }
}
