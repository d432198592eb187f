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

  QueryHttpHandler(Router router, ObjectMapper json, LongSupplier clock, StaticAssets assets) {
    this.router = router;
    this.json = json;
    this.clock = clock;
    this.assets = assets;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    FullHttpResponse response;
    if (request.decoderResult().isSuccess() && request.method().equals(HttpMethod.GET)) {
      EventStream stream = router.findStream(new QueryStringDecoder(request.uri()).path());
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
    if (!request.decoderResult().isSuccess()) {
      response = error(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request", null);
    } else {
      response = answer(request);
    }
    boolean keepAlive = HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess();
    HttpUtil.setKeepAlive(response, keepAlive);
    if (request.method().equals(HttpMethod.HEAD)) {
      response.content().clear();
    }
    var future = ctx.writeAndFlush(response);
    if (!keepAlive) {
      future.addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.fine(() -> "query connection failed: " + cause);
    ctx.close();
  }

  private FullHttpResponse answer(FullHttpRequest request) {
    ApiRequest apiRequest = new ApiRequest(request.uri(), clock.getAsLong());
    Router.Match match = router.match(apiRequest.path());
    boolean read = request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD);
    if (match == null && read) {
      return staticFile(request, apiRequest.path());
    }
    if (match == null) {
      return error(HttpResponseStatus.NOT_FOUND, "no route " + apiRequest.path(), null);
    }
    Route route = match.route();
    apiRequest.pathParameters(match.pathParameters());
    if (!read) {
      FullHttpResponse r = error(HttpResponseStatus.METHOD_NOT_ALLOWED,
          "method " + request.method() + " not allowed; use GET", null);
      r.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
      return r;
    }
    try {
      return respond(HttpResponseStatus.OK, route.handle(apiRequest));
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
