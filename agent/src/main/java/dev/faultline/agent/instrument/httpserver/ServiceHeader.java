package dev.faultline.agent.instrument.httpserver;

import com.sun.net.httpserver.Headers;
import dev.faultline.agent.instrument.Propagation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code x-faultline-service} into a response's {@link Headers}. {@code Headers.set} normalises the name it
 * is given into a new String (a char array and a String per call) and wraps the value in a new
 * {@code LinkedList}; with the map behind the headers reachable ({@link RequestHeaderMaps#of}), the entry is put
 * under the name already in {@code Headers}' form, the value in a one-element list: the same entry, less work.
 */
final class ServiceHeader {

  /** {@link Propagation#SERVICE_HEADER} as {@code Headers} stores it: first letter upper case, the rest lower. */
  static final String KEY = "X-faultline-service";

  private ServiceHeader() {}

  static void set(Headers headers, String service) {
    Map<String, List<String>> map = RequestHeaderMaps.of(headers);
    if (map == null) {
      headers.set(Propagation.SERVICE_HEADER, service);
      return;
    }
    List<String> value = new ArrayList<>(1); // mutable, as Headers' own lists are: the application may add to it
    value.add(service);
    map.put(KEY, value);
  }
}
