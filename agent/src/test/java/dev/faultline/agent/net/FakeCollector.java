package dev.faultline.agent.net;

import dev.faultline.common.Protocol;
import dev.faultline.proto.v1.Ack;
import dev.faultline.proto.v1.ClientFrame;
import dev.faultline.proto.v1.HelloReply;
import dev.faultline.proto.v1.Rejection;
import dev.faultline.proto.v1.RejectionCause;
import dev.faultline.proto.v1.ServerFrame;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A collector stand-in on 127.0.0.1 built on plain blocking sockets, so it shares no code with the client under
 * test. Records every frame per connection and answers as told: accept or refuse, last_sequence, auto-ack, or
 * garbage instead of a HelloReply, silence, or an UNAVAILABLE rejection of the first batch.
 */
final class FakeCollector implements AutoCloseable {

  /** A frame as received, with the 1-based number of the connection it came on. */
  record Received(int connection, ClientFrame frame) {}

  final BlockingQueue<Received> frames = new LinkedBlockingQueue<>();
  final List<String> badMagic = new CopyOnWriteArrayList<>();
  volatile boolean autoAck = true;
  volatile long lastSequence;
  volatile int maxFrameBytes = Protocol.DEFAULT_MAX_FRAME_BYTES;
  /** Connections up to this number are refused with {@link #refuseReason}. */
  volatile int refuseConnectionsUpTo;
  volatile String refuseReason = "go away";
  /** Connections up to this number get these bytes instead of a HelloReply. */
  volatile int garbageConnectionsUpTo;
  /** Connections up to this number get no answer at all (a hung collector). */
  volatile int silentConnectionsUpTo;
  /** Connections up to this number are accepted, then rejected with UNAVAILABLE on their first batch. */
  volatile int unavailableConnectionsUpTo;
  volatile byte[] garbage = {0, 0, 0, 5, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};

  private final ServerSocket server;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  /** {@link System#nanoTime()} of every accepted connection, in order. */
  final List<Long> acceptedAtNanos = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  FakeCollector(int port) throws IOException {
    server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::acceptLoop, "fake-collector-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  int connections() {
    return connections.get();
  }

  /** The next frame, failing the test after the timeout. */
  Received next(long timeoutMillis) throws InterruptedException {
    Received r = frames.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    if (r == null) {
      throw new AssertionError("no frame within " + timeoutMillis + " ms");
    }
    return r;
  }

  /** Closes every open connection, as a crashing collector would. */
  void dropConnections() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
    sockets.clear();
  }

  @Override
  public void close() throws IOException {
    server.close();
    dropConnections();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        acceptedAtNanos.add(System.nanoTime());
        sockets.add(s);
        int n = connections.incrementAndGet();
        Thread t = new Thread(() -> serve(s, n), "fake-collector-conn-" + n);
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket, int connection) {
    try (socket) {
      DataInputStream in = new DataInputStream(socket.getInputStream());
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      byte[] magic = in.readNBytes(4);
      if (!Arrays.equals(magic, Protocol.MAGIC)) {
        badMagic.add(Arrays.toString(magic));
        return;
      }
      while (true) {
        int length = in.readInt();
        ClientFrame frame = ClientFrame.parseFrom(in.readNBytes(length));
        frames.add(new Received(connection, frame));
        answer(frame, connection, out);
      }
    } catch (IOException e) {
      // Connection over.
    }
  }

  private void answer(ClientFrame frame, int connection, DataOutputStream out) throws IOException {
    if (connection <= silentConnectionsUpTo) {
      return;
    }
    if (frame.hasBatch() && connection <= unavailableConnectionsUpTo) {
      send(out, ServerFrame.newBuilder().setRejection(Rejection.newBuilder()
          .setCause(RejectionCause.REJECTION_CAUSE_UNAVAILABLE).setMessage("disk full")).build());
      throw new IOException("rejected");
    }
    if (frame.hasHello()) {
      if (connection <= garbageConnectionsUpTo) {
        out.write(garbage);
        out.flush();
        return;
      }
      boolean accept = connection > refuseConnectionsUpTo;
      send(out, ServerFrame.newBuilder().setHelloReply(HelloReply.newBuilder()
          .setAccepted(accept)
          .setReason(accept ? "" : refuseReason)
          .setProtocolVersion(Protocol.VERSION)
          .setLastSequence(lastSequence)
          .setMaxFrameBytes(maxFrameBytes)).build());
      if (!accept) {
        throw new IOException("refused");
      }
    } else if (frame.hasBatch() && autoAck) {
      send(out, ServerFrame.newBuilder().setAck(Ack.newBuilder().setSequence(frame.getBatch().getSequence())).build());
    }
  }

  private static void send(DataOutputStream out, ServerFrame frame) throws IOException {
    byte[] bytes = frame.toByteArray();
    out.writeInt(bytes.length);
    out.write(bytes);
    out.flush();
  }
}
