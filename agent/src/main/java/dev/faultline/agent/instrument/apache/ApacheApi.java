package dev.faultline.agent.instrument.apache;

import dev.faultline.agent.instrument.OutboundCall;
import dev.faultline.agent.instrument.Propagation;
import dev.faultline.agent.instrument.reflect.PublicMethod;
import java.net.URI;

/** The request, response and host methods the tracer calls, for Apache HttpClient 4 or 5 (not compiled against). */
abstract class ApacheApi {

  static final ApacheApi V4 = new V4();
  static final ApacheApi V5 = new V5();

  final PublicMethod setHeader;
  final PublicMethod containsHeader;
  final PublicMethod getFirstHeader;
  final PublicMethod headerValue;
  final PublicMethod getHostName;
  final PublicMethod getPort;
  final PublicMethod getSchemeName;

  ApacheApi(String core, String messageHeaders, String nameValue) {
    setHeader = PublicMethod.ofAnyParameters(core + "HttpMessage", "setHeader", 2);
    containsHeader = PublicMethod.of(messageHeaders, "containsHeader", String.class);
    getFirstHeader = PublicMethod.of(messageHeaders, "getFirstHeader", String.class);
    headerValue = PublicMethod.of(nameValue, "getValue");
    getHostName = PublicMethod.of(core + "HttpHost", "getHostName");
    getPort = PublicMethod.of(core + "HttpHost", "getPort");
    getSchemeName = PublicMethod.of(core + "HttpHost", "getSchemeName");
  }

  /** The flavour of {@code request}, or null. */
  static ApacheApi of(Object request) {
    if (V5.setHeader.available(request)) {
      return V5;
    }
    return V4.setHeader.available(request) ? V4 : null;
  }

  /** {@code host:port} of the target, or of the request's URI when the target is null; "unknown" without either. */
  String hostPort(Object target, Object request) throws Throwable {
    if (target != null) {
      return OutboundCall.hostPort((String) getHostName.invoke(target), getPort.invokeInt(target),
          (String) getSchemeName.invoke(target));
    }
    URI uri = uri(request);
    return uri == null || uri.getHost() == null ? "unknown"
        : OutboundCall.hostPort(uri.getHost(), uri.getPort(), uri.getScheme());
  }

  /** Sets the propagation headers on {@code request} in place, keeping an application's own {@code traceparent}. */
  void addPropagationHeaders(Object request, String service) throws Throwable {
    if (!(Boolean) containsHeader.invoke(request, Propagation.TRACEPARENT)) {
      setHeader.invoke(request, Propagation.TRACEPARENT, Propagation.traceparent(Propagation.outbound()));
    }
    setHeader.invoke(request, Propagation.CALLER_HEADER, service);
  }

  /** A response header's value, or null. */
  String header(Object message, String name) throws Throwable {
    Object header = getFirstHeader.invoke(message, name);
    return header == null ? null : (String) headerValue.invoke(header);
  }

  abstract URI uri(Object request) throws Throwable;

  abstract int status(Object response) throws Throwable;

  /** Whether {@code result} is an HTTP response of this flavour. */
  abstract boolean isResponse(Object result);

  /** HttpClient 4: {@code org.apache.http}. */
  private static final class V4 extends ApacheApi {
    private final PublicMethod getUri = PublicMethod.of("org.apache.http.client.methods.HttpUriRequest", "getURI");
    private final PublicMethod getStatusLine = PublicMethod.of("org.apache.http.HttpResponse", "getStatusLine");
    private final PublicMethod getStatusCode = PublicMethod.of("org.apache.http.StatusLine", "getStatusCode");

    V4() {
      super("org.apache.http.", "org.apache.http.HttpMessage", "org.apache.http.Header");
    }

    @Override
    URI uri(Object request) throws Throwable {
      return getUri.available(request) ? (URI) getUri.invoke(request) : null;
    }

    @Override
    int status(Object response) throws Throwable {
      return getStatusCode.invokeInt(getStatusLine.invoke(response));
    }

    @Override
    boolean isResponse(Object result) {
      return getStatusLine.available(result);
    }
  }

  /** HttpClient 5: {@code org.apache.hc.core5.http}. */
  private static final class V5 extends ApacheApi {
    private final PublicMethod getUri = PublicMethod.of("org.apache.hc.core5.http.HttpRequest", "getUri");
    private final PublicMethod getCode = PublicMethod.of("org.apache.hc.core5.http.HttpResponse", "getCode");

    V5() {
      super("org.apache.hc.core5.http.", "org.apache.hc.core5.http.MessageHeaders",
          "org.apache.hc.core5.http.NameValuePair");
    }

    @Override
    URI uri(Object request) throws Throwable {
      return (URI) getUri.invoke(request);
    }

    @Override
    int status(Object response) throws Throwable {
      return getCode.invokeInt(response);
    }

    @Override
    boolean isResponse(Object result) {
      return getCode.available(result);
    }
  }
}
