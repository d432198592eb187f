package dev.faultline.agent.config;

/** A collector address: host name or literal IP and TCP port. */
public record Endpoint(String host, int port) {

  /**
   * Parses {@code host:port}; {@code [v6]:port} for IPv6 literals. The port is required.
   *
   * @throws IllegalArgumentException when the text is not host:port with a port in 1..65535
   */
  public static Endpoint parse(String text) {
    String t = text.trim();
    int colon = t.lastIndexOf(':');
    if (colon <= 0 || colon == t.length() - 1) {
      throw new IllegalArgumentException("expected host:port, got '" + text + "'");
    }
    String host = t.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(t.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected host:port with a numeric port, got '" + text + "'");
    }
    if (port < 1 || port > 65535 || host.isEmpty()) {
      throw new IllegalArgumentException("expected host:port with a port in 1..65535, got '" + text + "'");
    }
    return new Endpoint(host, port);
  }

  @Override
  public String toString() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
