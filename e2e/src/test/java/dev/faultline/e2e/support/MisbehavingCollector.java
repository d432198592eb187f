package dev.faultline.e2e.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * A fake collector on 127.0.0.1 that misbehaves in one way, to show the agent survives it: {@link Mode#GARBAGE}
 * answers every connection with random bytes, {@link Mode#STALL} accepts and then never reads nor answers, and
 * {@link Mode#TLS} is a real JDK TLS server (self-signed key made with keytool) that the plain agent talks to.
 * Each connection gets a thread; all are closed with the server.
 */
public final class MisbehavingCollector implements AutoCloseable {

  public enum Mode { GARBAGE, STALL, TLS }

  private final ServerSocket server;
  private final Mode mode;
  private final List<Socket> accepted = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final Thread acceptor;

  private MisbehavingCollector(ServerSocket server, Mode mode) {
    this.server = server;
    this.mode = mode;
    this.acceptor = new Thread(this::acceptLoop, "misbehaving-" + mode);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** @param keyDir where the TLS mode writes its throwaway key store */
  public static MisbehavingCollector start(Mode mode, Path keyDir) throws Exception {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    ServerSocket server = mode == Mode.TLS
        ? tlsContext(keyDir).getServerSocketFactory().createServerSocket(0, 50, loopback)
        : new ServerSocket(0, 50, loopback);
    if (server instanceof SSLServerSocket tls) {
      tls.setNeedClientAuth(false);
    }
    return new MisbehavingCollector(server, mode);
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Connections the agent made so far (it retries with backoff). */
  public int connections() {
    return connections.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        accepted.add(s);
        connections.incrementAndGet();
        Thread t = new Thread(() -> serve(s), "misbehaving-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket s) {
    try {
      switch (mode) {
        case GARBAGE -> {
          Random random = new Random(s.getPort());
          byte[] junk = new byte[4096];
          for (int i = 0; i < 16 && !s.isClosed(); i++) {
            random.nextBytes(junk);
            s.getOutputStream().write(junk);
            s.getOutputStream().flush();
            drain(s.getInputStream());
            TimeUnit.MILLISECONDS.sleep(50);
          }
        }
        case STALL -> TimeUnit.MINUTES.sleep(5); // holds the connection, reads nothing, answers nothing
        case TLS -> {
          s.getInputStream().read(); // the TLS handshake fails on the agent's plain bytes; the JDK answers it
        }
      }
    } catch (IOException | InterruptedException e) {
      // the agent closed the connection, or the server stops
    } finally {
      try {
        s.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  private static void drain(InputStream in) throws IOException {
    while (in.available() > 0) {
      in.skip(in.available());
    }
  }

  private static SSLContext tlsContext(Path dir) throws Exception {
    Path store = dir.resolve("misbehaving.p12");
    Process keytool = new ProcessBuilder(Jvm.currentJavaHome().resolve("bin").resolve("keytool").toString(),
        "-genkeypair", "-alias", "collector", "-keyalg", "EC", "-dname", "CN=localhost", "-validity", "2",
        "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
        .redirectErrorStream(true).start();
    keytool.getInputStream().readAllBytes();
    if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0 || !Files.exists(store)) {
      throw new IllegalStateException("keytool could not make a test key");
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    return context;
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : accepted) {
      s.close();
    }
  }
}
