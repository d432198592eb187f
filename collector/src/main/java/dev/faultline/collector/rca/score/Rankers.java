package dev.faultline.collector.rca.score;

import dev.faultline.collector.rca.RootCauseRanker;
import java.util.List;
import java.util.Locale;

/** Static factory of the rankers by name: {@code evidence} (default) and {@code nsigma} (baseline). */
public final class Rankers {
  public static final List<String> NAMES = List.of("evidence", "nsigma");

  private Rankers() {}

  public static RootCauseRanker create(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "evidence" -> new EvidenceRanker();
      case "nsigma" -> new NSigmaRanker();
      default -> throw new IllegalArgumentException("unknown ranker '" + name + "', expected one of " + NAMES);
    };
  }
}
