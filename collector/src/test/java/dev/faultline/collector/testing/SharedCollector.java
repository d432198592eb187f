package dev.faultline.collector.testing;

import dev.faultline.collector.Collector;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One in-process collector ({@link RunningCollector}) shared by all the tests of a class: started on ephemeral
 * loopback ports in a fresh data directory before the class's {@code @BeforeAll} methods, fed once, then closed and
 * its directory deleted after the last test. Register it on a static field:
 *
 * <pre>{@code @RegisterExtension static final SharedCollector shared = SharedCollector.fedBy(ServiceFleet::feed);}</pre>
 */
public final class SharedCollector implements BeforeAllCallback, AfterAllCallback {

  /** What the class's tests read, sent to the collector once after it started. */
  @FunctionalInterface
  public interface Feed {
    void into(Collector collector) throws Exception;
  }

  private final Feed feed;
  private Path dataDir;
  private Collector collector;

  private SharedCollector(Feed feed) {
    this.feed = feed;
  }

  /** A collector fed by {@code feed} before the class's tests run. */
  public static SharedCollector fedBy(Feed feed) {
    return new SharedCollector(feed);
  }

  /** A collector with nothing fed: the class feeds it itself (e.g. in {@code @BeforeAll}, to keep a timestamp). */
  public static SharedCollector empty() {
    return new SharedCollector(c -> {});
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dataDir = Files.createTempDirectory("faultline-shared-collector");
    collector = RunningCollector.start(dataDir);
    feed.into(collector);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      if (collector != null) {
        collector.close();
      }
    } finally {
      collector = null;
      FileTrees.deleteQuietly(dataDir);
    }
  }

  /** The running collector. */
  public Collector collector() {
    if (collector == null) {
      throw new IllegalStateException("the shared collector runs only from the class's @BeforeAll to its @AfterAll");
    }
    return collector;
  }

  /** {@code 127.0.0.1:<port>} of the query port, as the CLI's {@code --address} takes it. */
  public String address() {
    return "127.0.0.1:" + collector().queryAddress().getPort();
  }
}
