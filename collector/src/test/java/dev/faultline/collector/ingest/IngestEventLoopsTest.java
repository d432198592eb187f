package dev.faultline.collector.ingest;

import static dev.faultline.collector.testing.TestFrames.batch;
import static dev.faultline.collector.testing.TestFrames.definitions;
import static dev.faultline.collector.testing.TestFrames.hello;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.collector.config.Endpoint;
import dev.faultline.collector.testing.TestAgent;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class IngestEventLoopsTest {

  @Test
  void connectionsAreSpreadOverOneEventLoopPerCore() throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    assertEquals(cores, IngestServer.ioThreads());
    Set<String> storingThreads = ConcurrentHashMap.newKeySet();
    IngestContext context = new IngestContext(1 << 20, 5000, 100,
        b -> storingThreads.add(Thread.currentThread().getName()), new AgentLedger(), new IngestStats(),
        System::currentTimeMillis);
    IngestServer server = new IngestServer(context, 60_000);
    List<TestAgent> agents = new ArrayList<>();
    try {
      InetSocketAddress address = server.start(new Endpoint("127.0.0.1", 0));
      for (int i = 0; i < 3 * cores; i++) { // Netty hands new connections to its loops in turn
        TestAgent agent = TestAgent.connect(address);
        agents.add(agent);
        assertTrue(agent.handshake(hello("loops-" + i, "svc", "svc-" + i, "web-1")).getHelloReply().getAccepted());
        agent.send(definitions("m"));
        agent.send(batch(1, System.currentTimeMillis(), new int[] {0}, new double[] {i}));
        assertEquals(1, agent.read().getAck().getSequence());
      }
      assertEquals(cores, storingThreads.size(), "batches were stored on " + storingThreads);
      assertTrue(storingThreads.stream().allMatch(t -> t.startsWith("faultline-ingest-")), storingThreads::toString);
    } finally {
      for (TestAgent agent : agents) {
        agent.close();
      }
      server.close();
    }
  }
}
