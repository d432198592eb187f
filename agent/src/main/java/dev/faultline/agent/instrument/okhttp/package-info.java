/**
 * Instrumentation of OkHttp ({@code okhttp3}, 4.x and 5.x): the outermost {@code RealInterceptorChain.proceed} of a
 * call is one outbound call, sent with the propagation headers. OkHttp is called through
 * {@link dev.faultline.agent.instrument.reflect.PublicMethod}.
 */
package dev.faultline.agent.instrument.okhttp;
