package dev.faultline.e2e.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Times a test application's answers to {@code GET /}, for comparing its latency with and without trouble. */
public final class RequestTimer {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Sends {@code count} requests one after another; each must answer 200 within 10 s. Returns their times in ms. */
  public List<Double> millis(int port, int count) throws Exception {
    List<Double> millis = new ArrayList<>();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
        .timeout(Duration.ofSeconds(10)).build();
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      millis.add((System.nanoTime() - start) / 1e6);
      assertEquals(200, response.statusCode());
    }
    return millis;
  }

  /** The {@code q} quantile (0 to 1) of {@code values}: the value at rank floor(q n) of the sorted values. */
  public static double percentile(List<Double> values, double q) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size())));
  }
}
