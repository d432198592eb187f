/**
 * Instrumentation of {@code sun.net.www.protocol.http.HttpURLConnection} (HTTP and, through its delegate, HTTPS):
 * the call starts at the first {@code connect}, {@code getOutputStream} or {@code getInputStream} (where the
 * propagation headers are added) and ends when {@code getInputStream} returns or throws.
 */
package dev.faultline.agent.instrument.urlconnection;
