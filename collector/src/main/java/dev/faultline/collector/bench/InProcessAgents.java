package dev.faultline.collector.bench;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The end-to-end load generator on event loops of this JVM (one per two cores, as before): cheap to start, but its
 * CPU competes with the collector's. Its CPU is the sum of its loop threads' CPU time (user and system: on loopback
 * the kernel's send path, and often the receive path's soft interrupt too, run on the sender's thread).
 */
final class InProcessAgents implements StreamingAgents {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final int connections;
  private final int seriesPerBatch;
  private final BatchFrameTemplate template;
  private final List<Thread> loopThreads = new CopyOnWriteArrayList<>();
  private final EventLoopGroup clients;
  private final List<BenchConnection> open = new ArrayList<>();
  private final List<Channel> channels = new ArrayList<>();

  InProcessAgents(int connections, int seriesPerBatch, BatchFrameTemplate template) {
    this.connections = connections;
    this.seriesPerBatch = seriesPerBatch;
    this.template = template;
    this.clients = new MultiThreadIoEventLoopGroup(Math.max(1, Runtime.getRuntime().availableProcessors() / 2),
        runnable -> {
          Thread t = new FastThreadLocalThread(runnable, PhaseProbe.AGENT_THREAD_PREFIX + loopThreads.size());
          t.setDaemon(true);
          loopThreads.add(t);
          return t;
        }, NioIoHandler.newFactory());
  }

  @Override
  public void connect(InetSocketAddress ingest) throws Exception {
    AtomicLong clock = new AtomicLong(System.currentTimeMillis() - 1_800_000);
    int window = IngestBenchmark.agentWindow(template.frameBytes());
    for (int i = 0; i < connections; i++) {
      BenchConnection conn = new BenchConnection(new BenchAgent(i, seriesPerBatch), template, window,
          clock::incrementAndGet);
      open.add(conn);
      channels.add(conn.connect(clients, ingest));
    }
    for (BenchConnection c : open) {
      c.handshake.get(IngestBenchmark.BENCH_HANDSHAKE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  @Override
  public void stop() {
    open.forEach(BenchConnection::stop);
    for (Channel c : channels) {
      c.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
    open.clear();
    channels.clear();
  }

  @Override
  public long cpuNanos() {
    long sum = 0;
    for (Thread t : loopThreads) {
      long ns = THREADS.getThreadCpuTime(t.getId());
      sum += Math.max(0, ns); // -1 once a thread has ended: its time is lost, but loops live as long as this object
    }
    return sum;
  }

  @Override
  public String where() {
    return "in the collector's JVM";
  }

  @Override
  public void close() {
    stop();
    clients.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
