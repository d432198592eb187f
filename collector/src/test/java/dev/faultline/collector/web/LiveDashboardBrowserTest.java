package dev.faultline.collector.web;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.faultline.collector.Collector;
import dev.faultline.collector.incident.Incident;
import dev.faultline.collector.testing.PerfHistoryFeed;
import dev.faultline.collector.testing.PropagatingFault;
import dev.faultline.collector.testing.RunningCollector;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard against a REAL in-process collector: {@link PropagatingFault} goes through the ingest socket
 * (steady frontend, catalog, checkout and payments, then 400 ms of latency injected into payments that spreads to
 * checkout and frontend), the detectors open an incident, live RCA ranks it, and headless Chromium loads
 * {@code /?live=poll#/incident/ID} from the collector's own query port. Asserts the incident page names payments
 * as the root cause, with the propagation path on its map and the ranking below; the screenshot lands in
 * {@code target/screenshots/live-incident.png}. A second collector fed {@link PerfHistoryFeed} shows the
 * performance-model panel on a service's series page ({@code target/screenshots/live-perf-panel.png}).
 *
 * <p>Skipped, with the reason, when {@code /usr/bin/chromium} is absent.
 */
@Timeout(90)
class LiveDashboardBrowserTest {

  @TempDir Path dataDir;

  @Test
  void incidentPageOfARealCollectorNamesTheInjectedRootCauseAndItsPath() throws Exception {
    assumeTrue(Files.isExecutable(HeadlessChromium.DEFAULT_BINARY),
        "skipped: " + HeadlessChromium.DEFAULT_BINARY + " is absent; install Debian's chromium package to run the"
            + " dashboard browser test");
    try (Collector collector = RunningCollector.start(dataDir)) {
      PropagatingFault.feed(collector, System.currentTimeMillis());
      assertTrue(collector.live().awaitRcaIdle(30, java.util.concurrent.TimeUnit.SECONDS), "RCA did not finish");
      List<Incident> incidents = collector.live().incidents().list(i -> i.services().contains("payments"));
      assertTrue(!incidents.isEmpty(), "no incident on payments");
      Incident incident = incidents.get(0);
      URI page = URI.create("http://127.0.0.1:" + collector.queryAddress().getPort() + "/?live=poll#/incident/"
          + incident.id());
      String dom = new HeadlessChromium(HeadlessChromium.DEFAULT_BINARY)
          .render(page, Path.of("target", "screenshots", "live-incident.png"));
      assertTrue(dom.contains("data-ready=\"true\""), "the page did not finish loading:\n" + dom);
      assertTrue(dom.contains(incident.id()) || dom.contains(incident.title()), "incident not shown:\n" + dom);
      assertTrue(dom.contains("id=\"root-cause\" data-root-cause=\"payments\""),
          "the root-cause card does not name payments:\n" + dom);
      assertTrue(dom.contains("data-root-cause=\"payments\" data-path=\"payments,checkout,frontend\""),
          "the map does not highlight payments -> checkout -> frontend:\n" + dom);
      assertTrue(dom.contains("<tr class=\"rank-top\" data-service=\"payments\">"), "ranking not shown:\n" + dom);
    }
  }

  @Test
  void seriesPageOfAServiceShowsItsPerformanceModelPanel() throws Exception {
    assumeTrue(Files.isExecutable(HeadlessChromium.DEFAULT_BINARY),
        "skipped: " + HeadlessChromium.DEFAULT_BINARY + " is absent; install Debian's chromium package to run the"
            + " dashboard browser test");
    try (Collector collector = RunningCollector.start(dataDir)) {
      PerfHistoryFeed.feed(collector, "orders", System.currentTimeMillis());
      assertTrue(collector.perf().trainer().trainNow("orders").get(40, TimeUnit.SECONDS).isPresent(), "no model");
      URI page = URI.create("http://127.0.0.1:" + collector.queryAddress().getPort()
          + "/?live=poll#/series?service=orders&range=1h");
      String dom = new HeadlessChromium(HeadlessChromium.DEFAULT_BINARY)
          .render(page, Path.of("target", "screenshots", "live-perf-panel.png"));
      assertTrue(dom.contains("data-ready=\"true\""), "the page did not finish loading:\n" + dom);
      assertTrue(dom.contains("data-perf=\"ready\""), "the panel did not load the model:\n" + dom);
      assertTrue(dom.contains("data-bottleneck=\"cpu\""), "the panel does not name the CPU bottleneck:\n" + dom);
      assertTrue(dom.contains("Performance model") && dom.contains("at 2×") && dom.contains(">p99<"), dom);
    }
  }
}
