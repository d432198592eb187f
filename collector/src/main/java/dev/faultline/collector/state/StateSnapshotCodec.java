package dev.faultline.collector.state;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import dev.faultline.collector.ingest.AgentLedger;
import dev.faultline.collector.ingest.AgentSession;
import dev.faultline.collector.ingest.WalDictionary;
import dev.faultline.collector.live.EdgeTable;
import dev.faultline.collector.store.Registry;
import dev.faultline.collector.store.SeriesStore;
import dev.faultline.collector.store.StoreSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The bytes of a state snapshot (the WAL's snapshot file adds magic, length, checksum and atomic replacement around
 * them). Varints and strings in protobuf's wire encoding, but no schema: the layout is fixed per version.
 *
 * <pre>
 * "FLST" u32, version u32 = 3
 * agents:    count, then per agent: id, last applied sequence, dropped batches, last seen ms
 * instances: count, then per instance: service, instance, host, pid, agent version, runtime version, last seen ms
 * hosts:     count, then per host: name, last seen ms, has host probe
 * dictionary: the WAL's series definitions by key ({@link WalDictionary#writeTo})
 * store:     the series and their points, block by block ({@link StoreSnapshot})
 * edges:     count, then per call-graph edge: caller, callee, callee kind, calls, errors, calls/s (double),
 *            p99 s (double), data ms, received ms, reported by caller (bool)           [version 3 on]
 * </pre>
 *
 * Why the edges (new in version 3): without them the call graph is empty after a restart until every agent
 * reports its calls again, and an incident in between has no propagation paths. Their receive times are kept, so
 * the edge TTL ages them out as if there had been no restart. Version 2 snapshots are still read (no edges).
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
  static final int VERSION = 3;
  /** The oldest version this build reads: version 2 lacks only the edges. */
  static final int OLDEST_READABLE = 2;

  private StateSnapshotCodec() {}

  /** {@link #encode(AgentLedger, SeriesStore, WalDictionary, EdgeTable)} with an empty dictionary and no edges. */
  public static byte[] encode(AgentLedger ledger, SeriesStore store) {
    return encode(ledger, store, new WalDictionary(), null);
  }

  /** {@link #encode(AgentLedger, SeriesStore, WalDictionary, EdgeTable)} without edges. */
  public static byte[] encode(AgentLedger ledger, SeriesStore store, WalDictionary dictionary) {
    return encode(ledger, store, dictionary, null);
  }

  /** {@link #encode(OutputStream, AgentLedger, SeriesStore, WalDictionary, EdgeTable)} into an array. */
  public static byte[] encode(AgentLedger ledger, SeriesStore store, WalDictionary dictionary, EdgeTable edges) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
      encode(bytes, ledger, store, dictionary, edges);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
    }
  }

  /**
   * Streams the current state of {@code ledger}, {@code dictionary}, {@code store} and {@code edges} (in that
   * order, see the class comment) into {@code target}; {@code edges} may be null (live analysis off): an empty
   * section. Streamed, because a full store's state is as large as the store.
   */
  public static void encode(OutputStream target, AgentLedger ledger, SeriesStore store, WalDictionary dictionary,
      EdgeTable edges) throws IOException {
    CodedOutputStream out = CodedOutputStream.newInstance(target, 1 << 16);
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
    writeEdges(out, edges == null ? List.of() : edges.saved());
    out.flush();
  }

  /** {@link #restore(byte[], AgentLedger, SeriesStore, WalDictionary, EdgeTable)}, dropping dictionary and edges. */
  public static long restore(byte[] state, AgentLedger ledger, SeriesStore store) throws IOException {
    return restore(state, ledger, store, new WalDictionary(), null);
  }

  /** {@link #restore(byte[], AgentLedger, SeriesStore, WalDictionary, EdgeTable)}, dropping the edges. */
  public static long restore(byte[] state, AgentLedger ledger, SeriesStore store, WalDictionary dictionary)
      throws IOException {
    return restore(state, ledger, store, dictionary, null);
  }

  /**
   * Restores a snapshot into an empty {@code ledger}, {@code store}, {@code dictionary} and {@code edges} (null:
   * the edges are skipped). Restored edges keep their receive times: expire the table to drop those past the TTL.
   *
   * @return the number of points restored
   * @throws IOException if the bytes are not a state snapshot of a version this build reads
   */
  public static long restore(byte[] state, AgentLedger ledger, SeriesStore store, WalDictionary dictionary,
      EdgeTable edges) throws IOException {
    return restore(CodedInputStream.newInstance(state), ledger, store, dictionary, edges);
  }

  /** {@link #restore(byte[], AgentLedger, SeriesStore, WalDictionary, EdgeTable)} from a stream (a snapshot file). */
  public static long restore(InputStream state, AgentLedger ledger, SeriesStore store, WalDictionary dictionary,
      EdgeTable edges) throws IOException {
    return restore(CodedInputStream.newInstance(state, 1 << 16), ledger, store, dictionary, edges);
  }

  private static long restore(CodedInputStream in, AgentLedger ledger, SeriesStore store, WalDictionary dictionary,
      EdgeTable edges) throws IOException {
    try {
      in.setSizeLimit(Integer.MAX_VALUE);
      if (in.readFixed32() != MAGIC) {
        throw new IOException("not a Faultline state snapshot");
      }
      int version = in.readUInt32();
      if (version < OLDEST_READABLE || version > VERSION) {
        throw new IOException("state snapshot format version " + version + ", this build reads versions "
            + OLDEST_READABLE + " to " + VERSION
            + (version == 1 ? " (written by an older release, whose WAL segments this release cannot read either)"
                : version > VERSION ? " (written by a newer release: start that release, or move the data dir"
                    + " aside to start empty)" : ""));
      }
      for (int n = in.readUInt32(), i = 0; i < n; i++) {
        ledger.restore(in.readString(), in.readUInt64(), in.readUInt64(), in.readInt64());
      }
      readRegistry(in, store.registry());
      dictionary.readFrom(in);
      long points = StoreSnapshot.read(in, store);
      if (version >= 3) {
        readEdges(in, edges);
      }
      return points;
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

  private static void writeEdges(CodedOutputStream out, List<EdgeTable.SavedEdge> saved) throws IOException {
    out.writeUInt32NoTag(saved.size());
    for (EdgeTable.SavedEdge s : saved) {
      EdgeTable.Edge e = s.edge();
      out.writeStringNoTag(e.caller());
      out.writeStringNoTag(e.callee());
      out.writeStringNoTag(e.calleeKind());
      out.writeUInt64NoTag(e.calls());
      out.writeUInt64NoTag(e.errors());
      out.writeDoubleNoTag(e.callsPerSecond());
      out.writeDoubleNoTag(e.latencyP99Seconds());
      out.writeInt64NoTag(e.dataMillis());
      out.writeInt64NoTag(e.receivedMillis());
      out.writeBoolNoTag(s.reportedByCaller());
    }
  }

  private static void readEdges(CodedInputStream in, EdgeTable edges) throws IOException {
    for (int n = in.readUInt32(), i = 0; i < n; i++) {
      EdgeTable.Edge e = new EdgeTable.Edge(in.readString(), in.readString(), in.readString(), in.readUInt64(),
          in.readUInt64(), in.readDouble(), in.readDouble(), in.readInt64(), in.readInt64());
      boolean byCaller = in.readBool();
      if (edges != null) {
        edges.restore(new EdgeTable.SavedEdge(e, byCaller));
      }
    }
  }
}
