package dev.faultline.agent.instrument.record;

/**
 * How often exceptions of {@code type} (a class name) escaped {@code source} (an endpoint name, or a callee for
 * outbound calls) during the interval.
 */
public record ExceptionSnapshot(String type, String source, long count) {}
