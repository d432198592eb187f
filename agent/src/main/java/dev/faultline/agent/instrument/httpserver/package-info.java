/**
 * Instrumentation of the JDK's {@code com.sun.net.httpserver}: the outermost
 * {@code Filter.Chain.doFilter(HttpExchange)} of a request (the filters and the handler) is one request of its
 * endpoint; propagation headers are read there.
 */
package dev.faultline.agent.instrument.httpserver;
