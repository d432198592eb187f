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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Dispatches each aggregated request to its {@link Route} and writes the JSON answer. Stateless and
 * {@code @Sharable}: one instance serves every connection.
 */
@Sharable
final class QueryHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final Logger log = Logger.getLogger(QueryHttpHandler.class.getName());

  private final Router router;
  private final ObjectMapper json;
  private final LongSupplier clock;

  QueryHttpHandler(Router router, ObjectMapper json, LongSupplier clock) {
    this.router = router;
    this.json = json;
    this.clock = clock;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    FullHttpResponse response;
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
    Route route = router.find(apiRequest.path());
    if (route == null) {
      return error(HttpResponseStatus.NOT_FOUND, "no route " + apiRequest.path(), null);
    }
    if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
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

  private FullHttpResponse error(HttpResponseStatus status, String message, String parameter) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    if (parameter != null) {
      body.put("parameter", parameter);
    }
    return respond(status, body);
  }

  private FullHttpResponse respond(HttpResponseStatus status, Object body) {
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
