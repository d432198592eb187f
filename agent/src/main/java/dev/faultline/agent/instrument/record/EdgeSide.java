package dev.faultline.agent.instrument.record;

/** Which end of an edge measured it. */
public enum EdgeSide {
  /** Measured by this service around its outbound call. */
  CALLER,
  /** Measured by this service as the callee; the caller is named by {@code x-faultline-caller}. */
  CALLEE
}
