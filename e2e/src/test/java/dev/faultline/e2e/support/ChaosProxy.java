package dev.faultline.e2e.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy between agents and the collector that misbehaves per connection, in turn: drops the connection after
 * a while, stalls it (forwards nothing for a few seconds, then drops it), or forwards only the first part of a chunk
 * (cutting a frame in the middle) and drops it. {@link #calm()} makes it a plain pipe so everything can drain.
 */
public final class ChaosProxy implements AutoCloseable {

  private final ServerSocket server;
  private final int upstreamPort;
  private final AtomicBoolean chaos = new AtomicBoolean(true);
  private final AtomicInteger connections = new AtomicInteger();
  private final Random random = new Random(7);

  public ChaosProxy(int upstreamPort) throws IOException {
    this.upstreamPort = upstreamPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::acceptLoop, "chaos-proxy-accept");
    accept.setDaemon(true);
    accept.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Connections accepted so far (each one misbehaved while chaos was on). */
  public int connections() {
    return connections.get();
  }

  /** From now on new connections are forwarded faithfully. */
  public void calm() {
    chaos.set(false);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream;
        try {
          upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
        } catch (IOException e) {
          client.close(); // collector down: the agent sees a refused-like drop
          continue;
        }
        int n = connections.incrementAndGet();
        Conn conn;
        synchronized (random) {
          conn = new Conn(client, upstream, chaos.get() ? n % 3 : -1, 300 + random.nextInt(1500));
        }
        conn.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  /** One proxied connection; {@code mode}: -1 pipe, 0 drop, 1 stall then drop, 2 truncate mid-chunk then drop. */
  private static final class Conn {
    final Socket client;
    final Socket upstream;
    final int mode;
    final long misbehaveAt;
    final AtomicBoolean stalled = new AtomicBoolean();

    Conn(Socket client, Socket upstream, int mode, int afterMillis) {
      this.client = client;
      this.upstream = upstream;
      this.mode = mode;
      this.misbehaveAt = System.currentTimeMillis() + afterMillis;
    }

    void start() {
      Thread up = new Thread(() -> pump(client, upstream, true), "chaos-up");
      Thread down = new Thread(() -> pump(upstream, client, false), "chaos-down");
      up.setDaemon(true);
      down.setDaemon(true);
      up.start();
      down.start();
      if (mode == 0 || mode == 1) {
        Thread timer = new Thread(() -> {
          try {
            Thread.sleep(Math.max(0, misbehaveAt - System.currentTimeMillis()));
            if (mode == 1) {
              stalled.set(true);
              Thread.sleep(3000);
            }
          } catch (InterruptedException ignored) {
            // closing anyway
          }
          closeBoth();
        }, "chaos-timer");
        timer.setDaemon(true);
        timer.start();
      }
    }

    private void pump(Socket from, Socket to, boolean towardsCollector) {
      byte[] buf = new byte[8192];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          while (stalled.get() && !from.isClosed()) {
            Thread.sleep(50);
          }
          if (mode == 2 && towardsCollector && System.currentTimeMillis() >= misbehaveAt) {
            out.write(buf, 0, Math.max(1, n / 2)); // cut the frame in the middle
            out.flush();
            break;
          }
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException | InterruptedException e) {
        // one side closed
      }
      closeBoth();
    }

    private void closeBoth() {
      try {
        client.close();
      } catch (IOException ignored) {
        // already closed
      }
      try {
        upstream.close();
      } catch (IOException ignored) {
        // already closed
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
