package dev.faultline.collector.web;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Drives the dashboard in headless Chromium against {@link DashboardFixtureServer} and asserts on the DOM the
 * page produced: the map holds the services, the open incident is listed and its page names the right root
 * cause. Screenshots land in {@code target/screenshots/} for a person to look at.
 *
 * <p>Skipped, with the reason, when {@code /usr/bin/chromium} is absent ({@code apt-get install chromium}).
 */
@Timeout(90)
class DashboardBrowserTest {

  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final String INCIDENT = "inc-20261127-0001";

  private static DashboardFixtureServer server;
  private static HeadlessChromium chromium;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Files.isExecutable(HeadlessChromium.DEFAULT_BINARY),
        "skipped: " + HeadlessChromium.DEFAULT_BINARY + " is absent; install Debian's chromium package to run the"
            + " dashboard browser test");
    server = DashboardFixtureServer.start();
    chromium = new HeadlessChromium(HeadlessChromium.DEFAULT_BINARY);
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
  }

  @Test
  void overviewShowsTheServicesTheOpenIncidentAndLiveAnomalies() throws Exception {
    String dom = chromium.render(server.uri("/"), SCREENSHOTS.resolve("dashboard-overview.png"));
    assertReady(dom);
    String nodes = attribute(dom, "id=\"service-map\"", "data-nodes");
    for (String service : List.of("frontend", "checkout", "payments", "catalog", "inventory", "shipping",
        "payments-db", "catalog-db", "card-gateway")) {
      assertTrue(List.of(nodes.split(",")).contains(service), "map lacks " + service + ": " + nodes);
    }
    String list = section(dom, "id=\"incident-list\"");
    assertTrue(list.contains("data-incident=\"" + INCIDENT + "\""), "incident list lacks the incident:\n" + list);
    assertTrue(list.indexOf(INCIDENT) < list.indexOf("inc-20261126-0004"), "open incident is not listed first:\n" + list);
    String verdict = section(dom, "id=\"verdict\"");
    assertTrue(verdict.contains("INCIDENT") && verdict.contains("payments"), "banner does not name it:\n" + verdict);
    assertTrue(server.streamRequests() > 0, "the page never opened the event stream");
    assertTrue(dom.contains("data-events=\""), "the page received no server-sent event");
    String anomalies = section(dom, "id=\"anomaly-list\"");
    assertTrue(anomalies.contains("inventory"), "the anomaly sent over the event stream is not shown:\n" + anomalies);
  }

  @Test
  void incidentPageNamesTheRootCauseAndChartsTheSeries() throws Exception {
    String dom = chromium.render(server.uri("/#/incident/" + INCIDENT), SCREENSHOTS.resolve("dashboard-incident.png"));
    assertReady(dom);
    String rootCause = section(dom, "id=\"root-cause\"");
    assertTrue(Pattern.compile("class=\"rc-name rc-big\">payments<").matcher(rootCause).find(),
        "root cause card does not name payments:\n" + rootCause);
    assertTrue(rootCause.contains("checkout") && rootCause.contains("frontend"), "no propagation path:\n" + rootCause);
    assertTrue(dom.contains("class=\"rank-top\""), "ranking has no top row");
    int drawn = 0;
    int banded = 0;
    for (String chart : charts(dom)) {
      assertTrue(Integer.parseInt(attribute(chart, "class=\"chart\"", "data-points")) > 0, "no points in " + chart);
      drawn++;
      if (Integer.parseInt(attribute(chart, "class=\"chart\"", "data-bands")) > 0) banded++;
    }
    assertTrue(drawn >= 3, "expected the involved series charted, found " + drawn + " charts");
    assertTrue(banded >= 3, "expected anomaly periods marked, found " + banded + " charts with bands");
  }

  @Test
  void seriesExplorerChartsAServiceSeriesAndPollsWhenAsked() throws Exception {
    String dom = chromium.render(server.uri("/?live=poll#/series?service=payments&range=1h"),
        SCREENSHOTS.resolve("dashboard-series.png"));
    assertReady(dom);
    assertTrue(dom.contains("data-live=\"polling\""), "?live=poll did not switch to polling");
    assertTrue(dom.contains("Service payments"), "no title");
    boolean latency = false;
    for (String chart : charts(dom)) {
      latency |= attribute(chart, "class=\"chart\"", "data-series").startsWith("latency_p99_seconds{service=&quot;payments&quot;")
          && Integer.parseInt(attribute(chart, "class=\"chart\"", "data-points")) > 0;
    }
    assertTrue(latency, "payments' latency is not charted:\n" + charts(dom));
  }

  @Test
  void overviewSaysWhatIsMissingOnACollectorWithoutAnalysisRoutes() throws Exception {
    try (DashboardFixtureServer bare = DashboardFixtureServer.start(false)) {
      String dom = chromium.render(bare.uri("/"), SCREENSHOTS.resolve("dashboard-no-analysis.png"));
      assertReady(dom);
      assertTrue(dom.contains("data-live=\"polling\""), "without an event stream the page must poll");
      String nodes = attribute(dom, "id=\"service-map\"", "data-nodes");
      assertTrue(nodes.equals("checkout,frontend,payments"), "map should fall back to the services: " + nodes);
      assertTrue(section(dom, "id=\"map-message\"").contains("no call graph"), "map does not say why it has no edges");
      assertTrue(section(dom, "id=\"verdict\"").contains("Incident state unknown"), "banner hides the missing route");
      assertTrue(section(dom, "id=\"incident-list\"").contains("Unavailable"), "incident list hides the missing route");
    }
  }

  private static void assertReady(String dom) {
    assertTrue(dom.contains("data-ready=\"true\""), "the page did not finish loading (a module failed?):\n" + dom);
  }

  /** The opening tags of the drawn charts. */
  private static List<String> charts(String dom) {
    List<String> tags = new java.util.ArrayList<>();
    Matcher m = Pattern.compile("<div class=\"chart\"[^>]*data-points[^>]*>").matcher(dom);
    while (m.find()) tags.add(m.group());
    return tags;
  }

  /** The value of {@code name} on the element carrying {@code marker}. */
  private static String attribute(String dom, String marker, String name) {
    Matcher m = Pattern.compile("<[^>]*" + Pattern.quote(marker) + "[^>]*>").matcher(dom);
    assertTrue(m.find(), "no element with " + marker);
    Matcher a = Pattern.compile(name + "=\"([^\"]*)\"").matcher(m.group());
    assertTrue(a.find(), "element " + m.group() + " has no " + name);
    return a.group(1);
  }

  /** The markup from the element carrying {@code marker} on (2000 characters, enough for one section). */
  private static String section(String dom, String marker) {
    int at = dom.indexOf(marker);
    assertTrue(at >= 0, "no element with " + marker + " in:\n" + dom);
    return dom.substring(at, Math.min(dom.length(), at + 3000));
  }
}
