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
 * Plain prediction (raw margin) of {@code rows} rows, one thread: Loupe's {@code predict} against
 * XGBoost4J's {@code predict(dmatrix, outputMargin = true)}. A call takes tens of milliseconds, so
 * this one averages over 2-second iterations. Fresh DMatrix per XGBoost call (XGBoost caches
 * predictions per DMatrix), built outside the timed region.
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
    /** Loupe's {@code predict} is single-threaded; XGBoost is held to one thread to match. */
    @Param("1")
    public String threads;
  }

  @State(Scope.Benchmark)
  public static class Loupe {
    TreeEnsemble model;
    double[] x;
    double[] out;
    int n;

    @Setup(Level.Trial)
    public void setup(Config c) {
      TreeShapFixture f = TreeShapFixture.get(c.trees);
      model = f.loupeModel();
      n = c.rows;
      x = f.explained(n);
      out = new double[n];
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
    s.model.predict(s.x, s.n, s.out);
    return s.out;
  }

  @Benchmark
  public float[][] xgboost(XGBoost s) throws XGBoostError {
    return s.booster.predict(s.matrix, true);
  }
}
