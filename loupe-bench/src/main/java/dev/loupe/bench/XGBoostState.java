package dev.loupe.bench;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * XGBoost4J's side of a benchmark, shared by every {@code *Benchmark} that has an {@code xgboost}
 * method: the fixture's booster, the explained rows as {@code float}, and a fresh DMatrix per
 * invocation (XGBoost caches predictions per DMatrix), built and disposed outside the timed region.
 *
 * <p>Each benchmark declares a {@code @State(Scope.Benchmark)} subclass whose trial-level
 * {@code @Setup} takes its own {@code Config} and calls {@link #open}; JMH runs the invocation- and
 * trial-level helpers inherited from here.
 */
public abstract class XGBoostState {
  TreeShapFixture fixture;
  Booster booster;
  float[] x;
  int n;
  DMatrix matrix;

  /** The trial's setup: the booster for {@code trees} with {@code threads}, and {@code rows} rows. */
  protected final void open(int trees, int rows, String threads) {
    fixture = TreeShapFixture.get(trees);
    booster = fixture.booster(TreeShapFixture.threads(threads));
    n = rows;
    x = fixture.explainedFloat(n);
  }

  @Setup(Level.Invocation)
  public void freshMatrix() {
    matrix = fixture.matrix(x, n);
  }

  @TearDown(Level.Invocation)
  public void disposeMatrix() {
    matrix.dispose();
  }

  @TearDown(Level.Trial)
  public void dispose() {
    booster.dispose();
  }
}
