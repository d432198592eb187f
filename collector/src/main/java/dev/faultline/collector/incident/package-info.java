/**
 * Incidents: {@link dev.faultline.collector.incident.IncidentGrouper} groups anomalies that start close together on
 * related entities into one {@link dev.faultline.collector.incident.Incident} with a lifecycle (open, updated,
 * resolved after a quiet period); {@link dev.faultline.collector.incident.IncidentStore} keeps them across restarts.
 * The grouper is pure and deterministic (time is always passed in); callers serialise access.
 */
package dev.faultline.collector.incident;
