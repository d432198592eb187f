package dev.faultline.agent.instrument.httpclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.agent.bootstrap.TraceContext;
import dev.faultline.agent.instrument.LibraryGuard;
import dev.faultline.agent.instrument.record.EdgeSide;
import dev.faultline.agent.instrument.record.EdgeSnapshot;
import dev.faultline.agent.instrument.record.IntervalRecorder;
import dev.faultline.agent.instrument.record.PeerKind;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The propagation view's headers and the remembered callee edge, without a client. */
class PropagatingRequestTest {

  private static final TraceContext CONTEXT = new TraceContext(0x4bf92f3577b34da6L, 0xa3ce929d0e0e4736L, null);

  @Test
  void addsBothHeadersAndKeepsTheApplicationsOthers() {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:1/a"))
        .header("Accept", "text/plain").header("X-Multi", "1").header("x-multi", "2").build();

    HttpHeaders headers = HttpClientScope.withPropagation(request, List.of("front"), CONTEXT).headers();

    assertEquals(List.of("text/plain"), headers.allValues("accept"));
    assertEquals(List.of("1", "2"), headers.allValues("X-MULTI"));
    assertEquals(List.of("front"), headers.allValues("x-faultline-caller"));
    String traceparent = headers.firstValue("traceparent").orElseThrow();
    assertTrue(traceparent.startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-"), traceparent);
    assertEquals(4, headers.map().size());
    // What the JDK client does with it: copy through HttpHeaders.of (which rejects duplicate names).
    assertEquals(headers, HttpHeaders.of(headers.map(), (n, v) -> true));
  }

  @Test
  void replacesTheApplicationsCallerWhateverItsCaseAndKeepsItsTraceparent() {
    String own = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:1/a"))
        .header("X-Faultline-Caller", "spoofed").header("TraceParent", own).build();

    HttpHeaders headers = HttpClientScope.withPropagation(request, List.of("front"), CONTEXT).headers();

    assertEquals(List.of("front"), headers.allValues("x-faultline-caller"));
    assertEquals(List.of(own), headers.allValues("traceparent"));
    assertEquals(2, headers.map().size());
  }

  @Test
  void aViewReadByOtherMeansShowsTheMergedEntries() {
    Map<String, List<String>> view = new HeadersWithExtras(Map.of("Accept", List.of("*/*"), "X-FAULTLINE-CALLER",
        List.of("old")), new String[] {"x-faultline-caller"}, new List[] {List.of("front")});

    Map<String, List<String>> seen = view.entrySet().stream()
        .collect(Collectors.toMap(e -> e.getKey().toLowerCase(), Map.Entry::getValue));

    assertEquals(Map.of("accept", List.of("*/*"), "x-faultline-caller", List.of("front")), seen);
    assertEquals(2, view.size());
  }

  @Test
  void aRepeatedCalleeReusesItsEdgeAndAnotherOneGetsItsOwn() {
    IntervalRecorder recorder = new IntervalRecorder("front", 10, 10, 10, 0);
    CalleeEdges edges = new CalleeEdges(recorder, "front");

    CalleeEdges.Last back = edges.named(new String("back"));
    assertSame(back, edges.named(new String("back")), "an equal name from the next response: no lookup");
    CalleeEdges.Last external = edges.external("example.org", 443);
    CalleeEdges.Last otherPort = edges.external("example.org", 80);
    CalleeEdges.Last backAgain = edges.named("back");
    CalleeEdges.Last hostNamedLikeService = edges.named("example.org");

    assertNotSame(back, backAgain);
    assertSame(back.edge, backAgain.edge, "the same edge from the table");
    assertEquals("example.org:443", external.callee);
    assertEquals("example.org:80", otherPort.callee);
    assertFalse(external.edge == otherPort.edge);
    assertFalse(hostNamedLikeService.edge == external.edge);
    back.edge.record(1_000, false);
    backAgain.edge.record(1_000, true);
    external.edge.record(1_000, false);
    hostNamedLikeService.edge.record(1_000, false);

    List<EdgeSnapshot> reported = recorder.drain(1_000).edges();
    EdgeSnapshot toBack = reported.stream().filter(e -> e.callee().equals("back")).findFirst().orElseThrow();
    assertEquals(2, toBack.calls());
    assertEquals(1, toBack.errors());
    assertEquals(PeerKind.SERVICE, toBack.kind());
    assertEquals(EdgeSide.CALLER, toBack.side());
    EdgeSnapshot toHost = reported.stream().filter(e -> e.callee().equals("example.org:443")).findFirst()
        .orElseThrow();
    assertEquals(PeerKind.EXTERNAL, toHost.kind());
    assertEquals(PeerKind.SERVICE, reported.stream().filter(e -> e.callee().equals("example.org")).findFirst()
        .orElseThrow().kind());
  }

  @Test
  void theTracerRecordsItsGuardFailuresNotTheApplications() {
    LibraryGuard guard = new LibraryGuard("httpclient");
    HttpClientTracer tracer = new HttpClientTracer(new IntervalRecorder("front", 10, 10, 10, 0), guard, "front");
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:1/a")).build();

    Object scope = tracer.enter(request);
    HttpRequest sent = (HttpRequest) tracer.request(scope, request);

    assertEquals(List.of("front"), sent.headers().allValues("x-faultline-caller"));
    assertEquals(0, guard.recordingFailures());
  }
}
