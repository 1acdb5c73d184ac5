package dev.loupe.bench;

import dev.loupe.core.TreeEnsemble;
import dev.loupe.explainers.tree.TreeShap;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Interventional TreeSHAP of {@code rows} rows against {@value TreeShapFixture#BACKGROUND_ROWS}
 * background rows, one thread and all threads. XGBoost has no interventional TreeSHAP: Loupe is
 * reported alone.
 *
 * <p>Before timing, efficiency is checked on the first {@value #GUARD_ROWS} rows: each row's values
 * plus its bias must sum to its margin, and the bias must be the background's mean margin, within
 * {@value #TOLERANCE} (both sides in double).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
@State(Scope.Benchmark)
public class InterventionalBenchmark {
  static final int GUARD_ROWS = 50;
  static final double TOLERANCE = 1e-6;

  TreeShap shap;
  double[] x;
  double[] out;
  int n;

  @Setup(Level.Trial)
  public void setup(ThousandRows c) {
    TreeShapFixture f = TreeShapFixture.get(c.trees);
    TreeEnsemble model = f.loupeModel();
    shap = TreeShap.interventional(model, f.backgroundFrame(model.schema()))
        .threads(TreeShapFixture.threads(c.threads));
    n = c.rows;
    x = f.explained(n);
    out = new double[n * (f.features() + 1)];
    guard(f, model, shap);
  }

  @Benchmark
  public double[] loupe() {
    shap.shapValues(x, n, out);
    return out;
  }

  static void guard(TreeShapFixture f, TreeEnsemble model, TreeShap shap) {
    int n = GUARD_ROWS;
    int w = f.features() + 1;
    double[] x = f.explained(n);
    double[] phi = new double[n * w];
    shap.shapValues(x, n, phi);
    double[] margin = new double[n];
    model.predict(x, n, margin);
    double[] bgMargin = new double[TreeShapFixture.BACKGROUND_ROWS];
    model.predict(f.background(), TreeShapFixture.BACKGROUND_ROWS, bgMargin);
    double base = 0;
    for (double v : bgMargin) {
      base += v / bgMargin.length;
    }
    for (int i = 0; i < n; i++) {
      double sum = 0;
      for (int j = 0; j < w; j++) {
        sum += phi[i * w + j];
      }
      double bias = phi[i * w + w - 1];
      if (!(Math.abs(sum - margin[i]) <= TOLERANCE) || !(Math.abs(bias - base) <= TOLERANCE)) {
        throw new IllegalStateException(String.format(Locale.ROOT,
            "interventional TreeSHAP breaks efficiency on row %d: values + bias = %.10f, margin %.10f;"
                + " bias %.10f, background mean margin %.10f (tolerance %.0e); refusing to benchmark a wrong answer",
            i, sum, margin[i], bias, base, TOLERANCE));
      }
    }
    System.out.printf(Locale.ROOT, "guard passed: interventional efficiency on %d rows within %.0e%n", n, TOLERANCE);
  }
}
