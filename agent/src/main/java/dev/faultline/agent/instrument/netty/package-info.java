/**
 * Instrumentation of the application's own Netty HTTP server ({@code HttpServerCodec}): each decoded request is one
 * request of its endpoint, ended by the head of its response. Netty is called through
 * {@link dev.faultline.agent.instrument.reflect.PublicMethod}.
 */
package dev.faultline.agent.instrument.netty;
