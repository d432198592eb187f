package dev.faultline.collector.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class NettyDefaultsTest {

  @Test
  void turnsTheLeakDetectorOffWhenNothingIsSet() {
    Properties properties = new Properties();
    NettyDefaults.applyTo(properties);
    assertEquals("disabled", properties.getProperty(NettyDefaults.LEAK_DETECTION_LEVEL));
  }

  @Test
  void keepsALevelTheOperatorSet() {
    Properties properties = new Properties();
    properties.setProperty(NettyDefaults.LEAK_DETECTION_LEVEL, "paranoid");
    NettyDefaults.applyTo(properties);
    assertEquals("paranoid", properties.getProperty(NettyDefaults.LEAK_DETECTION_LEVEL));
  }

  @Test
  void keepsALevelSetUnderNettysOlderName() {
    Properties properties = new Properties();
    properties.setProperty(NettyDefaults.LEGACY_LEAK_DETECTION_LEVEL, "advanced");
    NettyDefaults.applyTo(properties);
    assertNull(properties.getProperty(NettyDefaults.LEAK_DETECTION_LEVEL));
  }
}
