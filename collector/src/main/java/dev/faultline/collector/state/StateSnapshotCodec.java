package dev.faultline.collector.state;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import dev.faultline.collector.ingest.AgentLedger;
import dev.faultline.collector.ingest.AgentSession;
import dev.faultline.collector.ingest.WalDictionary;
import dev.faultline.collector.store.Registry;
import dev.faultline.collector.store.SeriesStore;
import dev.faultline.collector.store.StoreSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The bytes of a state snapshot (the WAL's snapshot file adds magic, length, checksum and atomic replacement around
 * them). Varints and strings in protobuf's wire encoding, but no schema: the layout is fixed per version.
 *
 * <pre>
 * "FLST" u32, version u32 = 2
 * agents:    count, then per agent: id, last applied sequence, dropped batches, last seen ms
 * instances: count, then per instance: service, instance, host, pid, agent version, runtime version, last seen ms
 * hosts:     count, then per host: name, last seen ms, has host probe
 * dictionary: the WAL's series definitions by key ({@link WalDictionary#writeTo})
 * store:     the series and their points, block by block ({@link StoreSnapshot})
 * </pre>
 *
 * Why the dictionary (new in version 2): WAL records refer to series definitions written earlier in their segment;
 * a replay that starts at the snapshot's LSN, in the middle of a segment, needs the definitions written before that
 * LSN, and the segments wholly before it may be deleted. It is captured after the snapshot's LSN was fixed, so it
 * holds every definition logged below it.
 *
 * Agents are captured before series: every sequence in the snapshot was applied before its points were read, so
 * a replay that skips those sequences loses nothing; a batch applied while the series were being read may be in
 * the snapshot and replayed again, and the store skips points not newer than what it holds.
 */
public final class StateSnapshotCodec {

  static final int MAGIC = 0x464C5354; // "FLST"
  static final int VERSION = 2;

  private StateSnapshotCodec() {}

  /** {@link #encode(AgentLedger, SeriesStore, WalDictionary)} with an empty dictionary (state without a log). */
  public static byte[] encode(AgentLedger ledger, SeriesStore store) {
    return encode(ledger, store, new WalDictionary());
  }

  /**
   * Encodes the current state of {@code ledger}, {@code dictionary} and {@code store} (in that order, see the class
   * comment).
   */
  public static byte[] encode(AgentLedger ledger, SeriesStore store, WalDictionary dictionary) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
      CodedOutputStream out = CodedOutputStream.newInstance(bytes, 1 << 16);
      out.writeFixed32NoTag(MAGIC);
      out.writeUInt32NoTag(VERSION);
      List<AgentSession> sessions = ledger.sessions();
      out.writeUInt32NoTag(sessions.size());
      for (AgentSession s : sessions) {
        out.writeStringNoTag(s.agentId());
        out.writeUInt64NoTag(s.lastSequence());
        out.writeUInt64NoTag(s.droppedBatches());
        out.writeInt64NoTag(s.lastSeenMillis());
      }
      writeRegistry(out, store.registry());
      dictionary.writeTo(out);
      StoreSnapshot.write(out, store);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
    }
  }

  /** {@link #restore(byte[], AgentLedger, SeriesStore, WalDictionary)}, dropping the dictionary. */
  public static long restore(byte[] state, AgentLedger ledger, SeriesStore store) throws IOException {
    return restore(state, ledger, store, new WalDictionary());
  }

  /**
   * Restores a snapshot into an empty {@code ledger}, {@code store} and {@code dictionary}.
   *
   * @return the number of points restored
   * @throws IOException if the bytes are not a state snapshot of a version this build reads
   */
  public static long restore(byte[] state, AgentLedger ledger, SeriesStore store, WalDictionary dictionary)
      throws IOException {
    try {
      CodedInputStream in = CodedInputStream.newInstance(state);
      in.setSizeLimit(Integer.MAX_VALUE);
      if (in.readFixed32() != MAGIC) {
        throw new IOException("not a Faultline state snapshot");
      }
      int version = in.readUInt32();
      if (version != VERSION) {
        throw new IOException("state snapshot format version " + version + ", this build reads version " + VERSION
            + (version == 1 ? " (written by an older release, whose WAL segments this release cannot read either)"
                : ""));
      }
      for (int n = in.readUInt32(), i = 0; i < n; i++) {
        ledger.restore(in.readString(), in.readUInt64(), in.readUInt64(), in.readInt64());
      }
      readRegistry(in, store.registry());
      dictionary.readFrom(in);
      return StoreSnapshot.read(in, store);
    } catch (IOException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IOException("damaged state snapshot: " + e, e);
    }
  }

  private static void writeRegistry(CodedOutputStream out, Registry registry) throws IOException {
    List<Registry.Service> services = registry.services();
    int instances = services.stream().mapToInt(s -> s.instances().size()).sum();
    out.writeUInt32NoTag(instances);
    for (Registry.Service service : services) {
      for (Registry.Instance i : service.instances()) {
        out.writeStringNoTag(service.name());
        out.writeStringNoTag(i.instance());
        out.writeStringNoTag(i.host());
        out.writeInt64NoTag(i.pid());
        out.writeStringNoTag(i.agentVersion());
        out.writeStringNoTag(i.runtimeVersion());
        out.writeInt64NoTag(i.lastSeenMillis());
      }
    }
    List<Registry.Host> hosts = registry.hosts();
    out.writeUInt32NoTag(hosts.size());
    for (Registry.Host h : hosts) {
      out.writeStringNoTag(h.host());
      out.writeInt64NoTag(h.lastSeenMillis());
      out.writeBoolNoTag(h.hasHostProbe());
    }
  }

  private static void readRegistry(CodedInputStream in, Registry registry) throws IOException {
    for (int n = in.readUInt32(), i = 0; i < n; i++) {
      String service = in.readString();
      registry.restore(service, new Registry.Instance(in.readString(), in.readString(), in.readInt64(),
          in.readString(), in.readString(), in.readInt64()));
    }
    for (int n = in.readUInt32(), i = 0; i < n; i++) {
      registry.restore(new Registry.Host(in.readString(), in.readInt64(), in.readBool()));
    }
  }
}
