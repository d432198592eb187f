package dev.faultline.collector.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A few seconds of the load test ({@code faultline bench --load}, whose full run is in BENCHMARKS.md): paced agents
 * on loopback, queries alongside, and every acknowledged sample applied.
 */
@Timeout(90)
class LoadTestSmokeTest {

  @Test
  void pacedAgentsLoseNoAcknowledgedSampleWhileQueriesRun() throws Exception {
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text);
    LoadTest.Result r = new LoadTest(new LoadTest.Options(50, 20, 200, 4, 2, true), out).run();
    LoadTest.print(r, out);
    assertEquals(50, r.agentsConnected(), text.toString());
    assertTrue(r.batchesSent() >= 50 * 10, text.toString()); // 4 s at 5 batches/s, less the random start offsets
    assertEquals(r.batchesSent(), r.batchesAcked(), text.toString());
    assertEquals(0, r.samplesLost(), text.toString());
    assertEquals(r.samplesAcked(), r.samplesApplied(), "nothing applied that was not acknowledged either");
    assertTrue(r.queries() > 0 && r.queryErrors() == 0, text.toString());
    assertFalse(r.heapAfterGc().isEmpty());
    assertEquals("{}", r.rejections());
  }

  @Test
  void generatorChildThatHangsIsEndedByItsPid() throws Exception {
    long pid;
    // a listening socket nobody accepts from: the child's connections open but their handshakes never complete
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      LoadAgentsProcess child = LoadAgentsProcess.start(silent.getLocalPort(), 3, 2, 1000);
      pid = child.pid();
      assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "child running");
      child.close();
    }
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "child ended");
  }
}
