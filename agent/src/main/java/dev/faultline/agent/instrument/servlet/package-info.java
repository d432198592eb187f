/**
 * Instrumentation of the Servlet API ({@code javax.servlet} and {@code jakarta.servlet}): the outermost
 * {@code HttpServlet.service} of a request's initial dispatch is one request of its endpoint; propagation headers
 * are read there. The API is called through {@link dev.faultline.agent.instrument.reflect.PublicMethod}.
 */
package dev.faultline.agent.instrument.servlet;
