package dev.faultline.e2e.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/** Loopback ports for the end-to-end tests and benches: a free one, the one a test app announces, one listening. */
public final class Ports {

  private Ports() {}

  /** A port free on 127.0.0.1 right now, for a collector that must be told its port before it starts. */
  public static int free() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** The port a test app prints on its {@code READY <port>} line once it answers, waiting up to 30 s. */
  public static int awaitReady(Jvm app) throws InterruptedException {
    return awaitReady(app, Duration.ofSeconds(30));
  }

  /** As above, waiting up to {@code timeout}. */
  public static int awaitReady(Jvm app, Duration timeout) throws InterruptedException {
    String ready = app.awaitLine(line -> line.startsWith("READY"), timeout);
    return Integer.parseInt(ready.substring("READY ".length()).trim());
  }

  /** Waits until 127.0.0.1:{@code port} accepts connections; fails with {@code process}'s output if it never does. */
  public static void awaitListening(int port, Duration timeout, Jvm process) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("nothing listened on 127.0.0.1:" + port + " within " + timeout
        + "; output so far:\n" + process.transcript());
  }
}
