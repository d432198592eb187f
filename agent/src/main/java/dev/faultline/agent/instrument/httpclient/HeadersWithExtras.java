package dev.faultline.agent.instrument.httpclient;

import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The application's header map plus a few entries, as a read-only view for {@code HttpHeaders.of}, which only
 * calls {@link #forEach}: an application's own value of an added name (any case) is left out, so the result is
 * the same as merging into a case-insensitive copy, without that copy (a {@code TreeMap} and a list per name,
 * which {@code HttpHeaders.of} then copied again).
 */
final class HeadersWithExtras extends AbstractMap<String, List<String>> {

  private final Map<String, List<String>> own;
  private final String[] names;
  private final List<String>[] values;

  /** {@code names[i]} answers {@code values[i]}; names are lower case constants. */
  HeadersWithExtras(Map<String, List<String>> own, String[] names, List<String>[] values) {
    this.own = own;
    this.names = names;
    this.values = values;
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super List<String>> action) {
    own.forEach((name, list) -> {
      if (!isExtra(name)) {
        action.accept(name, list);
      }
    });
    for (int i = 0; i < names.length; i++) {
      action.accept(names[i], values[i]);
    }
  }

  /** Not used by {@code HttpHeaders.of}; a copy, for anything else that may read the view. */
  @Override
  public Set<Entry<String, List<String>>> entrySet() {
    Map<String, List<String>> copy = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    forEach(copy::put);
    return copy.entrySet();
  }

  private boolean isExtra(String name) {
    for (String extra : names) {
      if (extra.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }
}
