package dev.faultline.collector.perf;

import dev.faultline.collector.perf.model.Errors;
import dev.faultline.collector.perf.model.LatencyModelFitter;
import dev.faultline.collector.perf.model.ModelKind;
import dev.faultline.collector.perf.model.RegressionModel;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmarks' error table, shared by {@link PerfModelReport} (simulated cases) and the demo-fleet benchmark: MAPE
 * on held-out rows of each model kind trained on the training rows, of the chosen model (observed features), of the
 * what-if path (features predicted from the rate alone) and of the naive last training value, and its printed form.
 * Stateless.
 */
public final class HeldOutMape {

  /** Column names, in the order of {@link #scores}. */
  public static final List<String> COLUMNS = List.of("gbt", "ridge", "ridge+gbt", "queueing", "queue+gbt",
      "q+ridge", "chosen", "what-if", "naive");
  /** Index of the chosen model's column. */
  public static final int CHOSEN = 6;
  /** Index of the naive baseline's column. */
  public static final int NAIVE = 8;

  private static final ModelKind[] KINDS = {ModelKind.GBT, ModelKind.RIDGE, ModelKind.RIDGE_GBT,
      ModelKind.QUEUEING, ModelKind.QUEUEING_GBT, ModelKind.QUEUEING_RIDGE};

  private HeldOutMape() {}

  /**
   * MAPE (percent) of each of {@link #COLUMNS} on {@code held}; the per-kind models are refitted on {@code train}
   * with the penalty {@code model} chose.
   */
  public static double[] scores(ServicePerfModel model, ServiceHistory train, ServiceHistory held, LatencyQuantile q,
      LatencyModelFitter.Config config) {
    double[][] xt = new double[train.size()][];
    double[] yt = new double[train.size()];
    double[] p99t = new double[train.size()];
    for (int i = 0; i < train.size(); i++) {
      xt[i] = train.inputRow(i);
      yt[i] = train.latencyMillis(i, q);
      p99t[i] = train.p99Millis(i);
    }
    double[][] xh = new double[held.size()][];
    double[] yh = new double[held.size()];
    double[] whatIf = new double[held.size()];
    for (int i = 0; i < held.size(); i++) {
      xh[i] = held.inputRow(i);
      yh[i] = held.latencyMillis(i, q);
      whatIf[i] = model.predictAtRate(q, held.requestRate(i));
    }
    double[] out = new double[COLUMNS.size()];
    for (int k = 0; k < KINDS.length; k++) {
      RegressionModel m = LatencyModelFitter.fitKind(KINDS[k], train.features(), xt, yt, q.probability(), p99t,
          model.fitted(q).lambda(), config, () -> false);
      out[k] = Errors.mape(yh, LatencyModelFitter.predictAll(m, xh));
    }
    out[CHOSEN] = Errors.mape(yh, LatencyModelFitter.predictAll(model.fitted(q).model(), xh));
    out[CHOSEN + 1] = Errors.mape(yh, whatIf);
    double[] naive = new double[held.size()];
    Arrays.fill(naive, yt[yt.length - 1]);
    out[NAIVE] = Errors.mape(yh, naive);
    return out;
  }

  /**
   * The table: a header naming {@code firstColumn} and {@link #COLUMNS}, one line per entry of {@code rows} (in its
   * iteration order) with the chosen / naive ratio, and, when {@code withMean}, a line of column means whose ratio is
   * that of the means. Lines end with {@code %n}.
   */
  public static String format(String firstColumn, Map<String, double[]> rows, boolean withMean) {
    int width = Math.max(firstColumn.length(), rows.keySet().stream().mapToInt(String::length).max().orElse(0)) + 2;
    String name = "%-" + Math.max(12, width) + "s";
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, name, firstColumn));
    COLUMNS.forEach(c -> b.append(String.format(Locale.ROOT, "%10s", c)));
    b.append(String.format(Locale.ROOT, "%14s%n", "chosen/naive"));
    double[] sum = new double[COLUMNS.size()];
    rows.forEach((row, mape) -> {
      b.append(line(name, row, mape));
      for (int k = 0; k < sum.length; k++) {
        sum[k] += mape[k] / rows.size();
      }
    });
    if (withMean && !rows.isEmpty()) {
      b.append(line(name, "mean", sum));
    }
    return b.toString();
  }

  private static String line(String nameFormat, String row, double[] mape) {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, nameFormat, row));
    for (double m : mape) {
      b.append(String.format(Locale.ROOT, "%10.1f", m));
    }
    return b.append(String.format(Locale.ROOT, "%14.2f%n", mape[CHOSEN] / mape[NAIVE])).toString();
  }
}
