/**
 * Incident notifications: when an incident opens, changes in a way worth a page (a new root cause, an
 * escalation to more services or kinds of symptom) or resolves, a {@link dev.faultline.collector.notify.Notice} goes
 * to every configured target: an Alertmanager-format webhook, a generic JSON webhook, or an exec hook. Deliveries
 * wait in a durable outbox until delivered, are retried with capped exponential backoff, de-duplicated and
 * rate-limited per target, and logged for {@code GET /api/v1/notifications}. A resolve notice is never given up.
 *
 * <p>Roles: {@link dev.faultline.collector.notify.IncidentNotices} decides (pure), {@link
 * dev.faultline.collector.notify.Payloads} formats (pure), {@link dev.faultline.collector.notify.Target}s send,
 * {@link dev.faultline.collector.notify.Outbox} persists, {@link dev.faultline.collector.notify.Notifier} runs it.
 */
package dev.faultline.collector.notify;
