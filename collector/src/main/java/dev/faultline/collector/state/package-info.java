/**
 * Snapshots of the collector's in-memory state (the series store, the registry of reporters, the per-agent
 * sequences and the call graph) next to the write-ahead log, so that a restart loads the newest snapshot and
 * replays only the log written after it: {@link dev.faultline.collector.state.StateSnapshotCodec} is the format,
 * {@link dev.faultline.collector.state.Snapshotter} decides when and where.
 */
package dev.faultline.collector.state;
