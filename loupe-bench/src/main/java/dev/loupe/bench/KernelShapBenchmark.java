package dev.loupe.bench;

import dev.loupe.core.Attributions;
import dev.loupe.core.Frame;
import dev.loupe.explainers.shapley.KernelShap;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * KernelSHAP of {@code rows} held-out rows of {@link CreditFixture} (XGBoost, 200 rounds of depth
 * 6, 100 background rows) at {@code budget} coalitions per row, per sampling scheme. One call
 * explains all rows; divide the time by {@code rows} for ms per row. Nearly all of it is the model's
 * {@code budget × 100} predictions per row.
 *
 * <p>Before timing, the explainer's values for the first rows are checked to be efficient within
 * {@value #TOLERANCE} and to lie within 6 standard errors (plus {@value #TOLERANCE}) of exact
 * interventional TreeSHAP.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@State(Scope.Benchmark)
public class KernelShapBenchmark {
  static final double TOLERANCE = 1e-9;
  static final int GUARD_ROWS = 5;

  @Param("20")
  public int rows;
  @Param("2048")
  public int budget;
  @Param({"LEVERAGE", "PLAIN"})
  public String sampling;
  @Param("1")
  public String threads;

  KernelShap kernel;
  Frame data;

  @Setup(Level.Trial)
  public void setup() {
    CreditFixture f = CreditFixture.get();
    kernel = KernelShap.of(f.model(), f.background()).budget(budget).seed(1)
        .sampling(KernelShap.Sampling.valueOf(sampling)).threads(TreeShapFixture.threads(threads));
    data = f.explained(rows);
    Frame guard = f.explained(GUARD_ROWS);
    Attributions a = kernel.explain(guard);
    Attributions exact = TreeShap.interventional(f.model(), f.background().rows()).explain(guard);
    if (!(a.maxAdditivityError() <= TOLERANCE)) {
      throw new IllegalStateException("KernelSHAP breaks efficiency: " + a.maxAdditivityError());
    }
    for (int i = 0; i < GUARD_ROWS; i++) {
      for (int j = 0; j < a.schema().size(); j++) {
        double d = Math.abs(a.value(i, 0, j) - exact.value(i, 0, j));
        if (!(d <= 6 * a.standardError(i, 0, j) + TOLERANCE)) {
          throw new IllegalStateException(String.format(Locale.ROOT,
              "KernelSHAP row %d feature %d: %.6f vs exact %.6f, SE %.6f; refusing to benchmark a wrong answer", i, j,
              a.value(i, 0, j), exact.value(i, 0, j), a.standardError(i, 0, j)));
        }
      }
    }
    System.out.printf(Locale.ROOT, "guard passed: %s efficient and within 6 SE of exact TreeSHAP on %d rows%n",
        sampling, GUARD_ROWS);
  }

  @Benchmark
  public Attributions loupe() {
    return kernel.explain(data);
  }
}
