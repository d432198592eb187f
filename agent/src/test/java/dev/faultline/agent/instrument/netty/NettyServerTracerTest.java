package dev.faultline.agent.instrument.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NettyServerTracerTest {

  @Test
  void pathDropsQueryFragmentAndAbsoluteFormAuthority() {
    assertEquals("/items/7", NettyServerTracer.path("/items/7?verbose=1"));
    assertEquals("/items/7", NettyServerTracer.path("/items/7#top"));
    assertEquals("/a/b", NettyServerTracer.path("http://example.test:8080/a/b?q"));
    assertEquals("/", NettyServerTracer.path("http://example.test"));
    assertEquals("/", NettyServerTracer.path("?q=1"));
    assertEquals("/", NettyServerTracer.path(""));
    assertEquals("/", NettyServerTracer.path(null));
    assertEquals("*", NettyServerTracer.path("*"));
  }
}
