/**
 * Host metrics. {@link dev.faultline.agent.host.HostProbeLoader} extracts the packed OSHI/JNA jars and loads the
 * adapter in {@code host.oshi} through an isolated class loader; {@link dev.faultline.agent.host.HostMetrics}
 * turns its raw counters into ratios and per-second rates.
 */
package dev.faultline.agent.host;
