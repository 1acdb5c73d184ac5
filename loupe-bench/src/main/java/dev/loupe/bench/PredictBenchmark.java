package dev.loupe.bench;

import dev.loupe.core.TreeEnsemble;
import java.util.concurrent.TimeUnit;
import ml.dmlc.xgboost4j.java.XGBoostError;
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
 * Plain prediction (raw margin) of {@code rows} rows on {@code threads} threads: Loupe's
 * {@code TreeEnsemble.predict(x, n, out, threads)} against XGBoost4J's {@code Booster.predict} on
 * a DMatrix, on the same model file and the same (float-exact) rows;
 * {@link PredictInplaceBenchmark} does the same against XGBoost4J's in-place dense prediction. A
 * call takes tens of milliseconds, so this averages over 2-second iterations.
 *
 * <p>What is held equal, and what is not:
 *
 * <ul>
 *   <li><b>Threads.</b> XGBoost's booster gets {@code nthread = threads} ({@code 1}, or every core
 *       for {@code all}); Loupe gets the same count. With {@code nthread = 1} XGBoost predicts on the
 *       calling thread alone: measured by hand on the 500-tree model, the calling thread's CPU time
 *       per call (about 140 ms) equals the whole process's, so no OpenMP worker takes part.
 *   <li><b>XGBoost's call</b>: {@code booster.predict(dmatrix, outputMargin = true)}. XGBoost caches
 *       predictions per DMatrix, so every call gets a fresh DMatrix, built from the row-major
 *       {@code float[]} and disposed outside the timed region ({@code Level.Invocation}).
 *   <li><b>Output.</b> XGBoost4J copies the native {@code float} result into a new
 *       {@code float[rows][1]} inside the call (their API has no output argument); Loupe adds into
 *       a preallocated {@code double[]} and also writes the base margin. Loupe reads
 *       {@code double[]} rows, XGBoost {@code float[]}.
 *   <li><b>Answer.</b> The fixture checks Loupe's margins against XGBoost's on the first 100 rows
 *       before anything is timed.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
public class PredictBenchmark {

  @State(Scope.Benchmark)
  public static class Config {
    @Param("500")
    public int trees;
    @Param("10000")
    public int rows;
    /** {@code 1}, or {@code all} cores; the same on both sides. */
    @Param({"1", "all"})
    public String threads;
  }

  @State(Scope.Benchmark)
  public static class Loupe {
    TreeEnsemble model;
    double[] x;
    double[] out;
    int n;
    int threads;

    @Setup(Level.Trial)
    public void setup(Config c) {
      TreeShapFixture f = TreeShapFixture.get(c.trees);
      model = f.loupeModel();
      n = c.rows;
      x = f.explained(n);
      out = new double[n];
      threads = TreeShapFixture.threads(c.threads);
    }
  }

  @State(Scope.Benchmark)
  public static class XGBoost extends XGBoostState {
    @Setup(Level.Trial)
    public void setup(Config c) {
      open(c.trees, c.rows, c.threads);
    }
  }

  @Benchmark
  public double[] loupe(Loupe s) {
    s.model.predict(s.x, s.n, s.out, s.threads);
    return s.out;
  }

  @Benchmark
  public float[][] xgboost(XGBoost s) throws XGBoostError {
    return s.booster.predict(s.matrix, true);
  }
}
