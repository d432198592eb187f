package dev.faultline.collector.query;

/**
 * A route's answer that is not JSON (for example the Prometheus text format of {@code /metrics}): written as is,
 * with its content type.
 */
public record RawResponse(String contentType, byte[] body) {}
