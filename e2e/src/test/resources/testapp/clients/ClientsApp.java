import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * Calls three HTTP servers in a loop until killed, one client library each: Apache HttpClient 4 ({@code args[0]}),
 * Apache HttpClient 5 ({@code args[1]}) and OkHttp 4 ({@code args[2]}, sync and async calls, from a client built
 * with the builder and one made with {@code new OkHttpClient()}) and Apache HttpClient 5 async ({@code args[3]},
 * alternately with a {@code FutureCallback} and with none, waiting on the future; then one call to the closed port
 * of {@code args[5]}, which must fail) and HttpAsyncClient 4 ({@code args[4]}, alternately with a callback and
 * without); then the clients not built by those factories: Apache HttpClient 5's {@code createMinimal()} ({@code args[6]})
 * and HttpAsyncClient 4's {@code createMinimal()} ({@code args[7]}), alternately with and without a callback, and
 * {@code java.net.http.HttpClient.sendAsync} ({@code args[8]}) from {@code HttpClient.newHttpClient()} and from
 * {@code HttpClient.newBuilder().build()} in turn. Request {@code n} goes to {@code <url>/<n>}.
 * Prints {@code READY} after the first round and {@code ERROR ...} when a call fails.
 */
public final class ClientsApp {

  public static void main(String[] args) throws Exception {
    org.apache.http.impl.client.CloseableHttpClient hc4 = org.apache.http.impl.client.HttpClients.createDefault();
    CloseableHttpClient hc5 = HttpClients.createDefault();
    OkHttpClient built = new OkHttpClient.Builder().callTimeout(10, TimeUnit.SECONDS).build();
    OkHttpClient plain = new OkHttpClient();
    CloseableHttpAsyncClient async = HttpAsyncClients.createDefault();
    async.start();
    org.apache.http.impl.nio.client.CloseableHttpAsyncClient async4 =
        org.apache.http.impl.nio.client.HttpAsyncClients.createDefault();
    async4.start();
    CloseableHttpAsyncClient minimal = HttpAsyncClients.createMinimal();
    minimal.start();
    org.apache.http.impl.nio.client.CloseableHttpAsyncClient minimal4 =
        org.apache.http.impl.nio.client.HttpAsyncClients.createMinimal();
    minimal4.start();
    java.net.http.HttpClient jdkPlain = java.net.http.HttpClient.newHttpClient();
    java.net.http.HttpClient jdkBuilt = java.net.http.HttpClient.newBuilder().build();
    for (int n = 1; ; n++) {
      try {
        org.apache.http.client.methods.CloseableHttpResponse r4 =
            hc4.execute(new org.apache.http.client.methods.HttpGet(args[0] + "/" + n));
        org.apache.http.util.EntityUtils.consume(r4.getEntity());
        r4.close();
        hc5.execute(new HttpGet(args[1] + "/" + n), response -> {
          EntityUtils.consume(response.getEntity());
          return response.getCode();
        });
        OkHttpClient ok = n % 2 == 0 ? built : plain;
        try (Response r = ok.newCall(new Request.Builder().url(args[2] + "/" + n).build()).execute()) {
          r.body().string();
        }
        CountDownLatch done = new CountDownLatch(1);
        ok.newCall(new Request.Builder().url(args[2] + "/" + (n + 1000)).build()).enqueue(new Callback() {
          @Override
          public void onFailure(Call call, IOException e) {
            System.out.println("ERROR okhttp async " + e);
            done.countDown();
          }

          @Override
          public void onResponse(Call call, Response response) {
            response.close();
            done.countDown();
          }
        });
        done.await(10, TimeUnit.SECONDS);
        callAsync(async, args[3] + "/" + n, n % 2 == 0);
        callAsync4(async4, args[4] + "/" + n, n % 2 == 0);
        try {
          async.execute(SimpleRequestBuilder.get(args[5] + "/" + n).build(), null).get(10, TimeUnit.SECONDS);
          System.out.println("ERROR the closed port answered");
        } catch (ExecutionException expected) {
          // connection refused: the call the agent must count as an error
        }
        callAsync(minimal, args[6] + "/" + n, n % 2 == 0);
        callAsync4(minimal4, args[7] + "/" + n, n % 2 == 0);
        (n % 2 == 0 ? jdkPlain : jdkBuilt).sendAsync(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(args[8] + "/" + n)).build(),
            java.net.http.HttpResponse.BodyHandlers.discarding()).get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.out.println("ERROR " + e);
      }
      if (n == 1) {
        System.out.println("READY");
        System.out.flush();
      }
      Thread.sleep(20);
    }
  }

  private static void callAsync(CloseableHttpAsyncClient async, String url, boolean withCallback) throws Exception {
    if (!withCallback) {
      async.execute(SimpleRequestBuilder.get(url).build(), null).get(10, TimeUnit.SECONDS);
      return;
    }
    CountDownLatch done = new CountDownLatch(1);
    async.execute(SimpleRequestBuilder.get(url).build(), new FutureCallback<SimpleHttpResponse>() {
      @Override
      public void completed(SimpleHttpResponse response) {
        done.countDown();
      }

      @Override
      public void failed(Exception e) {
        System.out.println("ERROR hc5 async " + e);
        done.countDown();
      }

      @Override
      public void cancelled() {
        System.out.println("ERROR hc5 async cancelled");
        done.countDown();
      }
    });
    if (!done.await(10, TimeUnit.SECONDS)) {
      System.out.println("ERROR hc5 async callback never ran");
    }
  }

  private static void callAsync4(org.apache.http.impl.nio.client.CloseableHttpAsyncClient async4, String url,
      boolean withCallback) throws Exception {
    org.apache.http.client.methods.HttpGet get = new org.apache.http.client.methods.HttpGet(url);
    if (!withCallback) {
      async4.execute(get, null).get(10, TimeUnit.SECONDS);
      return;
    }
    CountDownLatch done = new CountDownLatch(1);
    async4.execute(get, new org.apache.http.concurrent.FutureCallback<org.apache.http.HttpResponse>() {
      @Override
      public void completed(org.apache.http.HttpResponse response) {
        done.countDown();
      }

      @Override
      public void failed(Exception e) {
        System.out.println("ERROR hc4 async " + e);
        done.countDown();
      }

      @Override
      public void cancelled() {
        System.out.println("ERROR hc4 async cancelled");
        done.countDown();
      }
    });
    if (!done.await(10, TimeUnit.SECONDS)) {
      System.out.println("ERROR hc4 async callback never ran");
    }
  }
}
