/**
 * Methods chosen by configuration ({@code instrumentation.methods=com.acme.OrderService#place,...}), timed like
 * endpoints under their qualified name, for code no library instrumentation covers.
 */
package dev.faultline.agent.instrument.methods;
