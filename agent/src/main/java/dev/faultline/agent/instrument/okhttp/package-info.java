/**
 * Instrumentation of OkHttp ({@code okhttp3}, 4.x and 5.x): an application interceptor appended to every client
 * measures each call and adds the propagation headers. OkHttp is called through
 * {@link dev.faultline.agent.instrument.reflect.PublicMethod}.
 */
package dev.faultline.agent.instrument.okhttp;
