package dev.faultline.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentConfigLoaderTest {

  private final List<String> warnings = new ArrayList<>();

  private AgentConfig load(String args, Map<String, String> props, Map<String, String> env) {
    return new AgentConfigLoader(args, props, env, warnings::add).load("/opt/orders-service.jar --port 1", () -> "h1");
  }

  @Test
  void defaultsApplyWhenNothingIsSet() {
    AgentConfig c = load(null, Map.of(), Map.of());
    assertTrue(c.enabled());
    assertEquals(List.of(AgentConfig.DEFAULT_COLLECTOR), c.collectors());
    assertEquals("orders-service", c.service());
    assertEquals("h1", c.host());
    assertEquals("orders-service@h1:" + ProcessHandle.current().pid(), c.instance());
    assertEquals(Duration.ofSeconds(10), c.interval());
    assertEquals(8L << 20, c.bufferBytes());
    assertTrue(c.hostMetrics());
    assertEquals("", c.token());
    assertTrue(warnings.isEmpty(), warnings::toString);
  }

  @Test
  void agentArgumentsBeatSystemPropertiesWhichBeatEnvironment() {
    Map<String, String> props = Map.of("faultline.service", "from-prop", "faultline.interval", "2s");
    Map<String, String> env = Map.of("FAULTLINE_SERVICE", "from-env", "FAULTLINE_INTERVAL", "3s",
        "FAULTLINE_BUFFER_BYTES", "1m");
    AgentConfig c = load("service=from-arg", props, env);
    assertEquals("from-arg", c.service());
    assertEquals(Duration.ofSeconds(2), c.interval());
    assertEquals(1L << 20, c.bufferBytes());
  }

  @Test
  void commaSeparatedCollectorsFormAFailoverList() {
    AgentConfig c = load("collector=10.0.0.1:9470,10.0.0.2:9471,service=checkout", Map.of(), Map.of());
    assertEquals(List.of(new Endpoint("10.0.0.1", 9470), new Endpoint("10.0.0.2", 9471)), c.collectors());
    assertEquals("checkout", c.service());
  }

  @Test
  void badValueWarnsOnceNamingTheKeyAndFallsBackToDefault() {
    AgentConfig c = load("interval=10,collector=nope,host-metrics=maybe", Map.of(), Map.of());
    assertEquals(AgentConfig.DEFAULT_INTERVAL, c.interval());
    assertEquals(List.of(AgentConfig.DEFAULT_COLLECTOR), c.collectors());
    assertTrue(c.hostMetrics());
    assertEquals(3, warnings.size(), warnings::toString);
    assertTrue(warnings.stream().anyMatch(w -> w.contains("collector='nope'")));
    assertTrue(warnings.stream().anyMatch(w -> w.contains("interval='10'") && w.contains("agent argument")));
    assertTrue(warnings.stream().anyMatch(w -> w.contains("host-metrics")));
  }

  @Test
  void unknownKeysWarnButDoNotStopLoading() {
    AgentConfig c = load("intervall=5s,service=x", Map.of("faultline.colector", "a:1"), Map.of("FAULTLINE_DATA", "/d"));
    assertEquals("x", c.service());
    assertEquals(2, warnings.size(), warnings::toString);
    assertTrue(warnings.get(0).contains("'intervall'"));
    assertTrue(warnings.get(1).contains("'faultline.colector'"));
  }

  @Test
  void killSwitchDisablesTheAgent() {
    assertFalse(load(null, Map.of("faultline.enabled", "false"), Map.of()).enabled());
    assertFalse(load(null, Map.of(), Map.of("FAULTLINE_ENABLED", "off")).enabled());
  }

  @Test
  void tokenIsNeverShownInWarningsOrToString() {
    AgentConfig c = load("token=s3cret", Map.of(), Map.of());
    assertEquals("s3cret", c.token());
    assertFalse(c.toString().contains("s3cret"));
  }

  @Test
  void tokenFileWinsOverTokenAndItsContentIsNeverShown(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("agent.token"), " file-s3cret \nmore\n");
    AgentConfig c = load("token=inline-s3cret,token-file=" + file, Map.of(), Map.of());
    assertEquals("file-s3cret", c.token());
    assertTrue(warnings.isEmpty(), warnings::toString);
    java.nio.file.Files.writeString(file, "\n");
    AgentConfig empty = load(null, Map.of(), Map.of("FAULTLINE_TOKEN_FILE", file.toString()));
    assertEquals("", empty.token());
    assertEquals(List.of("ignoring token-file='" + file + "' from environment variable FAULTLINE_TOKEN_FILE (the file"
        + " is empty); using the default"), warnings);
  }

  @Test
  void tlsIsOffByDefaultAndImpliedByACaFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    assertEquals(TlsOptions.OFF, load(null, Map.of(), Map.of()).tls());
    java.nio.file.Path ca = java.nio.file.Files.writeString(dir.resolve("ca.crt"), "pem");
    java.nio.file.Path cert = java.nio.file.Files.writeString(dir.resolve("agent.crt"), "pem");
    java.nio.file.Path key = java.nio.file.Files.writeString(dir.resolve("agent.key"), "pem");
    assertEquals(new TlsOptions(true, ca, null, null), load("tls-ca-file=" + ca, Map.of(), Map.of()).tls());
    assertEquals(new TlsOptions(true, null, null, null), load("tls=true", Map.of(), Map.of()).tls());
    assertEquals(new TlsOptions(true, ca, cert, key), load(null,
        Map.of("faultline.tls-ca-file", ca.toString(), "faultline.tls-cert-file", cert.toString(),
            "faultline.tls-key-file", key.toString()), Map.of()).tls());
    assertTrue(warnings.isEmpty(), warnings::toString);

    assertEquals(new TlsOptions(true, ca, null, null),
        load("tls-ca-file=" + ca + ",tls-cert-file=" + cert, Map.of(), Map.of()).tls());
    assertTrue(warnings.get(0).contains("tls-cert-file and tls-key-file go together"), warnings::toString);
    warnings.clear();
    assertEquals(new TlsOptions(true, null, null, null),
        load("tls-ca-file=" + dir.resolve("missing.crt"), Map.of(), Map.of()).tls(), "an unusable file keeps TLS on");
    assertTrue(warnings.get(0).startsWith("ignoring tls-ca-file="), warnings::toString);
  }

  @Test
  void tooShortIntervalAndTinyBufferAreRejected() {
    AgentConfig c = load("interval=10ms,buffer-bytes=100", Map.of(), Map.of());
    assertEquals(AgentConfig.DEFAULT_INTERVAL, c.interval());
    assertEquals(AgentConfig.DEFAULT_BUFFER_BYTES, c.bufferBytes());
    assertEquals(2, warnings.size());
  }

  @Test
  void explicitInstanceAndHostWin() {
    AgentConfig c = load("instance=i-7,host=box", Map.of(), Map.of());
    assertEquals("i-7", c.instance());
    assertEquals("box", c.host());
  }
}
