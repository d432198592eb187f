package dev.faultline.agent.instrument.httpserver;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** A plain HttpURLConnection GET for tests: the body on 2xx, "status:<code>" otherwise. */
public final class HttpUrls {

  private HttpUrls() {}

  public static String get(URI uri) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
    connection.setConnectTimeout(5000);
    connection.setReadTimeout(5000);
    int status = connection.getResponseCode();
    if (status >= 300) {
      return "status:" + status;
    }
    try (InputStream in = connection.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
