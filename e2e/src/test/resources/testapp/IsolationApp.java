import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.Version;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A tiny application with its own (older) Netty and protobuf, run under the Faultline agent by
 * AgentIsolationTest. It prints where its libraries come from and proves they work.
 */
public class IsolationApp {

  public static void main(String[] args) throws Exception {
    Version.identify().forEach((artifact, v) -> System.out.println("netty-artifact=" + artifact + ":" + v.artifactVersion()));
    System.out.println("netty-version=" + Version.identify().get("netty-common").artifactVersion());
    System.out.println("netty-location=" + Channel.class.getProtectionDomain().getCodeSource().getLocation());
    System.out.println("protobuf-location=" + Struct.class.getProtectionDomain().getCodeSource().getLocation());
    System.out.println("protobuf-has-runtime-version=" + present("com.google.protobuf.RuntimeVersion"));

    Struct s = Struct.newBuilder().putFields("k", Value.newBuilder().setStringValue("v").build()).build();
    System.out.println("protobuf-roundtrip=" + Struct.parseFrom(s.toByteArray()).getFieldsOrThrow("k").getStringValue());
    System.out.println("netty-roundtrip=" + echo("ping"));
    waitForStop(Long.parseLong(args[0]));
    System.out.println("app-done");
  }

  private static boolean present(String name) {
    try {
      Class.forName(name);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static String echo(String text) throws Exception {
    EventLoopGroup group = new NioEventLoopGroup(1);
    try {
      Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                  ctx.writeAndFlush(msg);
                }
              });
            }
          }).bind("127.0.0.1", 0).sync().channel();
      CompletableFuture<String> reply = new CompletableFuture<>();
      Channel client = new Bootstrap().group(group).channel(NioSocketChannel.class)
          .handler(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
              ByteBuf buf = (ByteBuf) msg;
              reply.complete(buf.toString(StandardCharsets.UTF_8));
              buf.release();
            }
          }).connect((InetSocketAddress) server.localAddress()).sync().channel();
      client.writeAndFlush(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
      String answer = reply.get(10, TimeUnit.SECONDS);
      client.close().sync();
      server.close().sync();
      return answer;
    } finally {
      group.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS).sync();
    }
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
