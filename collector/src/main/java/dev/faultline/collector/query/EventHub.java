package dev.faultline.collector.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.collector.live.LiveEvents;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * {@code /api/v1/events}: server-sent events to every subscriber. Each event is {@code event: <type>} and one
 * line of JSON data; a {@code : keep-alive} comment goes out every {@code keepAliveMillis}.
 *
 * <pre>{@code
 * EventHub hub = new EventHub(QueryServer.jsonMapper(), 32, 15_000);
 * router.stream("/api/v1/events", hub);
 * hub.publish("incident", incidentJson);
 * }</pre>
 *
 * <p>Bounded: at most {@code maxSubscribers} streams (more get 503), and a subscriber whose connection is not
 * writable (Netty's outbound buffer above its high-water mark, 64 KiB by default) when an event is due is
 * disconnected rather than buffered for: it can reconnect and re-read the state from the other routes.
 * Thread-safe; {@link #publish} never blocks.
 */
public final class EventHub implements EventStream, LiveEvents, AutoCloseable {

  private static final Logger log = Logger.getLogger(EventHub.class.getName());

  private final ObjectMapper json;
  private final int maxSubscribers;
  private final Set<Channel> subscribers = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService keepAlive;

  public EventHub(ObjectMapper json, int maxSubscribers, long keepAliveMillis) {
    this.json = json;
    this.maxSubscribers = maxSubscribers;
    this.keepAlive = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "faultline-sse-keepalive");
      t.setDaemon(true);
      return t;
    });
    keepAlive.scheduleAtFixedRate(() -> send(": keep-alive\n\n"), keepAliveMillis, keepAliveMillis,
        TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized boolean subscribe(ChannelHandlerContext ctx) {
    if (subscribers.size() >= maxSubscribers) {
      return false;
    }
    Channel channel = ctx.channel();
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    head.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
        .set(HttpHeaderNames.CACHE_CONTROL, "no-cache")
        .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED)
        .set("X-Content-Type-Options", "nosniff");
    // registered before the head goes out, so a client that has read the head receives every later event
    subscribers.add(channel);
    channel.closeFuture().addListener(f -> subscribers.remove(channel));
    channel.write(head);
    channel.writeAndFlush(chunk(": connected\n\n"));
    return true;
  }

  @Override
  public void publish(String type, Object data) {
    if (subscribers.isEmpty()) {
      return;
    }
    String line;
    try {
      line = json.writeValueAsString(data); // one line: the mapper does not indent
    } catch (JsonProcessingException e) {
      log.warning(() -> "cannot serialise a " + type + " event: " + e.getMessage());
      return;
    }
    send("event: " + type + "\ndata: " + line + "\n\n");
  }

  private void send(String text) {
    for (Channel ch : subscribers) {
      if (!ch.isActive()) {
        subscribers.remove(ch);
      } else if (!ch.isWritable()) {
        subscribers.remove(ch);
        ch.close();
      } else {
        ch.writeAndFlush(chunk(text));
      }
    }
  }

  private static DefaultHttpContent chunk(String text) {
    return new DefaultHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    keepAlive.shutdownNow();
    subscribers.forEach(Channel::close);
  }
}
