package dev.loupe.bench;

import dev.loupe.explainers.tree.TreeShap;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;
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
 * SHAP interaction values of {@code rows} rows: Loupe's {@code interactionValues} against XGBoost's
 * native interaction contributions (option mask 16, see {@link XGBoostInteractions}), one thread
 * and all threads. Fresh DMatrix per XGBoost call, outside the timed region.
 *
 * <p>Before timing, Loupe's values on the first {@value #GUARD_ROWS} rows are compared with
 * XGBoost's; the benchmark refuses to run if any differs by more than {@value #TOLERANCE} (XGBoost
 * forms each interaction as a float32 difference of two 500-tree sums, hence looser than
 * {@link TreeShapFixture#TOLERANCE}).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
public class InteractionBenchmark {
  static final int GUARD_ROWS = 20;
  static final double TOLERANCE = 1e-3;

  @State(Scope.Benchmark)
  public static class Loupe {
    TreeShap shap;
    double[] x;
    double[] out;
    int n;

    @Setup(Level.Trial)
    public void setup(ThousandRows c) throws XGBoostError {
      TreeShapFixture f = TreeShapFixture.get(c.trees);
      shap = TreeShap.pathDependent(f.loupeModel()).threads(TreeShapFixture.threads(c.threads));
      n = c.rows;
      x = f.explained(n);
      int w = f.features() + 1;
      out = new double[n * w * w];
      guard(f, shap);
    }
  }

  @State(Scope.Benchmark)
  public static class XGBoost extends XGBoostState {
    @Setup(Level.Trial)
    public void setup(ThousandRows c) {
      open(c.trees, c.rows, c.threads);
    }
  }

  @Benchmark
  public double[] loupe(Loupe s) {
    s.shap.interactionValues(s.x, s.n, s.out);
    return s.out;
  }

  @Benchmark
  public float[] xgboost(XGBoost s) throws XGBoostError {
    return XGBoostInteractions.predict(s.booster, s.matrix);
  }

  static void guard(TreeShapFixture f, TreeShap shap) throws XGBoostError {
    int n = GUARD_ROWS;
    int w = f.features() + 1;
    double[] x = f.explained(n);
    double[] mine = new double[n * w * w];
    shap.interactionValues(x, n, mine);
    float[] ref;
    Booster b = f.booster(Runtime.getRuntime().availableProcessors());
    DMatrix d = f.matrix(SyntheticData.toFloat(x), n);
    try {
      ref = XGBoostInteractions.predict(b, d);
    } finally {
      d.dispose();
      b.dispose();
    }
    if (ref.length != mine.length) {
      throw new IllegalStateException("XGBoost returned " + ref.length + " interaction values, expected " + mine.length);
    }
    double worst = -1;
    int at = -1;
    for (int k = 0; k < ref.length; k++) {
      double diff = Math.abs(mine[k] - ref[k]);
      if (!(diff <= worst)) {
        worst = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff;
        at = k;
      }
    }
    if (!(worst <= TOLERANCE)) {
      int i = at / (w * w);
      int a = at / w % w;
      int bb = at % w;
      throw new IllegalStateException(String.format(Locale.ROOT,
          "Loupe's SHAP interaction values disagree with XGBoost's (option mask 16): max |diff| %.3g > %.0e at"
              + " row %d, pair (%d, %d): Loupe %.8f, XGBoost %.8f; refusing to benchmark a wrong answer",
          worst, TOLERANCE, i, a, bb, mine[at], ref[at]));
    }
    System.out.printf(Locale.ROOT, "guard passed: interactions on %d rows, max |diff| %.2e <= %.0e%n",
        n, worst, TOLERANCE);
  }
}
