/**
 * Instrumentation of Apache HttpClient 4 and 5 (classic API): {@code doExecute} of the concrete clients is one
 * outbound call; propagation headers are added to its request. Their async clients (HttpClient 5 async,
 * HttpAsyncClient 4): the submit's {@code FutureCallback} is replaced by a proxy that records the call when it ends.
 * The library is called through {@link dev.faultline.agent.instrument.reflect.PublicMethod}.
 */
package dev.faultline.agent.instrument.apache;
