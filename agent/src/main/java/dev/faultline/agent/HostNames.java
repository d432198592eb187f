package dev.faultline.agent;

import java.net.InetAddress;

/** The local host name, resolved once on the agent's own thread (it may wait on DNS). */
final class HostNames {

  private HostNames() {}

  static String local() {
    try {
      String name = InetAddress.getLocalHost().getHostName();
      if (name != null && !name.isBlank()) {
        return name;
      }
    } catch (Exception e) {
      // Fall through to the environment.
    }
    String env = System.getenv("HOSTNAME");
    return env == null || env.isBlank() ? "localhost" : env;
  }
}
