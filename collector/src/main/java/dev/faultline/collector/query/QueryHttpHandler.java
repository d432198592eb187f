package dev.faultline.collector.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import dev.faultline.collector.web.StaticAssets;
import dev.faultline.collector.security.AccessPolicy;
import dev.faultline.collector.security.QueryAuthenticator;
import dev.faultline.collector.security.QueryScope;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Dispatches each aggregated request to its {@link Route} and writes the JSON answer; hands event-stream paths
 * to their {@link EventStream}; answers GET and HEAD of any other path outside {@code /api/} with the dashboard's
 * static files ({@link StaticAssets}, headers as its Javadoc lists). Stateless and {@code @Sharable}: one
 * instance serves every connection.
 */
@Sharable
final class QueryHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final Logger log = Logger.getLogger(QueryHttpHandler.class.getName());

  private final Router router;
  private final ObjectMapper json;
  private final LongSupplier clock;
  private final StaticAssets assets;
  private final QueryAuthenticator auth;
  private final QueryLimits limits;
  /** Runs routes off the event loop, so that one slow query can be answered 503 at its deadline. */
  private final java.util.concurrent.ExecutorService workers;

  QueryHttpHandler(Router router, ObjectMapper json, LongSupplier clock, StaticAssets assets, QueryLimits limits,
      java.util.concurrent.ExecutorService workers, QueryAuthenticator auth) {
    this.router = router;
    this.json = json;
    this.clock = clock;
    this.assets = assets;
    this.auth = auth;
    this.limits = limits;
    this.workers = workers;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    FullHttpResponse response;
    if (request.decoderResult().isSuccess() && !authorized(ctx, request)) {
      return;
    }
    if (request.decoderResult().isSuccess() && request.method().equals(HttpMethod.GET)) {
      EventStream stream = router.findStream(new QueryStringDecoder(request.uri()).path());
      if (stream != null && ctx.pipeline().get(QueryServer.DEADLINE) != null) {
        ctx.pipeline().remove(QueryServer.DEADLINE); // an event stream is open-ended by design
      }
      if (stream != null && stream.subscribe(ctx)) {
        return; // the stream owns the connection from now on
      } else if (stream != null) {
        response = error(HttpResponseStatus.SERVICE_UNAVAILABLE, "too many event-stream subscribers; poll instead",
            null);
        HttpUtil.setKeepAlive(response, false);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        return;
      }
    }
    boolean keepAlive = HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess();
    boolean head = request.method().equals(HttpMethod.HEAD);
    if (!request.decoderResult().isSuccess()) {
      write(ctx, malformed(request.decoderResult().cause()), false, head);
      return;
    }
    ApiRequest apiRequest;
    try {
      apiRequest = new ApiRequest(request.uri(), clock.getAsLong(), limits.maxPageSize());
      apiRequest.authorization(request.headers().get(HttpHeaderNames.AUTHORIZATION));
    } catch (ApiException e) {
      write(ctx, error(HttpResponseStatus.valueOf(e.status()), e.getMessage(), e.parameter()), keepAlive, head);
      return;
    }
    Router.Match match = router.match(apiRequest.path());
    boolean read = request.method().equals(HttpMethod.GET) || head;
    if (match == null || !read) {
      write(ctx, answer(request, apiRequest, match, read), keepAlive, head);
      return;
    }
    runRoute(ctx, apiRequest, match, keepAlive, head);
  }

  /**
   * Runs the route on a worker and writes its answer, or 503 when it is not done within the request timeout or
   * every worker is busy. Reading pauses meanwhile, so pipelined requests are answered in order.
   */
  private void runRoute(ChannelHandlerContext ctx, ApiRequest apiRequest, Router.Match match, boolean keepAlive,
      boolean head) {
    java.util.concurrent.CompletableFuture<FullHttpResponse> answer = new java.util.concurrent.CompletableFuture<>();
    java.util.concurrent.Future<?> task;
    try {
      task = workers.submit(() -> answer.complete(routeAnswer(apiRequest, match)));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      write(ctx, error(HttpResponseStatus.SERVICE_UNAVAILABLE, "the query port is busy; retry shortly", null),
          keepAlive, head);
      return;
    }
    ctx.channel().config().setAutoRead(false);
    var timeout = ctx.executor().schedule(() -> {
      if (answer.complete(error(HttpResponseStatus.SERVICE_UNAVAILABLE, "the query took longer than "
          + limits.requestTimeoutMillis() + " ms (query.request-timeout); narrow it (fewer series, a shorter "
          + "time range, a smaller limit)", null))) {
        task.cancel(true);
        log.warning(() -> "query " + apiRequest.path() + " exceeded query.request-timeout ("
            + limits.requestTimeoutMillis() + " ms); answered 503");
      }
    }, limits.requestTimeoutMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    answer.thenAccept(response -> ctx.executor().execute(() -> {
      timeout.cancel(false);
      write(ctx, response, keepAlive, head);
      ctx.channel().config().setAutoRead(true);
    }));
  }

  private static void write(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive, boolean head) {
    HttpUtil.setKeepAlive(response, keepAlive);
    if (head) {
      response.content().clear();
    }
    var future = ctx.writeAndFlush(response);
    if (!keepAlive) {
      future.addListener(ChannelFutureListener.CLOSE);
    }
  }

  /** Answers 401 or 403 and returns false when the request lacks a token of the scope its route needs. */
  private boolean authorized(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (!auth.enabled()) {
      return true;
    }
    QueryScope needed = AccessPolicy.required(request.method().name(), new QueryStringDecoder(request.uri()).path());
    if (needed == null) {
      return true;
    }
    QueryAuthenticator.Decision decision = auth.check(request.headers().get(HttpHeaderNames.AUTHORIZATION), needed);
    if (decision.admitted()) {
      return true;
    }
    FullHttpResponse response = error(HttpResponseStatus.valueOf(decision.status()), decision.message(), null);
    if (decision.status() == 401) {
      response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"faultline\"");
    }
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    HttpUtil.setKeepAlive(response, keepAlive);
    var future = ctx.writeAndFlush(response);
    if (!keepAlive) {
      future.addListener(ChannelFutureListener.CLOSE);
    }
    return false;
  }

  /** The answer to a request the codec could not decode: too long a line or headers, or not HTTP. */
  private FullHttpResponse malformed(Throwable cause) {
    if (cause instanceof io.netty.handler.codec.http.TooLongHttpLineException) {
      return error(HttpResponseStatus.REQUEST_URI_TOO_LONG, "request line longer than " + limits.maxRequestBytes()
          + " bytes (query.max-request-bytes)", null);
    }
    if (cause instanceof io.netty.handler.codec.http.TooLongHttpHeaderException) {
      return error(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "headers longer than "
          + limits.maxRequestBytes() + " bytes (query.max-request-bytes)", null);
    }
    return error(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request", null);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.fine(() -> "query connection failed: " + cause);
    ctx.close();
  }

  /** Answers what needs no route: static files, unknown paths, wrong methods. */
  private FullHttpResponse answer(FullHttpRequest request, ApiRequest apiRequest, Router.Match match, boolean read) {
    if (match == null && read) {
      return staticFile(request, apiRequest.path());
    }
    if (match == null) {
      return error(HttpResponseStatus.NOT_FOUND, "no route " + apiRequest.path(), null);
    }
    FullHttpResponse r = error(HttpResponseStatus.METHOD_NOT_ALLOWED,
        "method " + request.method() + " not allowed; use GET", null);
    r.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
    return r;
  }

  /** Runs the matched route (on a worker thread). */
  private FullHttpResponse routeAnswer(ApiRequest apiRequest, Router.Match match) {
    try {
      apiRequest.pathParameters(match.pathParameters());
      apiRequest.checkParameters(match.queryParameters());
      return respond(HttpResponseStatus.OK, match.route().handle(apiRequest));
    } catch (ApiException e) {
      return error(HttpResponseStatus.valueOf(e.status()), e.getMessage(), e.parameter());
    } catch (RuntimeException e) {
      log.log(Level.WARNING, "query " + apiRequest.path() + " failed", e);
      return error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error; see the collector log", null);
    }
  }

  /** The dashboard file for {@code path}; {@code /api/v1/openapi.json} is the API document. */
  private FullHttpResponse staticFile(FullHttpRequest request, String path) {
    String file = path.equals("/api/v1/openapi.json") ? "/openapi.json" : path;
    if (file.startsWith("/api/") || file.equals("/healthz") || file.equals("/metrics")) {
      return error(HttpResponseStatus.NOT_FOUND, "no route " + path, null);
    }
    StaticAssets.Asset asset;
    try {
      asset = assets.resolve(file);
    } catch (RuntimeException e) {
      log.log(Level.WARNING, "cannot serve " + path, e);
      return error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error; see the collector log", null);
    }
    if (asset == null) {
      return error(HttpResponseStatus.NOT_FOUND, "no route or file " + path, null);
    }
    String etag = asset.etag();
    boolean notModified = etag.equals(request.headers().get(HttpHeaderNames.IF_NONE_MATCH));
    ByteBuf content = notModified ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(asset.content());
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        notModified ? HttpResponseStatus.NOT_MODIFIED : HttpResponseStatus.OK, content);
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, asset.contentType())
        .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes())
        .set(HttpHeaderNames.CACHE_CONTROL, StaticAssets.CACHE_CONTROL)
        .set(HttpHeaderNames.ETAG, etag)
        .set("X-Content-Type-Options", "nosniff")
        .set(HttpHeaderNames.CONTENT_SECURITY_POLICY, StaticAssets.CONTENT_SECURITY_POLICY);
    return response;
  }

  private FullHttpResponse error(HttpResponseStatus status, String message, String parameter) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    if (parameter != null) {
      body.put("parameter", parameter);
    }
    return respond(status, body);
  }

  private FullHttpResponse respond(HttpResponseStatus status, Object body) {
    if (body instanceof RawResponse raw) {
      FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
          Unpooled.wrappedBuffer(raw.body()));
      response.headers()
          .set(HttpHeaderNames.CONTENT_TYPE, raw.contentType())
          .setInt(HttpHeaderNames.CONTENT_LENGTH, raw.body().length);
      return response;
    }
    ByteBuf content;
    try {
      content = Unpooled.wrappedBuffer(json.writeValueAsBytes(body));
    } catch (Exception e) {
      log.log(Level.WARNING, "cannot serialise the response", e);
      content = Unpooled.copiedBuffer("{\"error\":\"internal error; see the collector log\"}",
          java.nio.charset.StandardCharsets.UTF_8);
      status = HttpResponseStatus.INTERNAL_SERVER_ERROR;
    }
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON + "; charset=utf-8")
        .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
    return response;
  }
}
