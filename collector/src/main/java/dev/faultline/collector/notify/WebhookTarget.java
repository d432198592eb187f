package dev.faultline.collector.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.function.LongSupplier;

/**
 * POSTs a notice as JSON: in the Alertmanager webhook format ({@code type: alertmanager}) or the generic one
 * ({@code type: webhook}). Any 2xx answer is a delivery; anything else, a timeout or a connection failure is a
 * failed attempt. The configured headers are sent, never logged.
 */
final class WebhookTarget implements Target {

  private static final ObjectMapper json = new ObjectMapper();

  private final TargetConfig config;
  private final HttpClient http;
  private final java.util.function.Supplier<String> externalUrl;
  private final LongSupplier clock;

  WebhookTarget(TargetConfig config, HttpClient http, java.util.function.Supplier<String> externalUrl,
      LongSupplier clock) {
    this.config = config;
    this.http = http;
    this.externalUrl = externalUrl;
    this.clock = clock;
  }

  @Override
  public TargetConfig config() {
    return config;
  }

  @Override
  public void send(Notice notice) throws DeliveryException {
    byte[] body;
    try {
      body = json.writeValueAsBytes(config.type() == TargetConfig.Type.ALERTMANAGER
          ? Payloads.alertmanager(notice, config.name(), externalUrl.get())
          : Payloads.json(notice, externalUrl.get(), clock.getAsLong()));
    } catch (JsonProcessingException e) {
      throw new DeliveryException("cannot write the payload: " + e.getOriginalMessage());
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(config.url())
        .timeout(config.timeout())
        .header("Content-Type", "application/json")
        .header("User-Agent", "faultline-collector")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    config.headers().forEach(request::header);
    HttpResponse<Void> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
    } catch (HttpTimeoutException e) {
      throw new DeliveryException("no answer within " + config.timeout().toMillis() + " ms");
    } catch (IOException e) {
      throw new DeliveryException("cannot post to " + config.destination() + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryException("interrupted (collector stopping)");
    }
    if (response.statusCode() / 100 != 2) {
      throw new DeliveryException(config.destination() + " answered HTTP " + response.statusCode());
    }
  }
}
