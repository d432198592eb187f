package dev.faultline.e2e;

import dev.faultline.common.Protocol;
import dev.faultline.proto.v1.Ack;
import dev.faultline.proto.v1.ClientFrame;
import dev.faultline.proto.v1.HelloReply;
import dev.faultline.proto.v1.ServerFrame;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** A minimal collector on 127.0.0.1 that accepts every agent, acks every batch and records every frame. */
final class HelloRecorder implements AutoCloseable {

  final BlockingQueue<ClientFrame> frames = new LinkedBlockingQueue<>();
  private final ServerSocket server;

  HelloRecorder() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::acceptLoop, "hello-recorder");
    t.setDaemon(true);
    t.start();
  }

  int port() {
    return server.getLocalPort();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread t = new Thread(() -> serve(s), "hello-recorder-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      DataInputStream in = new DataInputStream(socket.getInputStream());
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      if (!Arrays.equals(in.readNBytes(4), Protocol.MAGIC)) {
        return;
      }
      while (true) {
        ClientFrame frame = ClientFrame.parseFrom(in.readNBytes(in.readInt()));
        frames.add(frame);
        ServerFrame reply = null;
        if (frame.hasHello()) {
          reply = ServerFrame.newBuilder().setHelloReply(HelloReply.newBuilder().setAccepted(true)
              .setProtocolVersion(Protocol.VERSION).setMaxFrameBytes(Protocol.DEFAULT_MAX_FRAME_BYTES)).build();
        } else if (frame.hasBatch()) {
          reply = ServerFrame.newBuilder().setAck(Ack.newBuilder().setSequence(frame.getBatch().getSequence())).build();
        }
        if (reply != null) {
          byte[] bytes = reply.toByteArray();
          out.writeInt(bytes.length);
          out.write(bytes);
          out.flush();
        }
      }
    } catch (IOException e) {
      // Agent went away.
    }
  }
}
