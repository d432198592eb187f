package dev.faultline.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.agent.instrument.methods.MethodPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The instrumentation keys and the JDK 24+ host-metrics default of {@link AgentConfigLoader}. */
class InstrumentationConfigTest {

  private final List<String> warnings = new ArrayList<>();

  private AgentConfigLoader loader(String args, Map<String, String> props, Map<String, String> env) {
    return new AgentConfigLoader(args, props, env, warnings::add);
  }

  private AgentConfig load(AgentConfigLoader loader) {
    return loader.load("app.jar", () -> "h1");
  }

  @Test
  void instrumentationIsOnWithNothingDisabledByDefault() {
    AgentConfig c = load(loader(null, Map.of(), Map.of()));
    assertTrue(c.instrumentation());
    assertEquals(Set.of(), c.instrumentationDisabled());
    assertTrue(warnings.isEmpty(), warnings::toString);
  }

  @Test
  void perLibraryKillSwitchFollowsThePrecedenceOfAllKeys() {
    AgentConfig args = load(loader("service=x,instrumentation.disabled=jdbc,httpclient",
        Map.of("faultline.instrumentation.disabled", "executor"),
        Map.of("FAULTLINE_INSTRUMENTATION_DISABLED", "urlconnection")));
    assertEquals(Set.of("jdbc", "httpclient"), args.instrumentationDisabled());
    AgentConfig prop = load(loader(null, Map.of("faultline.instrumentation.disabled", "executor"),
        Map.of("FAULTLINE_INSTRUMENTATION_DISABLED", "urlconnection")));
    assertEquals(Set.of("executor"), prop.instrumentationDisabled());
    AgentConfig env = load(loader(null, Map.of(), Map.of("FAULTLINE_INSTRUMENTATION_DISABLED", "URLConnection",
        "FAULTLINE_INSTRUMENTATION", "off")));
    assertEquals(Set.of("urlconnection"), env.instrumentationDisabled());
    assertFalse(env.instrumentation());
    assertTrue(warnings.isEmpty(), warnings::toString);
  }

  @Test
  void unknownLibraryIsOneWarningAndNothingDisabled() {
    AgentConfig c = load(loader("instrumentation.disabled=jdbc,kafka", Map.of(), Map.of()));
    assertEquals(Set.of(), c.instrumentationDisabled());
    assertEquals(1, warnings.size(), warnings::toString);
    assertTrue(warnings.get(0).contains("instrumentation.disabled") && warnings.get(0).contains("kafka"));
  }

  @Test
  void methodsToTimeComeAsClassHashMethodListsAndABadOneIsOneWarning() {
    AgentConfig args = load(loader("service=x,instrumentation.methods=com.acme.OrderService#place,com.acme.*Repo#find*",
        Map.of(), Map.of()));
    assertEquals(List.of(new MethodPattern("com.acme.OrderService", "place"), new MethodPattern("com.acme.*Repo", "find*")),
        args.instrumentationMethods());
    AgentConfig env = load(loader(null, Map.of(), Map.of("FAULTLINE_INSTRUMENTATION_METHODS", "shop.Cart#add")));
    assertEquals(List.of(new MethodPattern("shop.Cart", "add")), env.instrumentationMethods());
    assertTrue(warnings.isEmpty(), warnings::toString);

    AgentConfig bad = load(loader("instrumentation.methods=shop.Cart#add,shop.Cart", Map.of(), Map.of()));
    assertEquals(List.of(), bad.instrumentationMethods());
    assertEquals(1, warnings.size(), warnings::toString);
    assertTrue(warnings.get(0).contains("instrumentation.methods") && warnings.get(0).contains("class#method"),
        warnings.get(0));
  }

  @Test
  void hostMetricsDefaultOffOnJdk24PlusWithoutNativeAccess() {
    assertEquals("", AgentConfigLoader.hostMetricsOffNote(21, List.of()));
    assertEquals("", AgentConfigLoader.hostMetricsOffNote(25, List.of("--enable-native-access=ALL-UNNAMED")));
    assertEquals("", AgentConfigLoader.hostMetricsOffNote(24, List.of("--enable-native-access=m1,ALL-UNNAMED")));
    String note = AgentConfigLoader.hostMetricsOffNote(25, List.of("-Xmx1g", "--enable-native-access=m1"));
    assertEquals("host metrics off: JDK 25 without --enable-native-access; run `java -jar faultline-agent.jar "
        + "probe` on this host instead", note);

    AgentConfig byDefault = load(loader(null, Map.of(), Map.of()).hostMetricsOffNote(note));
    assertFalse(byDefault.hostMetrics());
    assertEquals(note, byDefault.hostMetricsNote());
    AgentConfig explicit = load(loader("host-metrics=true", Map.of(), Map.of()).hostMetricsOffNote(note));
    assertTrue(explicit.hostMetrics());
    assertEquals("", explicit.hostMetricsNote());
    AgentConfig explicitOff = load(loader(null, Map.of("faultline.host-metrics", "false"), Map.of())
        .hostMetricsOffNote(note));
    assertFalse(explicitOff.hostMetrics());
    assertEquals("", explicitOff.hostMetricsNote());
    assertTrue(warnings.isEmpty(), warnings::toString);
  }
}
