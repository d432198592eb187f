/**
 * The ingest benchmark behind {@code faultline bench}: the parse-only ceiling (pre-encoded frames decoded in a
 * loop through the ingest decode path), the same plus storing, and end to end over loopback TCP into an in-process
 * collector; plus the memory cost per series.
 */
package dev.faultline.collector.bench;
