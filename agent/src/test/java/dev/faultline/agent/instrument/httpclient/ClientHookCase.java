package dev.faultline.agent.instrument.httpclient;

import dev.faultline.agent.bootstrap.TraceContext;
import dev.faultline.agent.instrument.LibraryGuard;
import dev.faultline.agent.instrument.record.IntervalRecorder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiPredicate;
import javax.net.ssl.SSLSession;

/**
 * One outbound {@code HttpClient} call as the hook sees it, for {@code HookCpuProbe}: enter, the propagation
 * view, what the JDK client then does with the request (copy its headers, read its fields), a response whose
 * {@code x-faultline-service} value is a new String (as one parsed from the wire is), the future's completion.
 * Built only from the API the tracer had before and after a change, so the probe can load it against either.
 */
public final class ClientHookCase {

  private static final BiPredicate<String, String> ALL = (name, value) -> true;
  private static final byte[] BACK = "back".getBytes(StandardCharsets.ISO_8859_1);

  private static long sink;

  private ClientHookCase() {}

  /** With the agent: the tracer around the call. */
  public static Runnable traced() {
    IntervalRecorder recorder = new IntervalRecorder("front", 100, 100, 200, 0);
    HttpClientTracer tracer = new HttpClientTracer(recorder, new LibraryGuard("httpclient"), "front");
    HttpRequest request = request();
    TraceContext.attach(new TraceContext(0x4bf92f3577b34da6L, 0xa3ce929d0e0e4736L, null)); // inside a request
    return () -> {
      Object scope = tracer.enter(request);
      HttpRequest sent = (HttpRequest) tracer.request(scope, request);
      consume(sent);
      CompletableFuture<Object> future = new CompletableFuture<>();
      tracer.exit(scope, future, null);
      future.complete(response(sent));
    };
  }

  /** Without the agent: the same steps with no tracer. */
  public static Runnable bare() {
    HttpRequest request = request();
    return () -> {
      consume(request);
      CompletableFuture<Object> future = new CompletableFuture<>();
      future.complete(response(request));
    };
  }

  private static HttpRequest request() {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080/items/42"))
        .timeout(Duration.ofSeconds(5)).header("Accept", "text/plain").build();
  }

  /** What {@code HttpRequestImpl(HttpRequest, ProxySelector)} reads from the application's request. */
  private static void consume(HttpRequest request) {
    HttpHeaders copied = HttpHeaders.of(request.headers().map(), ALL);
    sink += copied.map().size() + request.method().length() + request.uri().getPort()
        + (request.timeout().isPresent() ? 1 : 0) + (request.bodyPublisher().isPresent() ? 1 : 0)
        + (request.expectContinue() ? 1 : 0) + (request.version().isPresent() ? 1 : 0);
  }

  private static HttpResponse<String> response(HttpRequest request) {
    HttpHeaders headers = HttpHeaders.of(Map.of("content-length", List.of("2"),
        "x-faultline-service", List.of(new String(BACK, StandardCharsets.ISO_8859_1))), ALL);
    return new StubResponse(request, headers);
  }

  /** The sink, so the JIT keeps the work. */
  public static long sink() {
    return sink;
  }

  private static final class StubResponse implements HttpResponse<String> {
    private final HttpRequest request;
    private final HttpHeaders headers;

    StubResponse(HttpRequest request, HttpHeaders headers) {
      this.request = request;
      this.headers = headers;
    }

    @Override
    public int statusCode() {
      return 200;
    }

    @Override
    public HttpRequest request() {
      return request;
    }

    @Override
    public Optional<HttpResponse<String>> previousResponse() {
      return Optional.empty();
    }

    @Override
    public HttpHeaders headers() {
      return headers;
    }

    @Override
    public String body() {
      return "ok";
    }

    @Override
    public Optional<SSLSession> sslSession() {
      return Optional.empty();
    }

    @Override
    public URI uri() {
      return request.uri();
    }

    @Override
    public HttpClient.Version version() {
      return HttpClient.Version.HTTP_1_1;
    }
  }
}
