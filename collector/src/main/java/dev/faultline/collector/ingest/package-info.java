/**
 * The ingest port: a Netty server speaking the agent protocol of {@code proto/README.md}. Per connection, in wire
 * order: idle detection, the magic preamble check, length-prefixed framing, {@code ClientFrame} decoding, the
 * {@code ServerFrame} encoder, then one {@link dev.faultline.collector.ingest.IngestHandler} holding the handshake
 * state, the series dictionary and the exactly-once check. Decoded batches leave through
 * {@link dev.faultline.collector.ingest.BatchSink}; nothing here knows how they are stored.
 */
package dev.faultline.collector.ingest;
