package dev.faultline.agent.bootstrap;

/**
 * The static holder the advice reads its hook from. The agent installs its implementations at start-up and puts the
 * no-op ones back on shutdown; until then every hook is a no-op.
 *
 * <p>Volatile fields: written once or twice per JVM, read on every instrumented call (a plain load on x86).
 */
public final class Hooks {

  private static volatile HttpServerHook httpServer = HttpServerHook.NOOP;
  private static volatile UrlConnectionHook urlConnection = UrlConnectionHook.NOOP;
  private static volatile HttpClientHook httpClient = HttpClientHook.NOOP;
  private static volatile JdbcHook jdbc = JdbcHook.NOOP;
  private static volatile ServerHook servlet = ServerHook.NOOP;
  private static volatile ClientHook apacheHttpClient = ClientHook.NOOP;
  private static volatile ClientHook okHttp = ClientHook.NOOP;
  private static volatile AsyncClientHook apacheAsyncClient = AsyncClientHook.NOOP;
  private static volatile MethodHook method = MethodHook.NOOP;
  private static volatile NettyServerHook nettyServer = NettyServerHook.NOOP;
  private static volatile LogHook logs = LogHook.NOOP;

  private Hooks() {}

  public static HttpServerHook httpServer() {
    return httpServer;
  }

  public static UrlConnectionHook urlConnection() {
    return urlConnection;
  }

  public static HttpClientHook httpClient() {
    return httpClient;
  }

  public static JdbcHook jdbc() {
    return jdbc;
  }

  public static ServerHook servlet() {
    return servlet;
  }

  public static ClientHook apacheHttpClient() {
    return apacheHttpClient;
  }

  public static ClientHook okHttp() {
    return okHttp;
  }

  /** Apache HttpClient 5 async. */
  public static AsyncClientHook apacheAsyncClient() {
    return apacheAsyncClient;
  }

  /** Methods chosen by configuration. */
  public static MethodHook method() {
    return method;
  }

  public static NettyServerHook nettyServer() {
    return nettyServer;
  }

  public static LogHook logs() {
    return logs;
  }

  /** Installs a hook; null puts the no-op back. */
  public static void setHttpServer(HttpServerHook hook) {
    httpServer = hook == null ? HttpServerHook.NOOP : hook;
  }

  public static void setUrlConnection(UrlConnectionHook hook) {
    urlConnection = hook == null ? UrlConnectionHook.NOOP : hook;
  }

  public static void setHttpClient(HttpClientHook hook) {
    httpClient = hook == null ? HttpClientHook.NOOP : hook;
  }

  public static void setJdbc(JdbcHook hook) {
    jdbc = hook == null ? JdbcHook.NOOP : hook;
  }

  public static void setServlet(ServerHook hook) {
    servlet = hook == null ? ServerHook.NOOP : hook;
  }

  public static void setApacheHttpClient(ClientHook hook) {
    apacheHttpClient = hook == null ? ClientHook.NOOP : hook;
  }

  public static void setOkHttp(ClientHook hook) {
    okHttp = hook == null ? ClientHook.NOOP : hook;
  }

  public static void setApacheAsyncClient(AsyncClientHook hook) {
    apacheAsyncClient = hook == null ? AsyncClientHook.NOOP : hook;
  }

  public static void setMethod(MethodHook hook) {
    method = hook == null ? MethodHook.NOOP : hook;
  }

  public static void setNettyServer(NettyServerHook hook) {
    nettyServer = hook == null ? NettyServerHook.NOOP : hook;
  }

  public static void setLogs(LogHook hook) {
    logs = hook == null ? LogHook.NOOP : hook;
  }
}
