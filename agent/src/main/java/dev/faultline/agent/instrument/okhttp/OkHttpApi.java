package dev.faultline.agent.instrument.okhttp;

import dev.faultline.agent.instrument.reflect.PublicMethod;

/** The OkHttp methods the tracer calls (OkHttp is not compiled against). */
final class OkHttpApi {

  static final PublicMethod requestHeader = PublicMethod.of("okhttp3.Request", "header", String.class);
  static final PublicMethod newBuilder = PublicMethod.of("okhttp3.Request", "newBuilder");
  static final PublicMethod url = PublicMethod.of("okhttp3.Request", "url");
  static final PublicMethod host = PublicMethod.of("okhttp3.HttpUrl", "host");
  static final PublicMethod port = PublicMethod.of("okhttp3.HttpUrl", "port");
  static final PublicMethod setHeader = PublicMethod.of("okhttp3.Request$Builder", "header", String.class, String.class);
  static final PublicMethod build = PublicMethod.of("okhttp3.Request$Builder", "build");
  static final PublicMethod code = PublicMethod.of("okhttp3.Response", "code");
  static final PublicMethod responseHeader = PublicMethod.of("okhttp3.Response", "header", String.class);

  private OkHttpApi() {}
}
