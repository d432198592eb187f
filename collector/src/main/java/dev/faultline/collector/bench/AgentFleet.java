package dev.faultline.collector.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The simulated agents of the load test, in whatever JVM runs them ({@link LoadAgents}, the child process of
 * {@code bench --load}): each its own TCP connection sending a paced batch per interval.
 *
 * <pre>{@code
 * try (AgentFleet fleet = new AgentFleet(1000, 100, 1000)) {
 *   int connected = fleet.connect(collectorIngest, System.err::println);
 *   ... // the load runs
 *   fleet.stopAndDrain(30_000);
 *   long sent = fleet.sent(), acked = fleet.acked();
 * }
 * }</pre>
 */
final class AgentFleet implements AutoCloseable {

  /** Connections whose handshakes are awaited before the next ones are opened. */
  static final int WAVE = 100;
  /** Longest wait for one wave's handshakes. */
  static final int WAVE_SECONDS = 60;

  private final int agents;
  private final int seriesPerAgent;
  private final long intervalMillis;
  /** Two event loops: enough for a thousand paced connections, few enough to leave the collector its cores. */
  private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  private final List<PacedConnection> connections = new ArrayList<>();

  AgentFleet(int agents, int seriesPerAgent, long intervalMillis) {
    this.agents = agents;
    this.seriesPerAgent = seriesPerAgent;
    this.intervalMillis = intervalMillis;
  }

  /**
   * Opens every connection and waits for the handshakes; returns how many succeeded, reporting each failure to
   * {@code failures}. Connects in waves of {@value #WAVE}, each wave once the previous one has shaken hands (up to
   * {@value #WAVE_SECONDS} s per wave), so that on a busy machine a thousand simultaneous hellos do not outlast the
   * collector's handshake timeout.
   */
  int connect(InetSocketAddress ingest, java.util.function.Consumer<String> failures) {
    BatchFrameTemplate template = new BatchFrameTemplate(seriesPerAgent, 42);
    int connected = 0;
    for (int wave = 0; wave < agents; wave += WAVE) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAVE_SECONDS);
      List<PacedConnection> opened = new ArrayList<>();
      for (int i = wave; i < Math.min(agents, wave + WAVE); i++) {
        opened.add(open(ingest, new PacedConnection(new BenchAgent(i, seriesPerAgent), template, intervalMillis)));
      }
      for (PacedConnection agent : opened) {
        try {
          agent.handshake.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          connected++;
        } catch (java.util.concurrent.TimeoutException e) {
          failures.accept("agent failed to connect: no handshake reply within " + WAVE_SECONDS + " s");
        } catch (Exception e) {
          failures.accept("agent failed to connect: " + e.getMessage());
        }
      }
    }
    return connected;
  }

  private PacedConnection open(InetSocketAddress ingest, PacedConnection agent) {
    connections.add(agent);
    new Bootstrap().group(loops).channel(NioSocketChannel.class).option(ChannelOption.TCP_NODELAY, true)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(1 << 20, 0, 4, 0, 4), agent);
          }
        }).connect(ingest);
    return agent;
  }

  /** Stops sending and waits up to {@code drainMillis} for every batch sent to be acknowledged. */
  void stopAndDrain(long drainMillis) throws InterruptedException {
    connections.forEach(PacedConnection::stopSending);
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(drainMillis);
    while (System.nanoTime() < end
        && connections.stream().anyMatch(a -> a.acked() < a.sent() && a.failure() == null)) {
      Thread.sleep(100);
    }
  }

  long sent() {
    return connections.stream().mapToLong(PacedConnection::sent).sum();
  }

  long acked() {
    return connections.stream().mapToLong(PacedConnection::acked).sum();
  }

  @Override
  public void close() {
    loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
