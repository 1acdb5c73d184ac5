package dev.loupe.bench;

import dev.loupe.core.Frame;
import dev.loupe.core.Seed;
import dev.loupe.core.TreeEnsemble;
import dev.loupe.explainers.shapley.Background;
import dev.loupe.io.csv.Table;
import dev.loupe.models.ModelReaders;
import dev.loupe.testkit.Datasets;
import dev.loupe.testkit.xgboost.XGBoostReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;

/**
 * The model-agnostic explainers' acceptance case: an XGBoost {@code binary:logistic} model
 * ({@value #ROUNDS} rounds, max_depth {@value #DEPTH}, eta {@value #ETA}, seed 0, one thread) of the
 * bundled credit-default data (23 numeric features), trained on {@value #TRAIN_ROWS} rows of a
 * seeded shuffle; {@value #BACKGROUND_ROWS} background rows sampled from the training rows; the
 * explained rows are held out.
 *
 * <p>The model is cached in {@code target/bench-model/} (override with
 * {@code -Dloupe.bench.modelDir=...}) under a name holding every parameter. Before use, Loupe's
 * margins of {@value #GUARD_ROWS} explained rows are checked against XGBoost4J's within
 * {@value #TOLERANCE}. Thread-safe; one instance per JVM.
 */
public final class CreditFixture {
  public static final int ROUNDS = 200;
  public static final int DEPTH = 6;
  public static final double ETA = 0.1;
  public static final int TRAIN_ROWS = 20_000;
  public static final int BACKGROUND_ROWS = 100;
  public static final int GUARD_ROWS = 200;
  public static final double TOLERANCE = 1e-4;
  private static final long SHUFFLE_SEED = 42;

  private static CreditFixture instance;

  private final TreeEnsemble model;
  private final Frame train;
  private final Frame held;
  private final Background background;

  private CreditFixture() {
    Table t = Datasets.creditDefault();
    int[] order = Datasets.sample(t.rows(), t.rows(), SHUFFLE_SEED);
    Frame all = t.features().select(order);
    train = all.slice(0, TRAIN_ROWS);
    held = all.slice(TRAIN_ROWS, all.rows());
    double[] y = Datasets.pick(t.target(), Arrays.copyOf(order, TRAIN_ROWS));
    Path file = trainOrReuse(train, y);
    model = ModelReaders.read(file);
    guard(file);
    background = Background.sample(train, BACKGROUND_ROWS, new Seed(SHUFFLE_SEED));
    System.out.printf(Locale.ROOT, "fixture: %s: %d trees, %d features, %d background rows, %d held-out rows%n",
        file.getFileName(), model.numTrees(), model.schema().size(), background.size(), held.rows());
  }

  /** The fixture (trained once, then cached on disk). */
  public static synchronized CreditFixture get() {
    if (instance == null) {
      instance = new CreditFixture();
    }
    return instance;
  }

  public TreeEnsemble model() {
    return model;
  }

  public Background background() {
    return background;
  }

  /** The first {@code n} held-out rows. */
  public Frame explained(int n) {
    if (n < 1 || n > held.rows()) {
      throw new IllegalArgumentException("rows must be in 1.." + held.rows() + ", was " + n);
    }
    return held.slice(0, n);
  }

  private void guard(Path file) {
    Frame rows = held.slice(0, GUARD_ROWS);
    double[] loupe = model.predict(rows);
    Booster b = xgboost(file);
    try {
      double[] ref = XGBoostReference.margins(b, rows);
      for (int i = 0; i < GUARD_ROWS; i++) {
        if (!(Math.abs(loupe[i] - ref[i]) <= TOLERANCE)) {
          throw new IllegalStateException(String.format(Locale.ROOT,
              "Loupe's margin disagrees with XGBoost4J on %s row %d: %.8f vs %.8f; refusing to benchmark a wrong model",
              file.getFileName(), i, loupe[i], ref[i]));
        }
      }
    } finally {
      b.dispose();
    }
  }

  private static Booster xgboost(Path file) {
    try {
      return ml.dmlc.xgboost4j.java.XGBoost.loadModel(file.toString());
    } catch (ml.dmlc.xgboost4j.java.XGBoostError e) {
      throw new IllegalStateException(file + ": XGBoost4J cannot load it", e);
    }
  }

  private static Path trainOrReuse(Frame train, double[] y) {
    Path dir = Path.of(System.getProperty("loupe.bench.modelDir", "target/bench-model"));
    String key = String.format(Locale.ROOT,
        "xgboost4j-%s_credit-default_binary-logistic_train%d_shuffle%d_rounds%d_depth%d_eta%s_seed0.json",
        TreeShapFixture.xgboostVersion(), TRAIN_ROWS, SHUFFLE_SEED, ROUNDS, DEPTH, ETA);
    Path file = dir.resolve(key).toAbsolutePath();
    if (Files.isRegularFile(file)) {
      return file;
    }
    long start = System.nanoTime();
    Map<String, Object> p = new HashMap<>();
    p.put("objective", "binary:logistic");
    p.put("max_depth", DEPTH);
    p.put("eta", ETA);
    p.put("tree_method", "hist");
    Booster booster = XGBoostReference.train(train, y, p, ROUNDS);
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, "training-", ".json");
      XGBoostReference.save(booster, tmp);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the benchmark model to " + dir.toAbsolutePath(), e);
    } finally {
      booster.dispose();
    }
    System.out.printf(Locale.ROOT, "fixture: trained %d rounds on %d rows in %.1f s -> %s%n", ROUNDS, TRAIN_ROWS,
        (System.nanoTime() - start) / 1e9, file);
    return file;
  }
}
