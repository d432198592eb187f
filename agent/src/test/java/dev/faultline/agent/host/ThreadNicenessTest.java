package dev.faultline.agent.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

@Timeout(30)
@EnabledOnOs(OS.LINUX)
class ThreadNicenessTest {

  private static final ClassLoader AGENT_LOADER = ThreadNicenessTest.class.getClassLoader();

  @Test
  void lowersOnlyTheCallingThreadRelativeToItsNicenessWithoutStartingAProcess() throws Exception {
    int normal = ThreadNiceness.niceness(Path.of("/proc/thread-self/stat"));
    assumeTrue(normal < ThreadNiceness.LOWEST, "room to lower this JVM's priority");
    boolean reaperBefore = processReaperRuns();
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Integer> bystanderId = new CompletableFuture<>();
    Thread bystander = new Thread(() -> {
      try {
        bystanderId.complete(ThreadNiceness.currentThreadId());
        release.await();
      } catch (Exception e) {
        bystanderId.completeExceptionally(e);
      }
    });
    bystander.start();
    CompletableFuture<int[]> lowered = new CompletableFuture<>();
    Thread worker = new Thread(() -> {
      try {
        int result = ThreadNiceness.lowerCurrentThread(3, AGENT_LOADER);
        lowered.complete(new int[] {result, ThreadNiceness.niceness(Path.of("/proc/thread-self/stat"))});
      } catch (Exception e) {
        lowered.completeExceptionally(e);
      }
    });
    worker.start();
    try {
      int expected = Math.min(ThreadNiceness.LOWEST, normal + 3);
      assertEquals(expected, lowered.get()[0]);
      assertEquals(expected, lowered.get()[1], "the kernel's view of the worker");
      assertEquals(normal, ThreadNiceness.niceness(Path.of("/proc/thread-self/stat")), "the caller's thread");
      assertEquals(normal, ThreadNiceness.niceness(Path.of("/proc/self/task/" + bystanderId.get() + "/stat")),
          "a thread that was running already");
      if (!reaperBefore) {
        assertFalse(processReaperRuns(), "no external process was started");
      }
    } finally {
      release.countDown();
      worker.join();
      bystander.join();
    }
  }

  @Test
  void aThreadAtTheLowestPriorityAndNoStepsChangeNothing() throws Exception {
    CompletableFuture<int[]> results = new CompletableFuture<>();
    Thread worker = new Thread(() -> {
      int none = ThreadNiceness.lowerCurrentThread(0, AGENT_LOADER);
      int lowest = ThreadNiceness.lowerCurrentThread(ThreadNiceness.LOWEST + 20, AGENT_LOADER);
      int again = ThreadNiceness.lowerCurrentThread(1, AGENT_LOADER);
      results.complete(new int[] {none, lowest, again});
    });
    worker.start();
    worker.join();
    assertEquals(-1, results.get()[0]);
    assertEquals(ThreadNiceness.LOWEST, results.get()[1], "capped at 19");
    assertEquals(-1, results.get()[2], "already at 19");
  }

  @Test
  void withoutTheJnaJarNothingChangesAndNothingThrows() throws Exception {
    CompletableFuture<int[]> results = new CompletableFuture<>();
    Thread worker = new Thread(() -> {
      try {
        int before = ThreadNiceness.niceness(Path.of("/proc/thread-self/stat"));
        int result = ThreadNiceness.lowerCurrentThread(3, new ClassLoader(null) {});
        results.complete(new int[] {result, before, ThreadNiceness.niceness(Path.of("/proc/thread-self/stat"))});
      } catch (Exception e) {
        results.completeExceptionally(e);
      }
    });
    worker.start();
    worker.join();
    assertEquals(-1, results.get()[0]);
    assertEquals(results.get()[1], results.get()[2]);
  }

  private static boolean processReaperRuns() {
    return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("process reaper"));
  }
}
