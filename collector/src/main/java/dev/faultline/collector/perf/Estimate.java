package dev.faultline.collector.perf;

/**
 * A predicted latency with its uncertainty band, in milliseconds; {@code low <= value <= high}.
 *
 * @param value the model's prediction
 * @param low lower end of the band (the held-out 5% residual quantile by default)
 * @param high upper end of the band (the held-out 95% residual quantile by default)
 */
public record Estimate(double value, double low, double high) {}
