package dev.faultline.agent.jvm;

import java.lang.management.MemoryUsage;

/** Heap and non-heap usage, as {@link java.lang.management.MemoryMXBean} reports it. */
public interface MemorySource {

  MemoryUsage heap();

  MemoryUsage nonHeap();
}
