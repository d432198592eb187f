package dev.faultline.collector.testing;

import dev.faultline.common.Protocol;
import dev.faultline.proto.v1.ClientFrame;
import dev.faultline.proto.v1.ServerFrame;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A blocking test client of the ingest port.
 *
 * <pre>{@code
 * try (TestAgent agent = TestAgent.connect(address)) {
 *   agent.handshake(TestFrames.hello("a1", "checkout", "c-1", "web-1"));
 *   agent.send(TestFrames.definitions("jvm_threads_live"));
 *   agent.send(TestFrames.batch(1, now, new int[] {0}, new double[] {12}));
 *   assertEquals(1, agent.read().getAck().getSequence());
 * }
 * }</pre>
 */
public final class TestAgent implements AutoCloseable {

  private final Socket socket;
  private final OutputStream out;
  private final DataInputStream in;

  private TestAgent(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = new DataInputStream(socket.getInputStream());
  }

  public static TestAgent connect(InetSocketAddress address) throws IOException {
    Socket s = new Socket();
    s.connect(address, 5000);
    s.setSoTimeout(5000);
    s.setTcpNoDelay(true);
    return new TestAgent(s);
  }

  /** Connects over TLS with {@code tls} (see {@code TestPki.clientContext}); the TLS handshake runs at once. */
  public static TestAgent connectTls(InetSocketAddress address, javax.net.ssl.SSLContext tls) throws IOException {
    Socket plain = new Socket();
    plain.connect(address, 5000);
    javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) tls.getSocketFactory()
        .createSocket(plain, address.getHostString(), address.getPort(), true);
    s.setSoTimeout(5000);
    s.setTcpNoDelay(true);
    s.startHandshake();
    return new TestAgent(s);
  }

  /** Sends magic and Hello and returns the reply. */
  public ServerFrame handshake(dev.faultline.proto.v1.Hello hello) throws IOException {
    write(Protocol.MAGIC);
    send(TestFrames.helloFrame(hello));
    return read();
  }

  public void send(ClientFrame frame) throws IOException {
    write(TestFrames.framed(frame));
  }

  public void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Reads one server frame (5 s timeout). */
  public ServerFrame read() throws IOException {
    int length = in.readInt();
    byte[] payload = new byte[length];
    in.readFully(payload);
    return ServerFrame.parseFrom(payload);
  }

  /** True when the collector closed the connection (end of stream within 5 s). */
  public boolean closedByPeer() throws IOException {
    try {
      while (in.read() >= 0) {
        // drain until end of stream
      }
      return true;
    } catch (EOFException e) {
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // connection reset also means closed
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
