package dev.loupe.bench;

import dev.loupe.core.Frame;
import dev.loupe.core.Schema;
import dev.loupe.core.Seed;
import dev.loupe.core.TreeEnsemble;
import dev.loupe.explainers.tree.TreeShap;
import dev.loupe.models.ModelReaders;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The model and data every TreeSHAP benchmark shares: one XGBoost {@code binary:logistic} model
 * (default 500 rounds, max_depth 6, eta 0.05, seed 42) trained on 20,000 rows of
 * {@link SyntheticData}, saved as JSON and read back both by XGBoost4J and by Loupe's
 * {@link ModelReaders}, so the two sides time the very same trees.
 *
 * <p>The trained model is cached in {@code target/bench-model/} (override with
 * {@code -Dloupe.bench.modelDir=...}) under a name that holds every parameter, so repeated runs and
 * every JMH fork reuse it instead of retraining.
 *
 * <p>Loupe's side is checked before it is timed: {@link #loupeModel()} compares Loupe's
 * path-dependent SHAP values and margins on the first {@value #GUARD_ROWS} explained rows with
 * XGBoost4J's {@code predictContrib} and {@code predict} and throws if any differs by more than
 * {@value #TOLERANCE}. A benchmark of a wrong answer is worthless.
 *
 * <p>One instance per (trees) per JVM; thread-safe.
 */
public final class TreeShapFixture {
  public static final int DEPTH = 6;
  public static final double ETA = 0.05;
  public static final int TRAIN_ROWS = 20_000;
  public static final int BACKGROUND_ROWS = 100;
  public static final Seed SEED = new Seed(42);
  /** Rows of the correctness guard. */
  public static final int GUARD_ROWS = 100;
  /**
   * Largest accepted |Loupe - XGBoost| of a SHAP value or margin. XGBoost accumulates 500 trees in
   * float32 (about 1e-7 relative per addition); Loupe in double.
   */
  public static final double TOLERANCE = 1e-4;
  /** Changes whenever {@link SyntheticData} changes, so a stale cached model is never reused. */
  private static final int DATA_VERSION = 1;

  private static final Map<Integer, TreeShapFixture> FIXTURES = new ConcurrentHashMap<>();

  private final int trees;
  private final Path modelFile;
  private final String[] names = SyntheticData.names();
  private TreeEnsemble loupe;

  private TreeShapFixture(int trees) {
    this.trees = trees;
    this.modelFile = trainOrReuse(trees);
    describe();
  }

  /** The fixture for a model of {@code trees} rounds (trained once, then cached on disk). */
  public static TreeShapFixture get(int trees) {
    if (trees < 1) {
      throw new IllegalArgumentException("trees must be >= 1, was " + trees);
    }
    return FIXTURES.computeIfAbsent(trees, TreeShapFixture::new);
  }

  /** {@code "1"} is one thread; {@code "all"} is every core this JVM sees. */
  public static int threads(String param) {
    if ("all".equals(param)) {
      return Runtime.getRuntime().availableProcessors();
    }
    int t = Integer.parseInt(param);
    if (t < 1) {
      throw new IllegalArgumentException("threads must be >= 1 or 'all', was " + param);
    }
    return t;
  }

  public int trees() {
    return trees;
  }

  public int features() {
    return SyntheticData.FEATURES;
  }

  public Path modelFile() {
    return modelFile;
  }

  /** The first {@code n} explained rows, row-major {@code n x 30}, NaN for missing. */
  public double[] explained(int n) {
    return SyntheticData.rows(SEED, SyntheticData.EXPLAIN, n);
  }

  /** The same rows as {@link #explained} as XGBoost reads them (the values are float-exact). */
  public float[] explainedFloat(int n) {
    return SyntheticData.toFloat(explained(n));
  }

  /** The {@value #BACKGROUND_ROWS} background rows, row-major. */
  public double[] background() {
    return SyntheticData.rows(SEED, SyntheticData.BACKGROUND, BACKGROUND_ROWS);
  }

  /** A fresh XGBoost matrix over {@code rows} (NaN = missing); the caller disposes it. */
  public DMatrix matrix(float[] rows, int n) {
    try {
      DMatrix m = new DMatrix(rows, n, SyntheticData.FEATURES, Float.NaN);
      m.setFeatureNames(names);
      return m;
    } catch (XGBoostError e) {
      throw new IllegalStateException("cannot build a DMatrix of " + n + " rows", e);
    }
  }

  /** A new booster loaded from the model file, with {@code nthread = threads}; the caller disposes it. */
  public Booster booster(int threads) {
    try {
      Booster b = XGBoost.loadModel(modelFile.toString());
      b.setParam("nthread", threads);
      return b;
    } catch (XGBoostError e) {
      throw new IllegalStateException(modelFile + ": XGBoost4J cannot load it", e);
    }
  }

  /**
   * Loupe's reading of the model, checked against XGBoost4J on the first {@value #GUARD_ROWS}
   * explained rows (margins and path-dependent SHAP values) the first time it is asked for.
   *
   * @throws IllegalStateException if Loupe disagrees with XGBoost4J by more than {@value #TOLERANCE}
   */
  public synchronized TreeEnsemble loupeModel() {
    if (loupe == null) {
      TreeEnsemble model = ModelReaders.read(modelFile);
      System.out.printf(Locale.ROOT, "fixture: Loupe read %d trees, max depth %d, %d features, %s%n",
          model.numTrees(), model.maxDepth(), model.schema().size(), model.format());
      if (model.numTrees() != trees || model.schema().size() != SyntheticData.FEATURES) {
        throw new IllegalStateException(modelFile + ": Loupe read " + model.numTrees() + " trees over "
            + model.schema().size() + " features, expected " + trees + " over " + SyntheticData.FEATURES);
      }
      checkAgainstXGBoost(model);
      loupe = model;
    }
    return loupe;
  }

  /** The background rows as a frame over the model's schema (for interventional TreeSHAP). */
  public Frame backgroundFrame(Schema schema) {
    return Frame.ofRows(schema, background(), BACKGROUND_ROWS);
  }

  // ---------------------------------------------------------------- guard

  private void checkAgainstXGBoost(TreeEnsemble model) {
    int n = GUARD_ROWS;
    int m = SyntheticData.FEATURES;
    double[] x = explained(n);
    float[][] contrib;
    float[][] margin;
    Booster b = booster(Runtime.getRuntime().availableProcessors());
    DMatrix d = matrix(SyntheticData.toFloat(x), n);
    try {
      contrib = b.predictContrib(d, 0);
      DMatrix d2 = matrix(SyntheticData.toFloat(x), n);
      try {
        margin = b.predict(d2, true);
      } finally {
        d2.dispose();
      }
    } catch (XGBoostError e) {
      throw new IllegalStateException("XGBoost4J failed on the guard rows", e);
    } finally {
      d.dispose();
      b.dispose();
    }

    double[] loupeMargin = new double[n];
    model.predict(x, n, loupeMargin);
    for (int i = 0; i < n; i++) {
      double diff = Math.abs(loupeMargin[i] - margin[i][0]);
      if (!(diff <= TOLERANCE)) {
        throw new IllegalStateException(String.format(Locale.ROOT,
            "Loupe's margin disagrees with XGBoost4J predict(outputMargin=true) on %s: row %d: Loupe %.8f,"
                + " XGBoost %.8f, |diff| %.3g > %.0e; refusing to benchmark a wrong answer",
            modelFile.getFileName(), i, loupeMargin[i], margin[i][0], diff, TOLERANCE));
      }
    }

    double[] shap = new double[n * (m + 1)];
    TreeShap.pathDependent(model).threads(1).shapValues(x, n, shap);
    double worst = -1;
    int wi = -1;
    int wj = -1;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= m; j++) {
        double diff = Math.abs(shap[i * (m + 1) + j] - contrib[i][j]);
        if (!(diff <= worst)) { // NaN-safe: a NaN difference becomes the worst
          worst = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff;
          wi = i;
          wj = j;
        }
      }
    }
    if (!(worst <= TOLERANCE)) {
      throw new IllegalStateException(String.format(Locale.ROOT,
          "Loupe's path-dependent SHAP disagrees with XGBoost4J predictContrib on %s: max |diff| %.3g > %.0e"
              + " at row %d, column %d (%s): Loupe %.8f, XGBoost %.8f; refusing to benchmark a wrong answer",
          modelFile.getFileName(), worst, TOLERANCE, wi, wj, wj == m ? "bias" : names[wj],
          shap[wi * (m + 1) + wj], contrib[wi][wj]));
    }
    System.out.printf(Locale.ROOT,
        "fixture: guard passed: Loupe vs XGBoost4J on %d rows, max |SHAP diff| %.2e <= %.0e%n", n, worst, TOLERANCE);
  }

  // ---------------------------------------------------------------- model

  private void describe() {
    Booster b = booster(1);
    try {
      int depth = 0;
      for (String tree : b.getModelDump("", false)) {
        for (String line : tree.split("\n")) {
          int tabs = 0;
          while (tabs < line.length() && line.charAt(tabs) == '\t') {
            tabs++;
          }
          depth = Math.max(depth, tabs);
        }
      }
      System.out.printf(Locale.ROOT,
          "fixture: %s: %d trees, max depth %d (XGBoost dump), %d features, %d training rows; cores %d%n",
          modelFile, b.getNumBoostedRound(), depth, b.getNumFeature(), TRAIN_ROWS,
          Runtime.getRuntime().availableProcessors());
    } catch (XGBoostError e) {
      throw new IllegalStateException(modelFile + ": cannot describe the model", e);
    } finally {
      b.dispose();
    }
  }

  private static Path trainOrReuse(int trees) {
    Path dir = Path.of(System.getProperty("loupe.bench.modelDir", "target/bench-model"));
    String key = String.format(Locale.ROOT,
        "xgboost4j-%s_binary-logistic_f%d_train%d_trees%d_depth%d_eta%s_seed%d_data%d.json",
        xgboostVersion(), SyntheticData.FEATURES, TRAIN_ROWS, trees, DEPTH, ETA, SEED.value(), DATA_VERSION);
    Path file = dir.resolve(key).toAbsolutePath();
    if (Files.isRegularFile(file)) {
      return file;
    }
    long start = System.nanoTime();
    int cores = Runtime.getRuntime().availableProcessors();
    try {
      Files.createDirectories(dir);
      double[] x = SyntheticData.rows(SEED, SyntheticData.TRAIN, TRAIN_ROWS);
      DMatrix train = new DMatrix(SyntheticData.toFloat(x), TRAIN_ROWS, SyntheticData.FEATURES, Float.NaN);
      Booster booster = null;
      try {
        train.setLabel(SyntheticData.labels(SEED, SyntheticData.TRAIN, TRAIN_ROWS));
        train.setFeatureNames(SyntheticData.names());
        Map<String, Object> params = new HashMap<>();
        params.put("objective", "binary:logistic");
        params.put("max_depth", DEPTH);
        params.put("eta", ETA);
        params.put("nthread", cores);
        params.put("seed", SEED.value());
        params.put("tree_method", "hist");
        booster = XGBoost.train(train, params, trees, new HashMap<>(), null, null);
        Path tmp = Files.createTempFile(dir, "training-", ".json");
        booster.saveModel(tmp.toString());
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        if (booster != null) {
          booster.dispose();
        }
        train.dispose();
      }
    } catch (XGBoostError e) {
      throw new IllegalStateException("training the benchmark model failed", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the benchmark model to " + dir.toAbsolutePath(), e);
    }
    System.out.printf(Locale.ROOT, "fixture: trained %d rounds on %d rows with %d threads in %.1f s -> %s%n",
        trees, TRAIN_ROWS, cores, (System.nanoTime() - start) / 1e9, file);
    return file;
  }

  /** The xgboost4j version on the class path (from its Maven metadata), or {@code unknown}. */
  static String xgboostVersion() {
    try (InputStream in = Booster.class.getResourceAsStream("/META-INF/maven/ml.dmlc/xgboost4j_2.12/pom.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  @Override
  public String toString() {
    return "TreeShapFixture" + Arrays.asList(trees, modelFile);
  }
}
