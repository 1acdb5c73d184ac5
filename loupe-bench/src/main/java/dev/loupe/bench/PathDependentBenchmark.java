package dev.loupe.bench;

import dev.loupe.explainers.tree.TreeShap;
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
 * Path-dependent TreeSHAP of {@code rows} rows: Loupe's {@code shapValues} against XGBoost4J's
 * {@code predictContrib} on the same model, one thread and all threads.
 *
 * <p>One call is one measurement (single shot: a call takes seconds). XGBoost caches predictions
 * per DMatrix, so every XGBoost call gets a fresh DMatrix, built and disposed outside the timed
 * region. XGBoost4J allocates and copies its {@code float[n][m+1]} result inside the call (its
 * API has no output argument); Loupe writes into a preallocated {@code double[]}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
public class PathDependentBenchmark {

  @State(Scope.Benchmark)
  public static class Config {
    @Param("500")
    public int trees;
    @Param("10000")
    public int rows;
    @Param({"1", "all"})
    public String threads;
  }

  @State(Scope.Benchmark)
  public static class Loupe {
    TreeShap shap;
    double[] x;
    double[] out;
    int n;

    @Setup(Level.Trial)
    public void setup(Config c) {
      TreeShapFixture f = TreeShapFixture.get(c.trees);
      shap = TreeShap.pathDependent(f.loupeModel()).threads(TreeShapFixture.threads(c.threads));
      n = c.rows;
      x = f.explained(n);
      out = new double[n * (f.features() + 1)];
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
    s.shap.shapValues(s.x, s.n, s.out);
    return s.out;
  }

  @Benchmark
  public float[][] xgboost(XGBoost s) throws XGBoostError {
    return s.booster.predictContrib(s.matrix, 0);
  }
}
