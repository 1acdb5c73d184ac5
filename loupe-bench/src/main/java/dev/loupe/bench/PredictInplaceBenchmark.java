package dev.loupe.bench;

import java.util.concurrent.TimeUnit;
import ml.dmlc.xgboost4j.java.Booster;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link PredictBenchmark} against XGBoost4J's other prediction path, in-place dense prediction:
 * {@code booster.inplace_predict(float[] rows, n, cols, missing = NaN, iterationRange = {0, 0},
 * kMargin, baseMargin = null)}, which reads the row-major {@code float[]} directly (no DMatrix, no
 * prediction cache). Its margins equal {@code predict(dmatrix, true)}'s bit for bit on the
 * benchmark rows (checked by hand). Same model, rows, thread counts and JMH settings; Loupe's side
 * is {@link PredictBenchmark}'s, measured again here so that each pair is timed side by side.
 * XGBoost4J still copies its result into a new {@code float[rows][1]} inside the call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
public class PredictInplaceBenchmark {

  /** XGBoost4J's in-place dense prediction: the booster and the rows, no DMatrix. */
  @State(Scope.Benchmark)
  public static class XGBoostDense {
    Booster booster;
    float[] x;
    int n;
    int m;

    @Setup(Level.Trial)
    public void setup(PredictBenchmark.Config c) {
      TreeShapFixture f = TreeShapFixture.get(c.trees);
      booster = f.booster(TreeShapFixture.threads(c.threads));
      n = c.rows;
      m = f.features();
      x = f.explainedFloat(n);
    }

    @TearDown(Level.Trial)
    public void dispose() {
      booster.dispose();
    }
  }

  @Benchmark
  public double[] loupe(PredictBenchmark.Loupe s) {
    s.model.predict(s.x, s.n, s.out, s.threads);
    return s.out;
  }

  @Benchmark
  public float[][] xgboost(XGBoostDense s) throws XGBoostError {
    return s.booster.inplace_predict(s.x, s.n, s.m, Float.NaN, new int[] {0, 0}, Booster.PredictionType.kMargin, null);
  }
}
