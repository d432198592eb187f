package dev.faultline.agent.instrument.httpserver;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;

/** An HttpExchange without a server, for scope unit tests and the benchmark: fixed request, settable status. */
public final class StubExchange extends HttpExchange {

  private final String method;
  private final URI uri;
  private final Headers requestHeaders;
  private final Headers responseHeaders = new Headers();
  public int status = -1;

  public StubExchange(String method, String uri) {
    this(method, uri, new Headers());
  }

  /** With the given request headers object (a {@code Headers} subclass, say). */
  public StubExchange(String method, String uri, Headers requestHeaders) {
    this.method = method;
    this.uri = URI.create(uri);
    this.requestHeaders = requestHeaders;
  }

  public StubExchange header(String name, String value) {
    requestHeaders.add(name, value);
    return this;
  }

  @Override
  public Headers getRequestHeaders() {
    return requestHeaders;
  }

  @Override
  public Headers getResponseHeaders() {
    return responseHeaders;
  }

  @Override
  public URI getRequestURI() {
    return uri;
  }

  @Override
  public String getRequestMethod() {
    return method;
  }

  @Override
  public HttpContext getHttpContext() {
    return null;
  }

  @Override
  public void close() {}

  @Override
  public InputStream getRequestBody() {
    return InputStream.nullInputStream();
  }

  @Override
  public OutputStream getResponseBody() {
    return new ByteArrayOutputStream();
  }

  @Override
  public void sendResponseHeaders(int rCode, long responseLength) {
    status = rCode;
  }

  @Override
  public InetSocketAddress getRemoteAddress() {
    return null;
  }

  @Override
  public int getResponseCode() {
    return status;
  }

  @Override
  public InetSocketAddress getLocalAddress() {
    return null;
  }

  @Override
  public String getProtocol() {
    return "HTTP/1.1";
  }

  @Override
  public Object getAttribute(String name) {
    return null;
  }

  @Override
  public void setAttribute(String name, Object value) {}

  @Override
  public void setStreams(InputStream i, OutputStream o) {}

  @Override
  public HttpPrincipal getPrincipal() {
    return null;
  }
}
