package dev.faultline.agent.cli;

import dev.faultline.agent.AgentRuntime;
import dev.faultline.agent.config.AgentConfig;
import dev.faultline.agent.config.AgentConfigLoader;
import dev.faultline.agent.config.TlsOptions;
import java.nio.file.Path;
import dev.faultline.agent.config.Durations;
import dev.faultline.agent.config.Endpoint;
import dev.faultline.proto.v1.AgentKind;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * {@code probe}: streams this host's metrics to the collector as {@code AGENT_KIND_HOST_PROBE} until killed.
 */
@Command(name = "probe", mixinStandardHelpOptions = true,
    description = "Stream host metrics (CPU, load, memory, swap, disks, file systems, network) to a collector.")
final class ProbeCommand implements Callable<Integer> {

  @Option(names = "--collector", required = true, split = ",", paramLabel = "HOST:PORT",
      converter = EndpointConverter.class, description = "Collector ingest address; a comma-separated list fails over.")
  List<Endpoint> collectors = new ArrayList<>();

  @Option(names = "--interval", defaultValue = "10s", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "Reporting interval, e.g. 500ms, 10s, 1m (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(names = "--host", paramLabel = "NAME", description = "Host name to report (default: this host's name).")
  String host;

  @Option(names = "--buffer-bytes", defaultValue = "8MiB", paramLabel = "SIZE",
      converter = SizeConverter.class, description = "Cap of unacknowledged batches kept (default: ${DEFAULT-VALUE}).")
  long bufferBytes;

  @Option(names = "--token", paramLabel = "TOKEN", description = "Agent token, if the collector wants one"
      + " (visible in the process list; prefer --token-file).")
  String token = "";

  @Option(names = "--token-file", paramLabel = "FILE", description = "Read the agent token from the first line of"
      + " FILE (wins over --token).")
  Path tokenFile;

  @Option(names = "--tls", description = "Connect with TLS (implied by the --tls-* files).")
  boolean tls;

  @Option(names = "--tls-ca-file", paramLabel = "PEM", description = "CA certificate(s) that signed the collector's"
      + " certificate (default: the JDK's trust store).")
  Path tlsCaFile;

  @Option(names = "--tls-cert-file", paramLabel = "PEM", description = "Client certificate for mutual TLS.")
  Path tlsCertFile;

  @Option(names = "--tls-key-file", paramLabel = "PEM", description = "Its private key (PKCS#8 PEM).")
  Path tlsKeyFile;

  @Override
  public Integer call() throws Exception {
    String hostName = host != null ? host : InetAddress.getLocalHost().getHostName();
    AgentConfig config = AgentConfig.builder()
        .collectors(collectors)
        .service("host-probe")
        .host(hostName)
        .instance("host-probe@" + hostName)
        .interval(interval)
        .bufferBytes(bufferBytes)
        .hostMetrics(true)
        .token(tokenFile != null ? AgentConfigLoader.readToken(tokenFile.toString()) : token)
        .tls(tls || tlsCaFile != null || tlsCertFile != null
            ? new TlsOptions(true, tlsCaFile, tlsCertFile, tlsKeyFile) : TlsOptions.OFF)
        .build();
    AgentRuntime.start(config, AgentKind.AGENT_KIND_HOST_PROBE);
    // Every agent thread is a daemon; the main thread keeps the probe alive until it is killed.
    Thread.currentThread().join();
    return 0;
  }

  static final class EndpointConverter implements ITypeConverter<Endpoint> {
    @Override
    public Endpoint convert(String value) {
      return Endpoint.parse(value);
    }
  }

  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      Duration d = Durations.parse(value);
      if (d.compareTo(AgentConfig.MIN_INTERVAL) < 0) {
        throw new IllegalArgumentException("must be at least " + AgentConfig.MIN_INTERVAL.toMillis() + "ms");
      }
      return d;
    }
  }

  static final class SizeConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      return dev.faultline.agent.config.ByteSizes.parse(value);
    }
  }
}
