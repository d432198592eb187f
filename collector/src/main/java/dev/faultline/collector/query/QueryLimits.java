package dev.faultline.collector.query;

/**
 * Bounds of the query port.
 *
 * @param maxRequestBytes largest request line, header block and body ({@code query.max-request-bytes})
 * @param requestTimeoutMillis time for a request to arrive in full, and again for its answer
 *     ({@code query.request-timeout})
 * @param maxPageSize the largest {@code limit} of a paged route ({@code query.max-page-size})
 */
public record QueryLimits(int maxRequestBytes, long requestTimeoutMillis, int maxPageSize) {

  public static QueryLimits defaults() {
    return new QueryLimits(64 * 1024, 10_000, 10_000);
  }
}
