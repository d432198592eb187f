package dev.faultline.collector.reload;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs a reload when the process gets SIGHUP ({@code systemctl reload}, {@code kill -HUP PID}).
 *
 * <p>Uses {@code sun.misc.Signal} (module jdk.unsupported, exported on every JDK since 9 and meant for exactly
 * this): installing the handler also replaces the JVM's default for SIGHUP, which would otherwise run the
 * shutdown hooks and stop the daemon. The handler only hands off to a single daemon thread ({@code
 * faultline-reload}): the JVM's signal thread must not block on file I/O. Signals arriving while a reload is
 * still queued are folded into it. Where the signal cannot be handled (a JVM started with {@code -Xrs}, a
 * platform without SIGHUP), {@link #install} logs why and returns false; the daemon runs on without reload.
 */
public final class SighupTrigger {

  private static final Logger log = Logger.getLogger(SighupTrigger.class.getName());

  private SighupTrigger() {}

  /** Installs the handler; {@code reload} then runs on the {@code faultline-reload} thread at each SIGHUP. */
  public static boolean install(Runnable reload) {
    ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "faultline-reload");
      t.setDaemon(true);
      return t;
    });
    AtomicBoolean queued = new AtomicBoolean();
    Runnable guarded = () -> {
      queued.set(false);
      try {
        reload.run();
      } catch (RuntimeException e) {
        log.log(Level.WARNING, "config reload failed unexpectedly; the running configuration is kept", e);
      }
    };
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> {
        if (queued.compareAndSet(false, true)) {
          executor.execute(guarded);
        }
      });
      return true;
    } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
      executor.shutdown();
      log.warning(() -> "SIGHUP cannot be handled here (" + e.getMessage() + "); configuration reload is off,"
          + " restart the collector to apply changes");
      return false;
    }
  }
}
