/**
 * The bootstrap bridge: the only Faultline classes that instrumented JDK code may reference.
 *
 * <p>{@code Instrumenter} appends this package to the bootstrap class path at start-up, so advice inlined into
 * classes of the bootstrap and platform loaders ({@code HttpURLConnection}, {@code java.net.http},
 * {@code com.sun.net.httpserver}) can see it. Everything here depends on the JDK only: hook interfaces the agent
 * implements, their static holder, the per-thread call depth and the propagated trace context.
 * Not for public use.
 */
package dev.faultline.agent.bootstrap;
