package dev.faultline.collector.security;

import io.netty.handler.ssl.SslContext;
import java.util.function.Function;

/**
 * The security of a running collector, loaded from a {@link SecurityConfig}: TLS contexts built and tokens read.
 *
 * @param ingestTls null for plain TCP
 * @param queryTls null for plain HTTP
 */
public record Security(SslContext ingestTls, SslContext queryTls, AgentAuthenticator agents,
    QueryAuthenticator queries) {

  /** Plain TCP and HTTP, no tokens: the embedded default (tests, benchmarks, loopback). */
  public static Security none() {
    return new Security(null, null, AgentAuthenticator.open(), QueryAuthenticator.open());
  }

  /** Loads from the real file system and environment. */
  public static Security load(SecurityConfig config) {
    return load(config, System::getenv);
  }

  /**
   * Reads every certificate, key and token {@code config} names.
   *
   * @throws dev.faultline.collector.config.ConfigException naming the key of the first file or variable at fault
   */
  public static Security load(SecurityConfig config, Function<String, String> environment) {
    return new Security(
        config.ingestTls() == null ? null : config.ingestTls().serverContext(),
        config.queryTls() == null ? null : config.queryTls().serverContext(),
        AgentAuthenticator.swappable(AgentAuthenticator.load(config.agentTokens(), environment)),
        QueryAuthenticator.swappable(QueryAuthenticator.load(config.queryTokens(), environment)));
  }
}
