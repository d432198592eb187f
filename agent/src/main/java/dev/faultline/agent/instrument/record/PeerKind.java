package dev.faultline.agent.instrument.record;

/** What the other end of a call-graph edge is. */
public enum PeerKind {
  /** Another instrumented service, named by the propagated headers. */
  SERVICE,
  /** A database, named {@code db:<vendor>://host:port/name}. */
  DATABASE,
  /** Anything else, named {@code host:port}. */
  EXTERNAL
}
