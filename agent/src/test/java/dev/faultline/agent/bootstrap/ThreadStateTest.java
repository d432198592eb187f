package dev.faultline.agent.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** The per-thread state behind CallDepth and TraceContext. */
class ThreadStateTest {

  @Test
  void depthsCountNestedCallsPerLibraryAndNeverGoNegative() {
    ThreadState thread = ThreadState.current();
    assertEquals(0, thread.enter(CallDepth.HTTP_SERVER));
    assertEquals(1, thread.enter(CallDepth.HTTP_SERVER));
    assertEquals(0, CallDepth.get(CallDepth.JDBC), "libraries count separately");
    assertEquals(2, CallDepth.get(CallDepth.HTTP_SERVER), "CallDepth reads the same state");
    assertEquals(1, thread.exit(CallDepth.HTTP_SERVER));
    assertEquals(0, CallDepth.decrement(CallDepth.HTTP_SERVER));
    assertEquals(-1, thread.exit(CallDepth.HTTP_SERVER), "an exit without its enter");
    assertEquals(0, thread.depth(CallDepth.HTTP_SERVER));
  }

  @Test
  void traceContextIsTheThreadStatesContext() {
    ThreadState thread = ThreadState.current();
    TraceContext context = new TraceContext(1, 2, "checkout");
    TraceContext previous = thread.attach(context);
    try {
      assertNull(previous);
      assertSame(context, TraceContext.current());
    } finally {
      TraceContext.restore(previous);
    }
    assertNull(thread.context());
  }

  @Test
  void eachThreadHasItsOwn() throws Exception {
    ThreadState mine = ThreadState.current();
    mine.setScope(CallDepth.SERVLET, "scope");
    ThreadState[] elsewhere = new ThreadState[1];
    Thread reader = new Thread(() -> elsewhere[0] = ThreadState.current());
    reader.start();
    reader.join();
    try {
      assertSame(mine, ThreadState.current(), "same thread, same state");
      assertNotSame(mine, elsewhere[0]);
      assertNull(elsewhere[0].scope(CallDepth.SERVLET));
      assertEquals("scope", mine.scope(CallDepth.SERVLET));
    } finally {
      mine.setScope(CallDepth.SERVLET, null);
    }
  }
}
