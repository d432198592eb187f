package dev.faultline.collector.web;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class VendoredLibrariesTest {

  private final StaticAssets assets = StaticAssets.dashboard();

  @Test
  void everyFileAndLicenceNamedInTheVendorReadmeIsThere() {
    String readme = text("/vendor/README.md");
    Matcher m = Pattern.compile("`((?:[A-Za-z-]+\\.)+(?:js|css)|LICENSE-[a-z-]+)`").matcher(readme);
    int found = 0;
    while (m.find()) {
      assertNotNull(assets.resolve("/vendor/" + m.group(1)), "vendor/README.md names a missing file " + m.group(1));
      found++;
    }
    assertTrue(found >= 10, "only " + found + " files named in vendor/README.md");
  }

  @Test
  void everyVendoredModuleThePageImportsIsListed() {
    String readme = text("/vendor/README.md");
    for (String module : List.of("service-map.js", "charts.js")) {
      Matcher m = Pattern.compile("from '\\.\\./vendor/([^']+)'").matcher(text("/js/" + module));
      while (m.find()) {
        assertNotNull(assets.resolve("/vendor/" + m.group(1)), module + " imports a missing " + m.group(1));
        assertTrue(readme.contains("`" + m.group(1) + "`"), m.group(1) + " is not listed in vendor/README.md");
      }
    }
  }

  @Test
  void vendoredFilesAskForNoSourceMap() {
    for (String file : List.of("cytoscape.esm.min.js", "cytoscape-dagre.esm.min.js", "uPlot.esm.js")) {
      assertTrue(!text("/vendor/" + file).contains("sourceMappingURL"), file + " points at a map that is not vendored");
    }
  }

  private String text(String path) {
    StaticAssets.Asset asset = assets.resolve(path);
    assertNotNull(asset, path);
    return new String(asset.content(), StandardCharsets.UTF_8);
  }
}
