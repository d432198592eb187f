package dev.faultline.agent.instrument.bench;

import dev.faultline.agent.bootstrap.ContextRunnable;
import dev.faultline.agent.bootstrap.TraceContext;
import dev.faultline.agent.instrument.httpclient.PropagationCases;
import dev.faultline.agent.instrument.jdbc.CalleeCases;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * Thread CPU time per operation of two request-path steps, the code before and after side by side in one JVM, one
 * run, interleaved rounds (so machine load hits both alike); best of 5 measured rounds after 5 warm-up rounds.
 *
 * <ul>
 *   <li>Outbound {@code java.net.http} propagation: add the two headers, then what the JDK client does with the
 *       result (copy its headers into its own request, read its other fields).
 *   <li>JDBC callee of a statement whose connection is new (an application that opens a connection per request):
 *       each operation gets another connection (a proxy answering the URL from its metadata).
 *   <li>An executor task that carries a context: attach and restore around the task.
 * </ul>
 *
 * <pre>
 * java -cp agent/target/test-classes:agent/target/classes:$(cat agent/target/bench.cp) \
 *     dev.faultline.agent.instrument.bench.RequestPathCpuProbe
 * </pre>
 */
public final class RequestPathCpuProbe {

  private static final int OPERATIONS = 500_000;
  private static final int CONNECTIONS = 4096;
  private static final BiPredicate<String, String> ALL = (name, value) -> true;

  private static long sink;

  private RequestPathCpuProbe() {}

  public static void main(String[] args) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080/items/42"))
        .timeout(Duration.ofSeconds(5)).header("Accept", "text/plain").build();
    TraceContext context = new TraceContext(0x4bf92f3577b34da6L, 0xa3ce929d0e0e4736L, null);
    Connection[] connections = new Connection[CONNECTIONS];
    for (int i = 0; i < CONNECTIONS; i++) {
      connections[i] = connection("jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1");
    }
    CalleeCases callees = new CalleeCases();
    int[] next = new int[1];

    Map<String, Runnable> cases = new LinkedHashMap<>();
    cases.put("propagation: rebuilt copy (before)",
        () -> consume(PropagationCases.rebuiltCopy(request, "front", context)));
    cases.put("propagation: view (after)", () -> consume(PropagationCases.view(request, "front", context)));
    cases.put("jdbc callee, new connection: per-connection parse (before)", () -> {
      int i = next[0]++ & (CONNECTIONS - 1);
      if (i == 0) {
        callees.forgetConnections();
      }
      sink += unchecked(() -> callees.perConnection(connections[i])).length();
    });
    cases.put("jdbc callee, new connection: URL cache (after)", () -> {
      int i = next[0]++ & (CONNECTIONS - 1);
      sink += unchecked(() -> callees.cached(connections[i])).length();
    });

    ContextRunnable.setEnabled(true);
    TraceContext previous = TraceContext.attach(context);
    Runnable task = () -> sink++;
    Runnable wrapped = ContextRunnable.wrap(task);
    TraceContext.restore(previous);
    cases.put("executor task with context: attach + restore, 2 lookups (before)", () -> {
      TraceContext before = TraceContext.attach(context);
      try {
        task.run();
      } finally {
        TraceContext.restore(before);
      }
    });
    cases.put("executor task with context: ContextRunnable.run (after)", wrapped);

    ThreadCost.perOperation(cases, OPERATIONS).forEach((name, cost) ->
        System.out.printf("%-68s %9.1f ns/op %9.1f B/op%n", name, cost.nanos(), cost.bytes()));
    System.out.println("(sink " + (sink & 1) + ")");
  }

  /** What {@code HttpRequestImpl(HttpRequest, ProxySelector)} reads from the application's request. */
  private static void consume(HttpRequest request) {
    HttpHeaders copied = HttpHeaders.of(request.headers().map(), ALL);
    sink += copied.map().size() + request.method().length() + request.uri().getPort()
        + (request.timeout().isPresent() ? 1 : 0) + (request.bodyPublisher().isPresent() ? 1 : 0)
        + (request.expectContinue() ? 1 : 0) + (request.version().isPresent() ? 1 : 0);
  }

  private static Connection connection(String url) {
    DatabaseMetaData metaData = (DatabaseMetaData) Proxy.newProxyInstance(RequestPathCpuProbe.class.getClassLoader(),
        new Class<?>[] {DatabaseMetaData.class}, (proxy, method, args) -> method.getName().equals("getURL") ? url
            : null);
    return (Connection) Proxy.newProxyInstance(RequestPathCpuProbe.class.getClassLoader(),
        new Class<?>[] {Connection.class}, (proxy, method, args) -> switch (method.getName()) {
          case "getMetaData" -> metaData;
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          default -> null;
        });
  }

  private interface SqlCall {
    String call() throws Exception;
  }

  private static String unchecked(SqlCall call) {
    try {
      return call.call();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
