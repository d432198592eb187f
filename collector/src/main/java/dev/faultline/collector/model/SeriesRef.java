package dev.faultline.collector.model;

/**
 * A defined series as a batch refers to it: identity plus the informational type and unit from its definition.
 * One instance per definition and connection, shared by every sample of that series, so a batch carries
 * references, never per-sample objects.
 *
 * <p>{@code sinkHandle} lets the sink cache what it resolved the key to (for the store: the series object) and
 * skip a hash lookup per sample; a racy re-resolve is harmless because resolving is idempotent. {@code
 * detectionHandle} does the same for the detection worker that owns the series, and {@link #shardHash} lets the
 * other workers skip the sample without touching the key.
 */
public final class SeriesRef {

  private final SeriesKey key;
  private final String type;
  private final String unit;
  private final int shardHash;
  private volatile Object sinkHandle;
  private volatile Object detectionHandle;

  public SeriesRef(SeriesKey key, String type, String unit) {
    this.key = key;
    this.type = type;
    this.unit = unit;
    this.shardHash = shardHash(key);
  }

  /**
   * Which detection worker scores the series: for an unlabelled series the hash of its entity (service, instance
   * and host; the host alone for host metrics), so that the whole-service series an entity detector combines are
   * on one thread; for a labelled one (an endpoint, a pool, a disk) the hash of its own key, which spreads an
   * entity's many labelled series over all workers.
   */
  public static int shardHash(SeriesKey key) {
    if (!key.labels().isEmpty()) {
      return key.hashCode();
    }
    return (key.service().hashCode() * 31 + key.instance().hashCode()) * 31 + key.host().hashCode();
  }

  /** {@link #shardHash(SeriesKey)} of this ref's key, computed once. */
  public int shardHash() { return shardHash; }

  public SeriesKey key() { return key; }

  /** {@code gauge}, {@code counter}, {@code rate} or {@code unspecified}. */
  public String type() { return type; }

  public String unit() { return unit; }

  /** What the sink cached for this ref, or null. */
  public Object sinkHandle() { return sinkHandle; }

  public void sinkHandle(Object handle) { this.sinkHandle = handle; }

  /** What the owning detection worker cached for this ref, or null. */
  public Object detectionHandle() { return detectionHandle; }

  public void detectionHandle(Object handle) { this.detectionHandle = handle; }

  @Override
  public String toString() {
    return key.id();
  }
}
