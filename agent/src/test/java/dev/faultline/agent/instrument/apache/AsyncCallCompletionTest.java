package dev.faultline.agent.instrument.apache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.agent.instrument.LibraryGuard;
import dev.faultline.agent.instrument.record.EdgeSnapshot;
import dev.faultline.agent.instrument.record.ExceptionSnapshot;
import dev.faultline.agent.instrument.record.IntervalRecorder;
import dev.faultline.agent.instrument.record.IntervalReport;
import java.lang.reflect.Proxy;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The callback proxy of an Apache HttpClient 5 async call, on a stand-in for {@code FutureCallback} (same method
 * names; the library itself runs in {@code HttpClientLibrariesEndToEndTest}): records once, at the end, then runs
 * the application's callback unchanged.
 */
class AsyncCallCompletionTest {

  /** The shape of {@code org.apache.hc.core5.concurrent.FutureCallback}. */
  public interface Callback {
    void completed(Object result);

    void failed(Exception e);

    void cancelled();
  }

  private final IntervalRecorder recorder = new IntervalRecorder("shop", 10, 10, 10, 0);
  private final LibraryGuard guard = new LibraryGuard("apacheasyncclient");
  private final List<String> seen = new ArrayList<>();
  private final Callback application = new Callback() {
    @Override
    public void completed(Object result) {
      seen.add("completed " + result);
    }

    @Override
    public void failed(Exception e) {
      seen.add("failed " + e.getClass().getSimpleName());
    }

    @Override
    public void cancelled() {
      seen.add("cancelled");
    }
  };

  private Callback proxy(Object delegate, long startNanos) {
    AsyncCallCompletion completion =
        new AsyncCallCompletion(recorder, "shop", guard, ApacheApi.V5, delegate, "payments:8080", startNanos);
    return (Callback) Proxy.newProxyInstance(Callback.class.getClassLoader(), new Class<?>[] {Callback.class},
        completion);
  }

  private EdgeSnapshot onlyEdge(IntervalReport report) {
    assertEquals(1, report.edges().size(), report.edges().toString());
    return report.edges().get(0);
  }

  @Test
  void completionIsTimedFromSubmitAndRecordedOnceThenTheApplicationCallbackRuns() {
    Callback callback = proxy(application, System.nanoTime() - 50_000_000L);

    callback.completed("body"); // not a response: a call without status, not an error
    callback.completed("again");

    EdgeSnapshot edge = onlyEdge(recorder.drain(1_000));
    assertEquals("payments:8080", edge.callee());
    assertEquals(1, edge.calls());
    assertEquals(0, edge.errors());
    assertTrue(edge.latency().sumNanos() >= 50_000_000L, "timed from the submit: " + edge.latency().sumNanos());
    assertEquals(List.of("completed body", "completed again"), seen);
  }

  @Test
  void aFailureIsAnErrorWithItsExceptionCounted() {
    Callback callback = proxy(application, System.nanoTime());

    callback.failed(new ConnectException("refused"));

    IntervalReport report = recorder.drain(1_000);
    assertEquals(1, onlyEdge(report).errors());
    assertTrue(report.exceptions().contains(new ExceptionSnapshot("java.net.ConnectException", "payments:8080", 1)),
        report.exceptions().toString());
    assertEquals(List.of("failed ConnectException"), seen);
  }

  @Test
  void aCancelledCallIsCountedNotAnError() {
    proxy(application, System.nanoTime()).cancelled();

    EdgeSnapshot edge = onlyEdge(recorder.drain(1_000));
    assertEquals(1, edge.calls());
    assertEquals(0, edge.errors());
    assertEquals(List.of("cancelled"), seen);
  }

  @Test
  void withoutAnApplicationCallbackTheCallIsStillRecorded() {
    proxy(null, System.nanoTime()).failed(new ConnectException("refused"));

    assertEquals(1, onlyEdge(recorder.drain(1_000)).errors());
  }

  @Test
  void theApplicationCallbacksExceptionReachesTheLibraryUnchanged() {
    IllegalStateException boom = new IllegalStateException("application bug");
    Callback throwing = proxy(new Callback() {
      @Override
      public void completed(Object result) {
        throw boom;
      }

      @Override
      public void failed(Exception e) {}

      @Override
      public void cancelled() {}
    }, System.nanoTime());

    assertSame(boom, assertThrows(IllegalStateException.class, () -> throwing.completed("x")));
    assertEquals(1, onlyEdge(recorder.drain(1_000)).calls());
  }
}
