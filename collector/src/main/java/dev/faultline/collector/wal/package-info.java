/**
 * The collector's write-ahead log: every accepted batch is appended here, and made durable, before it is
 * acknowledged to the agent.
 *
 * <p>Entry point is {@link dev.faultline.collector.wal.Wal}; its options are {@link
 * dev.faultline.collector.wal.WalOptions}. Records are opaque bytes; {@link
 * dev.faultline.collector.wal.IngestRecord} is the envelope the ingest stores (agent id, sequence, receive time,
 * encoded batch). {@link dev.faultline.collector.wal.DurableMap} is a small id-to-bytes store for incidents and RCA
 * results built on the same record framing.
 *
 * <p>Files in a WAL directory:
 * <pre>
 *   00000000000000000000.wal   segment; name = base LSN (byte position of the file's first byte), 20 digits
 *   00000000000067108864.wal   next segment; its base = the previous segment's end, so LSNs are contiguous
 *   snapshot-00000000000000123456.snap   caller state covering every record with LSN &lt; 123456
 * </pre>
 *
 * <p>Everything in this package is thread-safe unless its Javadoc says otherwise. Parameters and return values are
 * non-null unless documented.
 */
package dev.faultline.collector.wal;
