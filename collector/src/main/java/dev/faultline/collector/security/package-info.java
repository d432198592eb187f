/**
 * Who may talk to the collector: TLS for the ingest and query ports ({@link dev.faultline.collector.security.TlsSettings}),
 * agent tokens checked at the handshake ({@link dev.faultline.collector.security.AgentAuthenticator}), query tokens
 * with read and admin scopes ({@link dev.faultline.collector.security.QueryAuthenticator}), all configured in the
 * {@code security:} section ({@link dev.faultline.collector.security.SecurityConfig}). Secrets are read from files
 * or environment variables ({@link dev.faultline.collector.security.SecretSource}) and never logged. The threat model
 * is in {@code SECURITY.md} at the repository root.
 */
package dev.faultline.collector.security;
