package dev.faultline.collector.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * Resolves a request path of the query port to one of the dashboard's static files on the classpath, with its
 * content type. {@code /} is the page ({@code index.html}); any path that is not a plain relative file name with
 * a known type (no {@code ..}, no hidden segment, no backslash, no directory) resolves to nothing, which the
 * server answers with 404. Files are read once and kept: they are small (about 0.7 MB in all) and never change
 * while the collector runs.
 *
 * <pre>{@code
 * StaticAssets assets = StaticAssets.dashboard();
 * StaticAssets.Asset asset = assets.resolve(decodedPath);   // e.g. "/", "/js/app.js"
 * if (asset == null) { respond 404 } else { respond 200, asset.contentType(), asset.content() }
 * }</pre>
 *
 * <p>How the query server serves them (GET and HEAD only; API routes take precedence):
 * <ul>
 *   <li>status 200, {@code Content-Type: }{@link Asset#contentType()}, {@code Content-Length},
 *       {@code Cache-Control: }{@link #CACHE_CONTROL}, {@code ETag: }{@link Asset#etag()}; 304 with no body when
 *       the request's {@code If-None-Match} equals the tag;
 *   <li>{@code X-Content-Type-Options: nosniff} and {@code Content-Security-Policy: }{@link
 *       #CONTENT_SECURITY_POLICY} (the browser test runs the page under exactly these);
 *   <li>404 when {@link #resolve} returns null; 500 when it throws.
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class StaticAssets {

  /** Where the dashboard's files are on the classpath. */
  public static final String DASHBOARD_ROOT = "dev/faultline/collector/web/";

  /**
   * The {@code Cache-Control} header to send with every asset: file names carry no content hash, so the
   * browser must revalidate (with the {@link Asset#etag()}) before reusing a copy after an upgrade.
   */
  public static final String CACHE_CONTROL = "no-cache";

  /**
   * The {@code Content-Security-Policy} header for the page: only our own files and API, no inline or
   * evaluated script; inline styles are allowed because Cytoscape and uPlot set them.
   */
  public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self';"
      + " style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none';"
      + " base-uri 'none'; frame-ancestors 'none'";

  /** One or more segments of letters, digits, '.', '_' or '-', separated by single slashes. */
  private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*");

  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "json", "application/json; charset=utf-8",
      "svg", "image/svg+xml",
      "png", "image/png",
      "ico", "image/x-icon",
      "md", "text/markdown; charset=utf-8",
      "txt", "text/plain; charset=utf-8");

  private static final String LICENSE_TYPE = "text/plain; charset=utf-8";

  private final ClassLoader loader;
  private final String root;
  private final Map<String, Asset> cache = new ConcurrentHashMap<>();

  /**
   * @param loader where to find the files
   * @param root the resource folder, ending in '/', for example {@link #DASHBOARD_ROOT}
   */
  public StaticAssets(ClassLoader loader, String root) {
    this.loader = Objects.requireNonNull(loader, "loader");
    this.root = Objects.requireNonNull(root, "root");
    if (!root.isEmpty() && !root.endsWith("/")) {
      throw new IllegalArgumentException("root must end in '/': '" + root + "'");
    }
  }

  /** The dashboard's files, from this class's own class loader. */
  public static StaticAssets dashboard() {
    return new StaticAssets(StaticAssets.class.getClassLoader(), DASHBOARD_ROOT);
  }

  /**
   * Returns the file for a request path, or null when there is none (answer 404).
   *
   * @param requestPath the URL path, already percent-decoded, without the query string (a '?' or '#' and what
   *     follows are ignored if present); {@code "/"} and {@code ""} mean the page
   * @throws UncheckedIOException when the file exists but cannot be read (answer 500)
   */
  public Asset resolve(String requestPath) {
    String relative = relativePath(Objects.requireNonNull(requestPath, "requestPath"));
    if (relative == null) {
      return null;
    }
    String type = contentType(relative);
    if (type == null) {
      return null;
    }
    Asset cached = cache.get(relative);
    if (cached != null) {
      return cached;
    }
    URL url = loader.getResource(root + relative);
    if (url == null) {
      return null;
    }
    Asset asset = new Asset(relative, type, read(url));
    cache.putIfAbsent(relative, asset);
    return asset;
  }

  /** The resource name below the root, or null when the path is not a safe file path. Visible for testing. */
  static String relativePath(String requestPath) {
    String path = requestPath;
    int cut = indexOfAny(path, '?', '#');
    if (cut >= 0) {
      path = path.substring(0, cut);
    }
    if (path.isEmpty() || path.equals("/")) {
      return "index.html";
    }
    if (path.startsWith("/")) {
      path = path.substring(1);
    }
    if (!SAFE_PATH.matcher(path).matches()) {
      return null;
    }
    for (String segment : path.split("/")) {
      if (segment.startsWith(".")) {
        return null; // "..", "." and hidden files
      }
    }
    return path;
  }

  /** The content type for a file name, or null when the dashboard does not serve that kind of file. */
  static String contentType(String relativePath) {
    String name = relativePath.substring(relativePath.lastIndexOf('/') + 1);
    if (name.startsWith("LICENSE")) {
      return LICENSE_TYPE;
    }
    int dot = name.lastIndexOf('.');
    return dot <= 0 ? null : TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  private static int indexOfAny(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    return i < 0 ? j : j < 0 ? i : Math.min(i, j);
  }

  private static byte[] read(URL url) {
    try (InputStream in = url.openStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read dashboard file " + url, e);
    }
  }

  /**
   * One static file.
   *
   * @param path the path below the root, for example {@code js/app.js}
   * @param contentType the {@code Content-Type} header value
   * @param content the bytes; do not modify
   */
  public record Asset(String path, String contentType, byte[] content) {

    /** A strong entity tag (quoted) for {@code ETag} / {@code If-None-Match}. */
    public String etag() {
      CRC32 crc = new CRC32();
      crc.update(content);
      return "\"" + Long.toHexString(crc.getValue()) + "-" + Integer.toHexString(content.length) + "\"";
    }
  }
}
