package dev.faultline.agent.instrument.methods;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One {@code class#method} pattern of the {@code instrumentation.methods} setting; {@code *} stands for any run of
 * characters (dots included) in either part.
 *
 * <pre>{@code
 * MethodPattern.parseAll("com.acme.OrderService#place,com.acme.*Repository#find*");
 * }</pre>
 *
 * <p>The class part must start with a name (not {@code *}) and must not name JDK classes, so that a pattern can
 * never instrument every class the JVM loads.
 */
public record MethodPattern(String classGlob, String methodGlob) {

  private static final Pattern CLASS_GLOB = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$.*]*");
  private static final Pattern METHOD_GLOB = Pattern.compile("[A-Za-z0-9_$*]+");
  private static final List<String> FORBIDDEN = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.", "dev.faultline.");

  public MethodPattern {
    if (!CLASS_GLOB.matcher(classGlob).matches()) {
      throw new IllegalArgumentException("class pattern '" + classGlob
          + "' must be a class name, * for any characters, starting with a name (e.g. com.acme.*Service)");
    }
    if (!METHOD_GLOB.matcher(methodGlob).matches()) {
      throw new IllegalArgumentException("method pattern '" + methodGlob + "' must be a method name, * for any "
          + "characters (e.g. find*)");
    }
    for (String prefix : FORBIDDEN) {
      if (classGlob.startsWith(prefix)) {
        throw new IllegalArgumentException("class pattern '" + classGlob + "' names JDK or agent classes ("
            + prefix + "*), which cannot be timed");
      }
    }
  }

  /** Parses one {@code class#method}. */
  public static MethodPattern parse(String text) {
    String trimmed = text.trim();
    int hash = trimmed.indexOf('#');
    if (hash <= 0 || hash != trimmed.lastIndexOf('#') || hash == trimmed.length() - 1) {
      throw new IllegalArgumentException("'" + trimmed + "' is not class#method (e.g. com.acme.OrderService#place)");
    }
    return new MethodPattern(trimmed.substring(0, hash), trimmed.substring(hash + 1));
  }

  /** Parses a comma-separated list; blank items are skipped. */
  public static List<MethodPattern> parseAll(String text) {
    List<MethodPattern> patterns = new ArrayList<>();
    for (String item : text.split(",")) {
      if (!item.isBlank()) {
        patterns.add(parse(item));
      }
    }
    return List.copyOf(patterns);
  }

  /** The class part as a regular expression over binary class names. */
  public String classRegex() {
    return toRegex(classGlob);
  }

  /** The method part as a regular expression over method names. */
  public String methodRegex() {
    return toRegex(methodGlob);
  }

  @Override
  public String toString() {
    return classGlob + '#' + methodGlob;
  }

  private static String toRegex(String glob) {
    StringBuilder regex = new StringBuilder();
    String[] literals = glob.split("\\*", -1);
    for (int i = 0; i < literals.length; i++) {
      if (i > 0) {
        regex.append(".*");
      }
      if (!literals[i].isEmpty()) {
        regex.append(Pattern.quote(literals[i]));
      }
    }
    return regex.toString();
  }
}
