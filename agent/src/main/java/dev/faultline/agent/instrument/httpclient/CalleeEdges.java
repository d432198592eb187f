package dev.faultline.agent.instrument.httpclient;

import dev.faultline.agent.instrument.record.EdgeSide;
import dev.faultline.agent.instrument.record.EdgeStats;
import dev.faultline.agent.instrument.record.IntervalRecorder;
import dev.faultline.agent.instrument.record.PeerKind;

/**
 * The caller edge of a response, remembered for the last callee: a client calls the same peer again and again, and
 * the peer's name arrives as a new String in every response, so the edge table hashed it on every call (and the
 * {@code host:port} of an unnamed peer was built anew each time). A repeat is now one {@code equals}; another
 * callee replaces the remembered one (an allocation only when the callee changes).
 */
final class CalleeEdges {

  private static final int SERVICE = -1; // the port slot of a callee named by x-faultline-service

  private final IntervalRecorder recorder;
  private final String service;
  private volatile Last last = new Last("", SERVICE - 1, "", null);

  CalleeEdges(IntervalRecorder recorder, String service) {
    this.recorder = recorder;
    this.service = service;
  }

  /** The edge to the service that answered {@code peerService}. */
  Last named(String peerService) {
    Last cached = last;
    if (cached.port == SERVICE && cached.key.equals(peerService)) {
      return cached;
    }
    return remember(peerService, SERVICE, peerService, PeerKind.SERVICE);
  }

  /** The edge to {@code host:port} (an unnamed peer, or a failed call). */
  Last external(String host, int port) {
    host = String.valueOf(host); // "null" for a URI without a host, as before
    Last cached = last;
    if (cached.port == port && cached.key.equals(host)) {
      return cached;
    }
    return remember(host, port, host + ':' + port, PeerKind.EXTERNAL);
  }

  private Last remember(String key, int port, String callee, PeerKind kind) {
    Last created = new Last(key, port, callee, recorder.edge(service, callee, kind, EdgeSide.CALLER, ""));
    last = created;
    return created;
  }

  /** A callee, its name and its edge. */
  static final class Last {
    final String key;
    final int port;
    final String callee;
    final EdgeStats edge;

    Last(String key, int port, String callee, EdgeStats edge) {
      this.key = key;
      this.port = port;
      this.callee = callee;
      this.edge = edge;
    }
  }
}
