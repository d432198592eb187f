package dev.faultline.collector.cluster.analysis;

/**
 * Reads the identity labels out of a series id ({@code metric{service="a",instance="b",host="c",...}}, see {@link
 * dev.faultline.collector.model.SeriesKey#id}), to find the partition a series query must go to.
 */
final class SeriesIds {

  private SeriesIds() {}

  /** The value of label {@code name} in {@code id}, or "" when absent. */
  static String label(String id, String name) {
    int brace = id.indexOf('{');
    if (brace < 0) {
      return "";
    }
    int i = brace + 1;
    while (i < id.length() && id.charAt(i) != '}') {
      int eq = id.indexOf("=\"", i);
      if (eq < 0) {
        return "";
      }
      String key = id.substring(i, eq);
      StringBuilder value = new StringBuilder();
      int j = eq + 2;
      for (; j < id.length() && id.charAt(j) != '"'; j++) {
        char c = id.charAt(j);
        if (c == '\\' && j + 1 < id.length()) {
          c = id.charAt(++j);
        }
        value.append(c);
      }
      if (key.equals(name)) {
        return value.toString();
      }
      i = j + 1;
      if (i < id.length() && id.charAt(i) == ',') {
        i++;
      }
    }
    return "";
  }

  /**
   * The batches topic key of the series' samples as a gateway writes it ({@code BatchEnvelope.key}): the service,
   * or {@code host:<host>} for a host probe's series; null for a host metric, which the id alone cannot place (a JVM
   * agent's host metrics travel under its service).
   */
  static String partitionKey(String id) {
    String service = label(id, "service");
    return service.isEmpty() ? null : service;
  }
}
