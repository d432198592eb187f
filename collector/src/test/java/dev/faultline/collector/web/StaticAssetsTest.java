package dev.faultline.collector.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class StaticAssetsTest {

  private final StaticAssets assets = StaticAssets.dashboard();

  @Test
  void rootServesThePage() {
    StaticAssets.Asset page = assets.resolve("/");
    assertNotNull(page);
    assertEquals("index.html", page.path());
    assertEquals("text/html; charset=utf-8", page.contentType());
    assertTrue(new String(page.content(), StandardCharsets.UTF_8).contains("<script type=\"module\" src=\"js/app.js\">"));
    assertEquals("index.html", assets.resolve("").path());
    assertEquals("index.html", assets.resolve("/index.html").path());
  }

  @Test
  void queryStringAndFragmentAreIgnored() {
    assertEquals("index.html", assets.resolve("/?x=1").path());
    assertEquals("js/app.js", assets.resolve("/js/app.js?v=2#top").path());
  }

  @Test
  void eachKindOfFileGetsItsContentType() {
    assertEquals("text/javascript; charset=utf-8", assets.resolve("/js/app.js").contentType());
    assertEquals("text/javascript; charset=utf-8", assets.resolve("/vendor/cytoscape.esm.min.js").contentType());
    assertEquals("text/css; charset=utf-8", assets.resolve("/css/dashboard.css").contentType());
    assertEquals("application/json; charset=utf-8", assets.resolve("/openapi.json").contentType());
    assertEquals("text/plain; charset=utf-8", assets.resolve("/vendor/LICENSE-uplot").contentType());
    assertEquals("text/markdown; charset=utf-8", assets.resolve("/vendor/README.md").contentType());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/../web/index.html", "/js/../index.html", "/..", "/./index.html", "/js//app.js", "//etc/passwd",
      "/js\\app.js", "/%2e%2e/index.html", "/.hidden.js", "/js/", "/vendor", "/js", "/index.html/",
      "/dev/faultline/collector/web/StaticAssets.class", "/StaticAssets.class", "/nothing.html", "/index.HTM",
      "/js/app.js\u0000.html", "/café.js"})
  void unsafeOrUnknownPathsResolveToNothing(String path) {
    assertNull(assets.resolve(path), path);
  }

  @Test
  void classFilesNextToTheAssetsAreNeverServed() {
    StaticAssets fromPackage = new StaticAssets(getClass().getClassLoader(), "dev/faultline/collector/web/");
    assertNull(fromPackage.resolve("/StaticAssets.class"));
    assertNull(fromPackage.resolve("/StaticAssetsTest.class"));
  }

  @Test
  void filesAreReadOnceAndKept() {
    assertSame(assets.resolve("/js/app.js"), assets.resolve("js/app.js"));
  }

  @Test
  void etagIsQuotedAndFollowsTheContent() {
    StaticAssets.Asset a = assets.resolve("/js/app.js");
    StaticAssets.Asset b = assets.resolve("/js/api.js");
    assertTrue(a.etag().startsWith("\"") && a.etag().endsWith("\""), a.etag());
    assertEquals(a.etag(), new StaticAssets.Asset("x", "y", a.content().clone()).etag());
    assertNotEquals(a.etag(), b.etag());
  }

  @Test
  void everyModuleThePageImportsIsServed() {
    String app = new String(assets.resolve("/js/app.js").content(), StandardCharsets.UTF_8);
    var imports = java.util.regex.Pattern.compile("from '\\./([a-z-]+\\.js)'").matcher(app);
    int found = 0;
    while (imports.find()) {
      assertNotNull(assets.resolve("/js/" + imports.group(1)), imports.group(1));
      found++;
    }
    assertTrue(found >= 5, "app.js imports " + found + " modules");
  }

  @Test
  void rootMustBeAFolder() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new StaticAssets(getClass().getClassLoader(), "dev/faultline/collector/web"));
    assertTrue(e.getMessage().contains("root"), e.getMessage());
  }

  @Test
  void resourcesFromAnotherRootAreIndependent() {
    StaticAssets vendor = new StaticAssets(getClass().getClassLoader(), "dev/faultline/collector/web/vendor/");
    assertArrayEquals(assets.resolve("/vendor/LICENSE-cytoscape").content(), vendor.resolve("/LICENSE-cytoscape").content());
  }
}
