/**
 * The collector's write-ahead log: every accepted batch is appended here, and made durable, before it is
 * acknowledged to the agent.
 *
 * <p>Entry point is {@link dev.faultline.collector.wal.Wal}; its options are {@link
 * dev.faultline.collector.wal.WalOptions}. Records are opaque bytes; {@link
 * dev.faultline.collector.wal.IngestRecord} is the envelope the ingest stores (agent id, sequence, receive time,
 * encoded batch). A record may refer to definitions by key ({@link dev.faultline.collector.wal.RecordDefinitions}):
 * the WAL then writes the definitions the active segment lacks just before it, so every segment holds the
 * definitions its records use (segment format 3: samples in runs of one timestamp, keys as spans). {@link
 * dev.faultline.collector.wal.DurableMap} is a small id-to-bytes store for incidents and RCA results built on the
 * same record framing.
 *
 * <p>Files in a WAL directory:
 * <pre>
 *   00000000000000000000.wal   segment; name = base LSN (byte position of the file's first byte), 20 digits
 *   00000000000067108864.wal   next segment; its base = the previous segment's end, so LSNs are contiguous
 *   snapshot-00000000000000123456.snap   caller state covering every record with LSN &lt; 123456
 * </pre>
 *
 * <p>Wiring in the ingest (sketch):
 * <pre>{@code
 * Wal wal = Wal.open(WalOptions.builder(dataDir.resolve("wal")).build());
 * // start: rebuild the store and the highest sequence per agent (HelloReply.last_sequence)
 * WalSnapshot snap = wal.latestSnapshot().orElse(null);          // restore store state from snap.open()
 * wal.replay(snap == null ? 0 : snap.nextLsn(), (lsn, bytes) -> {
 *   IngestRecord r = IngestRecord.decode(bytes);
 *   if (r.sequence() > highest.getOrDefault(r.agentId(), 0L)) { apply(r); highest.put(r.agentId(), r.sequence()); }
 * });
 * // per batch, on the event loop: append before ack, ack when durable
 * try {
 *   wal.append(new IngestRecord(agentId, seq, now, batchBytes).encode(), AppendCallback.of( // or with definitions
 *       lsn -> { queue.offer(batch); ctx.writeAndFlush(ack(seq)); },      // durable: apply and ack
 *       e -> ctx.writeAndFlush(rejection(UNAVAILABLE, e.getMessage()))));  // fsync failed: not acked
 * } catch (WalUnavailableException e) {                          // refusing (disk full) or closed
 *   ctx.writeAndFlush(rejection(UNAVAILABLE, e.getMessage()));   // the agent keeps the batch and retries
 * }
 * // shutdown hook, after the ingest stopped accepting: wal.close();
 * }</pre>
 *
 * <p>Failure handling, decided once for the whole package:
 * <ul>
 *   <li>torn or corrupt tail of the last segment (nothing intact after it, or only records after an unwritten gap of
 *       the preallocated zeros): cut off on open, one WARNING line naming file, offset and bytes dropped; those
 *       records were never acknowledged. The zero tail of a preallocated segment after its last record is no damage;
 *   <li>damage with intact data after it (mid-log, or mid-last-segment): never skipped silently. Default {@code
 *       FAIL}: open/replay throw {@link dev.faultline.collector.wal.WalCorruptionException} naming file, offset and
 *       bytes; the files are left untouched. Opt-in {@code SKIP_DAMAGED}: the rest of the damaged segment is skipped
 *       with one SEVERE line stating exactly what was lost, and replay continues;
 *   <li>unknown format version or foreign file: {@link dev.faultline.collector.wal.WalFormatException} on open;
 *   <li>full disk, failed write or fsync: {@link dev.faultline.collector.wal.WalState#REFUSING}, appends fail fast with
 *       {@link dev.faultline.collector.wal.WalUnavailableException}, automatic recovery when space is back. Writes
 *       run on the WAL's writer thread after {@code append} returned, so a failed write (like a failed fsync) fails
 *       the callbacks of that append and of every later one; a write queue that stays full refuses appends too.
 * </ul>
 *
 * <p>Threads: appending threads only reserve, frame and queue (no file I/O); one writer thread writes and rolls
 * segments (preallocated to their full size, sealed to their records); one flusher thread fsyncs and runs the
 * callbacks in LSN order (never on the appending thread). See {@code WalWriter} and docs/durability.md "Write
 * path".
 *
 * <p>Everything in this package is thread-safe unless its Javadoc says otherwise. Parameters and return values are
 * non-null unless documented.
 */
package dev.faultline.collector.wal;
