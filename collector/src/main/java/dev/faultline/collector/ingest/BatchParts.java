package dev.faultline.collector.ingest;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import dev.faultline.collector.model.AgentInfo;
import dev.faultline.collector.model.SeriesRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts both batch payload formats share ({@link BatchCodec} for the WAL, {@link PortableBatchCodec} for
 * Kafka): the agent header, the length-delimited protobuf lists, and the recurring sample group on decode.
 */
final class BatchParts {

  private BatchParts() {}

  /** agentId, service, instance, host, kind, runtimeVersion, agentVersion (strings, null as ""), pid, startTime. */
  static void writeAgent(CodedOutputStream out, AgentInfo a) throws IOException {
    for (String s : new String[] {a.agentId(), a.service(), a.instance(), a.host(), a.kind(), a.runtimeVersion(),
        a.agentVersion()}) {
      out.writeStringNoTag(s == null ? "" : s);
    }
    out.writeInt64NoTag(a.pid());
    out.writeInt64NoTag(a.startTimeMillis());
  }

  /** Reads what {@link #writeAgent} wrote. */
  static AgentInfo readAgent(CodedInputStream in) throws IOException {
    String agentId = in.readString();
    String service = in.readString();
    String instance = in.readString();
    String host = in.readString();
    String kind = in.readString();
    String runtimeVersion = in.readString();
    String agentVersion = in.readString();
    long pid = in.readInt64();
    return new AgentInfo(agentId, service, instance, host, pid, kind, runtimeVersion, agentVersion, in.readInt64());
  }

  /** A count, then each message length-delimited. */
  static void writeMessages(CodedOutputStream out, List<? extends MessageLite> messages) throws IOException {
    out.writeUInt32NoTag(messages.size());
    for (MessageLite m : messages) {
      out.writeUInt32NoTag(m.getSerializedSize());
      m.writeTo(out);
    }
  }

  /** Reads what {@link #writeMessages} wrote. */
  static <T extends MessageLite> List<T> readMessages(CodedInputStream in, Parser<T> parser) throws IOException {
    int count = in.readUInt32();
    if (count == 0) {
      return List.of();
    }
    List<T> result = new ArrayList<>(Math.min(count, 1024));
    for (int i = 0; i < count; i++) {
      result.add(in.readMessage(parser, ExtensionRegistryLite.getEmptyRegistry()));
    }
    return result;
  }

  /**
   * Each agent's previous series array on decode: handing the store the same array for a recurring group (same
   * refs, same order) lets it take the group path, as with live ingest. Not thread-safe.
   */
  static final class RecurringGroups {

    private final Map<String, SeriesRef[]> last = new HashMap<>();

    /** The previous array of {@code agent} if it equals {@code series} (refs compare by identity), else it. */
    SeriesRef[] recurring(String agent, SeriesRef[] series) {
      SeriesRef[] previous = last.get(agent);
      if (previous != null && Arrays.equals(previous, series)) {
        return previous;
      }
      last.put(agent, series);
      return series;
    }

    void clear() {
      last.clear();
    }
  }
}
