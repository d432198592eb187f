/**
 * JVM metrics from the platform MXBeans. Reading sits behind small source interfaces
 * ({@link dev.faultline.agent.jvm.MemorySource}, {@link dev.faultline.agent.jvm.ThreadSource},
 * {@link dev.faultline.agent.jvm.GcSource}, {@link dev.faultline.agent.jvm.ProcessSource}) so tests inject fakes;
 * {@link dev.faultline.agent.jvm.JvmMetrics} turns readings into samples and interval ratios.
 */
package dev.faultline.agent.jvm;
