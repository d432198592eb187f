package dev.faultline.collector.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class LoopInboxTest {

  private final List<String> ran = new CopyOnWriteArrayList<>();

  private LoopInbox inbox(EmbeddedChannel ch) {
    ChannelHandlerContext ctx = ch.pipeline().firstContext();
    return new LoopInbox(ctx, () -> ran.add("end"));
  }

  @Test
  void tasksFromAnotherThreadRunInOrderOnTheLoopWithOneEndOfBurst() throws Exception {
    EmbeddedChannel ch = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
    LoopInbox inbox = inbox(ch);
    Thread wal = new Thread(() -> {
      for (String name : List.of("a", "b", "c")) {
        inbox.submit(() -> ran.add(name));
      }
    });
    wal.start();
    wal.join();
    assertEquals(List.of(), ran, "nothing runs off the loop");
    ch.runPendingTasks();
    assertEquals(List.of("a", "b", "c", "end"), ran);
    inbox.submit(() -> ran.add("d"));
    ch.runPendingTasks();
    assertEquals(List.of("a", "b", "c", "end", "d", "end"), ran, "a later task schedules the next burst");
  }

  @Test
  void aFailingTaskDoesNotStopTheOthers() {
    EmbeddedChannel ch = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
    LoopInbox inbox = inbox(ch);
    inbox.submit(() -> {
      throw new IllegalStateException("boom");
    });
    inbox.submit(() -> ran.add("b"));
    ch.runPendingTasks();
    assertEquals(List.of("b", "end"), ran);
  }
}
