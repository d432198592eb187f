package dev.faultline.agent.instrument.httpclient;

import dev.faultline.agent.bootstrap.TraceContext;
import dev.faultline.agent.instrument.Propagation;
import java.net.http.HttpRequest;
import java.util.List;

/** The two ways of adding the propagation headers, for {@code RequestPathCpuProbe}. */
public final class PropagationCases {

  private PropagationCases() {}

  /** What the agent does now: a {@link PropagatingRequest} view. */
  public static HttpRequest view(HttpRequest request, String service, TraceContext context) {
    return HttpClientScope.withPropagation(request, List.of(service), context);
  }

  /** What it did before (main at e3c69a9): a rebuilt copy of the whole request. */
  public static HttpRequest rebuiltCopy(HttpRequest request, String service, TraceContext context) {
    HttpRequest.Builder copy = HttpRequest.newBuilder(request, (name, value) -> true)
        .setHeader(Propagation.CALLER_HEADER, service);
    if (request.headers().firstValue(Propagation.TRACEPARENT).isEmpty()) {
      copy.setHeader(Propagation.TRACEPARENT, Propagation.traceparent(context));
    }
    return copy.build();
  }
}
