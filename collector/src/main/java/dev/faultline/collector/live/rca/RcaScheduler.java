package dev.faultline.collector.live.rca;

import dev.faultline.collector.incident.Incident;
import dev.faultline.collector.incident.RootCauseAnalysis;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * When to analyse which incident, on one background thread ({@code faultline-rca}), never on the ingest or
 * detection threads. An incident is analysed as soon as it opens, again when its anomaly set (its series) grows,
 * and, while open, every {@code refresh} (its data after the start keeps growing); never more often than once per
 * {@code debounce}, so a burst of anomalies costs one run. Callers only enqueue; a change that arrives while a run
 * is under way schedules the next run.
 *
 * <pre>{@code
 * RcaScheduler s = new RcaScheduler(config, incidents::get, rootCause::analyze, store::attachRca, System::nanoTime);
 * s.changed(incident);            // from the grouper's thread
 * s.refresh(openIncidents);       // from the analysis ticker
 * }</pre>
 */
public final class RcaScheduler implements AutoCloseable {

  private static final Logger log = Logger.getLogger(RcaScheduler.class.getName());

  private final long debounceNanos;
  private final long refreshNanos;
  private final Function<String, Incident> lookup;
  private final Function<Incident, RootCauseAnalysis> analyzer;
  private final BiConsumer<String, RootCauseAnalysis> results;
  private final LongSupplier nanoClock;
  private final ScheduledExecutorService thread;
  /** Per incident analysed since start; guarded by this. */
  private final Map<String, State> states = new HashMap<>();
  private int queued;

  /**
   * @param lookup the current incident by id (null once it is gone)
   * @param analyzer runs one analysis
   * @param results receives each analysis with its incident's id (stores and announces it)
   * @param nanoClock monotonic clock for the debounce, in nanoseconds
   */
  public RcaScheduler(RcaConfig config, Function<String, Incident> lookup, Function<Incident, RootCauseAnalysis> analyzer,
      BiConsumer<String, RootCauseAnalysis> results, LongSupplier nanoClock) {
    this.debounceNanos = config.debounce().toNanos();
    this.refreshNanos = config.refresh().toNanos();
    this.lookup = lookup;
    this.analyzer = analyzer;
    this.results = results;
    this.nanoClock = nanoClock;
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "faultline-rca");
      t.setDaemon(true);
      t.setPriority(Thread.MIN_PRIORITY); // background analysis: queries and ingest come first
      return t;
    });
  }

  /** The grouper opened or changed {@code incident}: analyse it when its anomaly set is new. */
  public synchronized void changed(Incident incident) {
    State s = states.computeIfAbsent(incident.id(), id -> new State());
    String signature = signature(incident);
    s.wanted = signature;
    if (!s.pending && !signature.equals(s.analysed)) {
      schedule(incident.id(), s);
    }
  }

  /** Open incidents already analysed since start are analysed again once their last run is {@code refresh} old. */
  public synchronized void refresh(Collection<Incident> open) {
    long now = nanoClock.getAsLong();
    for (Incident i : open) {
      State s = states.get(i.id());
      if (s != null && !s.pending && now - s.lastRunNanos >= refreshNanos) {
        schedule(i.id(), s);
      }
    }
  }

  /** Stops analysing {@code id} (it resolved); a run under way still completes. */
  public synchronized void forget(String id) {
    State s = states.get(id);
    if (s != null && !s.pending && !s.running) {
      states.remove(id);
    }
  }

  private void schedule(String id, State s) {
    long wait = s.lastRunNanos == 0 ? 0 : Math.max(0, s.lastRunNanos + debounceNanos - nanoClock.getAsLong());
    s.pending = true;
    queued++;
    try {
      thread.schedule(() -> run(id), wait, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) { // closed
      s.pending = false;
      queued--;
    }
  }

  private void run(String id) {
    String signature;
    synchronized (this) {
      State s = states.get(id);
      s.pending = false;
      s.running = true;
      s.lastRunNanos = Math.max(1, nanoClock.getAsLong());
      signature = s.wanted;
    }
    try {
      Incident incident = lookup.apply(id);
      if (incident != null) {
        results.accept(id, analyse(incident));
      }
    } finally {
      synchronized (this) {
        State s = states.get(id);
        s.running = false;
        s.analysed = signature;
        if (!s.pending && !s.wanted.equals(signature)) {
          schedule(id, s); // the anomaly set grew while this run read an older one
        }
        queued--;
        notifyAll();
      }
    }
  }

  private RootCauseAnalysis analyse(Incident incident) {
    long start = System.nanoTime();
    try {
      RootCauseAnalysis r = analyzer.apply(incident);
      log.fine(() -> "analysed " + incident.id() + " in " + (System.nanoTime() - start) / 1_000_000 + " ms: "
          + (r.top() == null ? r.status() : r.top().service()));
      return r;
    } catch (RuntimeException e) {
      log.log(Level.WARNING, "root-cause analysis of " + incident.id() + " failed", e);
      return new RootCauseAnalysis(RootCauseAnalysis.FAILED, System.currentTimeMillis(), 0, null, null, null,
          e.toString());
    }
  }

  /** Waits until no analysis is queued or running. */
  public synchronized boolean awaitIdle(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    while (queued > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /** The anomaly set: a new series or service is a new signature; an anomaly ending is not. */
  private static String signature(Incident i) {
    return i.series().size() + "|" + i.services().size() + "|" + i.hosts().size();
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS); // a run under way stores its result before the store closes
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static final class State {
    String wanted = "";
    String analysed;
    boolean pending;
    boolean running;
    long lastRunNanos;
  }
}
