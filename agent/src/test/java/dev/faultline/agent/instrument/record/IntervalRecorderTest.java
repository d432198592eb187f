package dev.faultline.agent.instrument.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class IntervalRecorderTest {

  private final IntervalRecorder recorder = new IntervalRecorder("shop", 3, 2, 2, 1_000);

  @Test
  void drainReportsOnlyTheIntervalSinceThePreviousDrain() {
    EndpointStats users = recorder.endpoint("GET", "/users/1");
    users.record(2_000_000, false);
    users.record(4_000_000, true);
    IntervalReport first = recorder.drain(11_000);
    users.record(8_000_000, false);
    IntervalReport second = recorder.drain(21_000);
    IntervalReport third = recorder.drain(31_000);

    EndpointSnapshot one = first.endpoints().get(0);
    assertEquals("GET /users/{id}", one.name());
    assertEquals(2, one.requests());
    assertEquals(1, one.errors());
    assertEquals(6_000_000, one.latency().sumNanos());
    assertEquals(1_000, first.startMillis());
    assertEquals(10.0, first.intervalSeconds());
    assertEquals(1, second.endpoints().get(0).requests());
    assertEquals(11_000, second.startMillis());
    assertTrue(third.endpoints().isEmpty(), "idle endpoints are left out");
  }

  @Test
  void percentilesAreWithinOnePercent() {
    EndpointStats endpoint = recorder.endpoint("GET", "/p");
    for (int i = 1; i <= 1000; i++) {
      endpoint.record(i * 1_000_000L, false); // 1 ms .. 1 s
    }
    LatencySnapshot latency = recorder.drain(2_000).endpoints().get(0).latency();

    assertEquals(500e6, latency.valueAtPercentileNanos(50), 500e6 * 0.01);
    assertEquals(990e6, latency.valueAtPercentileNanos(99), 990e6 * 0.01);
  }

  @Test
  void eachIntervalsPercentilesComeFromThatIntervalOnly() {
    EndpointStats endpoint = recorder.endpoint("GET", "/p");
    for (int i = 1; i <= 1000; i++) {
      endpoint.record(i * 1_000_000L, false); // 1 ms .. 1 s
    }
    recorder.drain(2_000);
    for (int i = 1; i <= 100; i++) {
      endpoint.record(2_000_000_000L + i * 10_000_000L, i % 2 == 0); // 2.01 s .. 3 s
    }
    LatencySnapshot second = recorder.drain(3_000).endpoints().get(0).latency();

    assertEquals(100, second.calls());
    assertEquals(100, second.histogramCount());
    assertEquals(50, second.errors());
    assertEquals(2.5e9, second.valueAtPercentileNanos(50), 2.5e9 * 0.01);
    assertEquals(2.99e9, second.valueAtPercentileNanos(99), 2.99e9 * 0.01);
  }

  @Test
  void sameFoldedRouteResolvesToTheSameStats() {
    assertSame(recorder.endpoint("GET", "/users/1"), recorder.endpoint("GET", "/users/987654"));
  }

  @Test
  void endpointsBeyondTheCapGoToOther() {
    for (String path : new String[] {"/a", "/b", "/c", "/d", "/e"}) {
      recorder.endpoint("GET", path).record(1_000_000, false);
    }
    List<String> names = recorder.drain(2_000).endpoints().stream().map(EndpointSnapshot::name)
        .collect(Collectors.toList());

    assertEquals(List.of("GET /a", "GET /b", "GET /c", "OTHER"), names.stream().sorted().collect(Collectors.toList()));
    assertTrue(recorder.drain(3_000).endpoints().isEmpty(), "nothing new in the next interval");
  }

  @Test
  void edgesBeyondTheCapGoToOther() {
    recorder.edge("shop", "a:80", PeerKind.EXTERNAL, EdgeSide.CALLER, "").record(1_000, false);
    recorder.edge("shop", "b:80", PeerKind.EXTERNAL, EdgeSide.CALLER, "").record(1_000, false);
    recorder.edge("shop", "c:80", PeerKind.EXTERNAL, EdgeSide.CALLER, "").record(1_000, true);

    List<EdgeSnapshot> edges = recorder.drain(2_000).edges();
    EdgeSnapshot other = edges.stream().filter(e -> e.callee().equals("OTHER")).findFirst().orElseThrow();
    assertEquals(3, edges.size());
    assertEquals(1, other.errors());
  }

  @Test
  void exceptionsAreCountedByTypeAndSourceUpToTheCap() {
    recorder.exception(new IllegalStateException(), "GET /a");
    recorder.exception(new IllegalStateException(), "GET /a");
    recorder.exception(new IllegalArgumentException(), "GET /a");
    recorder.exception(new NullPointerException(), "GET /b");

    List<ExceptionSnapshot> exceptions = recorder.drain(2_000).exceptions();
    assertTrue(exceptions.contains(new ExceptionSnapshot("java.lang.IllegalStateException", "GET /a", 2)));
    assertTrue(exceptions.contains(new ExceptionSnapshot("OTHER", "", 1)));
  }

  @Test
  void rejectsNonPositiveCaps() {
    assertThrows(IllegalArgumentException.class, () -> new IntervalRecorder("s", 0, 1, 1, 0));
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void concurrentRecordingLosesNothingAcrossDrains() throws Exception {
    int threads = 4;
    int perThread = 50_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      for (int t = 0; t < threads; t++) {
        pool.execute(() -> {
          try {
            start.await();
          } catch (InterruptedException e) {
            return;
          }
          for (int i = 0; i < perThread; i++) {
            recorder.endpoint("GET", "/users/" + (i % 10)).record(1_000 + i, i % 10 == 0);
          }
        });
      }
      start.countDown();
      long requests = 0;
      long errors = 0;
      long histogram = 0;
      pool.shutdown();
      while (!pool.awaitTermination(1, TimeUnit.MILLISECONDS)) {
        for (EndpointSnapshot e : recorder.drain(System.currentTimeMillis()).endpoints()) {
          assertTrue(e.errors() <= e.requests(), "an interval never reports more errors than calls");
          requests += e.requests();
          errors += e.errors();
          histogram += e.latency().histogramCount();
        }
      }
      for (EndpointSnapshot e : recorder.drain(System.currentTimeMillis()).endpoints()) {
        requests += e.requests();
        errors += e.errors();
        histogram += e.latency().histogramCount();
      }
      assertEquals((long) threads * perThread, requests);
      assertEquals((long) threads * perThread / 10, errors);
      assertEquals((long) threads * perThread, histogram);
    } finally {
      pool.shutdownNow();
    }
  }
}
