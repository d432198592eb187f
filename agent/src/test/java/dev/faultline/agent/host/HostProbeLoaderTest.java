package dev.faultline.agent.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.agent.host.oshi.RawHostKeys;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

@Timeout(30)
class HostProbeLoaderTest {

  @Test
  @EnabledOnOs(OS.LINUX)
  void adapterRunsInAnIsolatedLoaderAndReadsTheHost() throws Exception {
    Supplier<Map<String, Double>> sampler = HostProbeLoader.load(getClass().getClassLoader());
    ClassLoader isolated = sampler.getClass().getClassLoader();
    assertTrue(isolated instanceof HostProbeClassLoader, isolated.toString());
    assertEquals(ClassLoader.getPlatformClassLoader(), isolated.getParent());
    // OSHI as the adapter sees it comes from the extracted jar, not from the test class path.
    Class<?> oshiThere = Class.forName("oshi.SystemInfo", false, isolated);
    Class<?> oshiHere = Class.forName("oshi.SystemInfo", false, getClass().getClassLoader());
    assertNotSame(oshiHere, oshiThere);
    assertTrue(oshiThere.getProtectionDomain().getCodeSource().getLocation().toString().contains("faultline-hostprobe"));
    // The agent's own classes (and relocated libraries) are invisible from inside.
    assertThrows(ClassNotFoundException.class, () -> Class.forName(HostMetrics.class.getName(), false, isolated));

    Map<String, Double> raw = sampler.get();
    assertTrue(raw.get(RawHostKeys.MEMORY_TOTAL_BYTES) > 0, raw::toString);
    assertTrue(raw.get(RawHostKeys.CPU_TOTAL_TICKS) > 0, raw::toString);
    assertTrue(raw.containsKey(RawHostKeys.LOAD1));
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void thePriorityCallAndTheSamplerShareOneIsolatedLoader() throws Exception {
    ClassLoader agentLoader = getClass().getClassLoader();
    ClassLoader forPriority = HostProbeLoader.setPriority(agentLoader).getClass().getClassLoader();
    assertTrue(forPriority instanceof HostProbeClassLoader, forPriority.toString());
    assertSame(forPriority, HostProbeLoader.load(agentLoader).getClass().getClassLoader());
  }

  @Test
  void missingPackedJarFailsWithAClearMessage() {
    ClassLoader empty = new ClassLoader(null) {};
    Exception e = assertThrows(Exception.class, () -> HostProbeLoader.load(empty));
    assertTrue(e.getMessage().contains("oshi-core.jar"), e.getMessage());
  }
}
