package dev.faultline.agent.jvm;

/** Thread counts, as {@link java.lang.management.ThreadMXBean} reports them. */
public interface ThreadSource {

  int live();

  int daemon();

  int peak();
}
