/**
 * Instrumentation of {@code java.net.http.HttpClient}: {@code HttpClientImpl}'s private four-argument
 * {@code sendAsync}, which {@code send} and both public {@code sendAsync} use. The request is replaced by a copy
 * with the propagation headers; the call ends when the returned future completes.
 */
package dev.faultline.agent.instrument.httpclient;
