package dev.faultline.collector.model;

/**
 * A defined series as a batch refers to it: identity plus the informational type and unit from its definition.
 * One instance per definition and connection, shared by every sample of that series, so a batch carries
 * references, never per-sample objects.
 *
 * <p>{@code sinkHandle} lets the sink cache what it resolved the key to (for the store: the series object) and
 * skip a hash lookup per sample; a racy re-resolve is harmless because resolving is idempotent.
 */
public final class SeriesRef {

  private final SeriesKey key;
  private final String type;
  private final String unit;
  private volatile Object sinkHandle;

  public SeriesRef(SeriesKey key, String type, String unit) {
    this.key = key;
    this.type = type;
    this.unit = unit;
  }

  public SeriesKey key() { return key; }

  /** {@code gauge}, {@code counter}, {@code rate} or {@code unspecified}. */
  public String type() { return type; }

  public String unit() { return unit; }

  /** What the sink cached for this ref, or null. */
  public Object sinkHandle() { return sinkHandle; }

  public void sinkHandle(Object handle) { this.sinkHandle = handle; }

  @Override
  public String toString() {
    return key.id();
  }
}
