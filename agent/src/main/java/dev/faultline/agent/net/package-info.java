/**
 * The connection to the collector: a Netty NIO client on one daemon thread that speaks the protocol of
 * {@code proto/README.md} (magic, length-prefixed frames, handshake, dictionary, batches, cumulative acks),
 * keeps unacknowledged batches in a bounded buffer and reconnects with capped, jittered backoff.
 */
package dev.faultline.agent.net;
