package dev.loupe.bench;

import dev.loupe.core.Attributions;
import dev.loupe.core.Frame;
import dev.loupe.explainers.shapley.KernelShap;
import dev.loupe.explainers.shapley.KernelShap.Sampling;
import dev.loupe.explainers.tree.TreeShap;
import java.util.Locale;

/**
 * Accuracy per model call of KernelSHAP on the acceptance case ({@link CreditFixture}: XGBoost,
 * 200 rounds of depth 6, credit default, 100 background rows): for each sampling scheme at the same
 * budget, the mean and largest absolute error against the exact values (interventional TreeSHAP on
 * the same background), the mean reported standard error, the share of 95% intervals
 * (±1.96 SE) that contain the exact value, the mean coalitions per row and the wall time per row.
 * Plus the default with an early stop at a relative target error, to show what it saves.
 *
 * <p>Run from {@code loupe-bench/} after {@code mvn -o -q -pl loupe-bench -am package -DskipTests}:
 * {@code java -cp target/benchmarks.jar dev.loupe.bench.KernelShapReport [rows] [budget] [threads]}
 * (defaults 200, 2048, all cores). Every scheme uses seed 1; rows are explained in one call.
 */
public final class KernelShapReport {
  private KernelShapReport() {}

  public static void main(String[] args) {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int budget = args.length > 1 ? Integer.parseInt(args[1]) : 2048;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
    CreditFixture f = CreditFixture.get();
    Frame data = f.explained(rows);
    long t0 = System.nanoTime();
    Attributions exact = TreeShap.interventional(f.model(), f.background().rows()).threads(threads).explain(data);
    double exactMs = (System.nanoTime() - t0) / 1e6 / rows;
    double meanAbs = 0;
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < exact.schema().size(); j++) {
        meanAbs += Math.abs(exact.value(i, 0, j)) / (rows * exact.schema().size());
      }
    }
    System.out.printf(Locale.ROOT,
        "KernelSHAP vs exact interventional TreeSHAP: %d rows x %d features, %d background rows, budget %d coalitions"
            + " per row, %d threads; mean |exact value| %.5f; exact TreeSHAP %.2f ms/row%n",
        rows, exact.schema().size(), f.background().size(), budget, threads, meanAbs, exactMs);
    System.out.printf(Locale.ROOT, "%-28s %10s %10s %10s %9s %11s %12s %9s%n", "scheme", "mean|err|", "max|err|",
        "mean SE", "coverage", "coalitions", "model calls", "ms/row");
    KernelShap base = KernelShap.of(f.model(), f.background()).budget(budget).seed(1).threads(threads);
    for (Sampling s : Sampling.values()) {
      row(s.name().toLowerCase(Locale.ROOT) + (s == Sampling.LEVERAGE ? " (default)" : ""), base.sampling(s), data,
          exact);
    }
    row("leverage, stop at SE<=5% max", base.targetRelativeError(0.05), data, exact);
  }

  private static void row(String name, KernelShap k, Frame data, Attributions exact) {
    long t0 = System.nanoTime();
    Attributions a = k.explain(data);
    double ms = (System.nanoTime() - t0) / 1e6 / data.rows();
    int m = a.schema().size();
    int n = a.size();
    double err = 0;
    double max = 0;
    double se = 0;
    int inside = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        double d = Math.abs(a.value(i, 0, j) - exact.value(i, 0, j));
        err += d;
        max = Math.max(max, d);
        se += a.standardError(i, 0, j);
        inside += d <= 1.96 * a.standardError(i, 0, j) ? 1 : 0;
      }
    }
    if (!(a.maxAdditivityError() <= 1e-9)) {
      throw new IllegalStateException(name + ": efficiency error " + a.maxAdditivityError());
    }
    System.out.printf(Locale.ROOT, "%-28s %10.6f %10.6f %10.6f %9.3f %11.1f %12d %9.1f%n", name, err / (n * m), max,
        se / (n * m), inside / (double) (n * m), a.diagnostics().samples() / (double) n, a.diagnostics().modelCalls(),
        ms);
  }
}
