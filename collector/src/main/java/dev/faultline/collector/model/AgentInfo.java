package dev.faultline.collector.model;

/**
 * Who sends a batch: the identity an agent announced in its Hello. Service and instance are empty for a host
 * probe. The auth token is deliberately not part of it (never stored, never logged).
 */
public record AgentInfo(
    String agentId,
    String service,
    String instance,
    String host,
    long pid,
    String kind,
    String runtimeVersion,
    String agentVersion,
    long startTimeMillis) {}
