package dev.faultline.e2e.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Drives a test application's HTTP endpoint and checks that it keeps answering. */
public final class HttpProbe {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final URI uri;

  public HttpProbe(int port) {
    this.uri = URI.create("http://127.0.0.1:" + port + "/");
  }

  /** Sends {@code count} requests; fails unless every one answers 200 within {@code perRequest}. */
  public void assertServes(int count, Duration perRequest) throws Exception {
    for (int i = 0; i < count; i++) {
      HttpResponse<String> response =
          http.send(HttpRequest.newBuilder(uri).timeout(perRequest).build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new AssertionError("request " + i + " answered " + response.statusCode());
      }
    }
  }
}
