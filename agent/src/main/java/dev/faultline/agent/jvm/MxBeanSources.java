package dev.faultline.agent.jvm;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;
import java.util.List;

/** All JVM sources backed by the platform MXBeans of this JVM. */
public final class MxBeanSources implements MemorySource, ThreadSource, GcSource, ProcessSource {

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
  private final RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
  private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
  // The set of collectors is fixed for the life of a JVM, so the list is read once.
  private final List<GarbageCollectorMXBean> gcs = ManagementFactory.getGarbageCollectorMXBeans();

  @Override
  public MemoryUsage heap() {
    return memory.getHeapMemoryUsage();
  }

  @Override
  public MemoryUsage nonHeap() {
    return memory.getNonHeapMemoryUsage();
  }

  @Override
  public int live() {
    return threads.getThreadCount();
  }

  @Override
  public int daemon() {
    return threads.getDaemonThreadCount();
  }

  @Override
  public int peak() {
    return threads.getPeakThreadCount();
  }

  @Override
  public int count() {
    return gcs.size();
  }

  @Override
  public String name(int index) {
    return gcs.get(index).getName();
  }

  @Override
  public long collections(int index) {
    return gcs.get(index).getCollectionCount();
  }

  @Override
  public long timeMillis(int index) {
    return gcs.get(index).getCollectionTime();
  }

  @Override
  public long cpuNanos() {
    // com.sun.management is in the jdk.management module of every HotSpot/OpenJ9 build we support.
    if (os instanceof com.sun.management.OperatingSystemMXBean) {
      return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
    }
    return -1;
  }

  @Override
  public int processors() {
    return os.getAvailableProcessors();
  }

  @Override
  public long uptimeMillis() {
    return runtime.getUptime();
  }

  @Override
  public long classesLoaded() {
    return classes.getLoadedClassCount();
  }
}
