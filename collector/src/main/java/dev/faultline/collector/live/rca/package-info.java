/**
 * Live root-cause analysis: when to analyse an incident ({@link dev.faultline.collector.live.rca.RcaScheduler}),
 * how its history is cut from the live store into the offline analyser's input
 * ({@link dev.faultline.collector.live.rca.IncidentHistory}) and the run itself
 * ({@link dev.faultline.collector.live.rca.LiveRootCause}), configured by the {@code rca:} section
 * ({@link dev.faultline.collector.live.rca.RcaConfig}).
 */
package dev.faultline.collector.live.rca;
