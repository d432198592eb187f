package dev.faultline.agent.instrument.netty;

import dev.faultline.agent.instrument.reflect.PublicMethod;

/** The Netty HTTP methods the tracer calls (the application's Netty is not compiled against). */
final class NettyApi {

  /**
   * {@code io.netty.handler.codec.http.}, built at run time: the shaded jar relocates the agent's own Netty and
   * rewrites string constants naming {@code io.netty} with it, which would point these names at the agent's copy.
   */
  static final String HTTP = String.join(".", "io", "netty", "handler", "codec", "http", "");

  static final PublicMethod method = PublicMethod.of(HTTP + "HttpRequest", "method");
  static final PublicMethod methodName = PublicMethod.of(HTTP + "HttpMethod", "name");
  static final PublicMethod uri = PublicMethod.of(HTTP + "HttpRequest", "uri");
  static final PublicMethod headers = PublicMethod.of(HTTP + "HttpMessage", "headers");
  static final PublicMethod getHeader = PublicMethod.of(HTTP + "HttpHeaders", "get", String.class);
  static final PublicMethod setHeader = PublicMethod.of(HTTP + "HttpHeaders", "set", String.class, Object.class);
  static final PublicMethod status = PublicMethod.of(HTTP + "HttpResponse", "status");
  static final PublicMethod code = PublicMethod.of(HTTP + "HttpResponseStatus", "code");

  private NettyApi() {}
}
