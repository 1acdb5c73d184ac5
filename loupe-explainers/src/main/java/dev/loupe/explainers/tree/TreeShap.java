package dev.loupe.explainers.tree;

import dev.loupe.explainers.internal.RowParallel;

import dev.loupe.core.Attributions;
import dev.loupe.core.Digests;
import dev.loupe.core.FeatureBinding;
import dev.loupe.core.Frame;
import dev.loupe.core.Interactions;
import dev.loupe.core.Progress;
import dev.loupe.core.Provenance;
import dev.loupe.core.Scale;
import dev.loupe.core.TreeEnsemble;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Exact TreeSHAP for a {@link TreeEnsemble}, in the model's raw margin, for every output.
 *
 * <ul>
 *   <li>{@link #pathDependent}: the path-dependent game of Lundberg et al. 2020 (Algorithm 2; what
 *       XGBoost's {@code predictContrib} and LightGBM's {@code pred_contrib} compute), evaluated by
 *       Gauss–Legendre quadrature in O(nodes x max(4, ceil(depth / 2))) per row and tree (see
 *       {@link PathDependentTrees}); and SHAP interaction values (XGBoost's
 *       {@code pred_interactions}) in O(nodes x depth x ceil(depth / 2)).
 *   <li>{@link #interventional}: the exact Shapley values of {@code v(S) = mean_z f(x_S, z_notS)}
 *       over a background set (shap's interventional TreeExplainer), O(background x trees x mixed
 *       leaves) per row.
 * </ul>
 *
 * <p>Rows are spread over {@link #threads} workers; every row is computed by one worker in a fixed
 * order, so results are identical for any thread count. Instances are immutable and thread-safe.
 *
 * <pre>{@code
 * Attributions a = TreeShap.pathDependent(model).explain(frame);
 * a.get(0, 0).top(5);
 * }</pre>
 */
public final class TreeShap {
  /** Method name of the path-dependent variant, as it appears in provenance and on the CLI. */
  public static final String PATH_DEPENDENT = "tree-path-dependent";
  /** Method name of the interventional variant. */
  public static final String INTERVENTIONAL = "tree-interventional";

  private static final int BLOCK = 64;

  private final TreeEnsemble model;
  private final PathDependentTrees compiled; // path-dependent only
  private final double[] background; // interventional only: row-major, model feature order
  private final int backgroundRows;
  private final String backgroundDigest;
  private final int threads;
  private final Progress progress;

  private TreeShap(TreeEnsemble model, PathDependentTrees compiled, double[] background, int backgroundRows,
      String backgroundDigest, int threads, Progress progress) {
    this.model = model;
    this.compiled = compiled;
    this.background = background;
    this.backgroundRows = backgroundRows;
    this.backgroundDigest = backgroundDigest;
    this.threads = threads;
    this.progress = progress;
  }

  /** Path-dependent TreeSHAP. Compiling the model costs O(nodes x depth), once. */
  public static TreeShap pathDependent(TreeEnsemble model) {
    Objects.requireNonNull(model, "model");
    return new TreeShap(model, new PathDependentTrees(model), null, 0, "", defaultThreads(), Progress.NONE);
  }

  /**
   * Interventional TreeSHAP against {@code background}, whose columns are matched to the model's
   * features like any data.
   *
   * @throws IllegalArgumentException if the background has no rows or lacks a model feature
   */
  public static TreeShap interventional(TreeEnsemble model, Frame background) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(background, "background");
    if (background.rows() == 0) {
      throw new IllegalArgumentException(
          "the background has no rows; interventional TreeSHAP needs reference rows (typically 100 to 1,000"
              + " rows drawn from the training data)");
    }
    double[] bg = background.rowMajor(model.bind(background.schema()));
    return new TreeShap(model, null, bg, background.rows(), Digests.sha256(bg), defaultThreads(), Progress.NONE);
  }

  private static int defaultThreads() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** The same explainer with {@code n >= 1} worker threads. Results do not depend on it. */
  public TreeShap threads(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("threads must be >= 1, was " + n);
    }
    return new TreeShap(model, compiled, background, backgroundRows, backgroundDigest, n, progress);
  }

  /**
   * The same explainer reporting explained rows to {@code listener} (from worker threads) as each
   * block of rows finishes. Results do not depend on it.
   */
  public TreeShap progress(Progress listener) {
    return new TreeShap(model, compiled, background, backgroundRows, backgroundDigest, threads,
        Objects.requireNonNull(listener, "listener"));
  }

  /** {@link #PATH_DEPENDENT} or {@link #INTERVENTIONAL}. */
  public String method() {
    return compiled != null ? PATH_DEPENDENT : INTERVENTIONAL;
  }

  /** The base value (SHAP bias) of each output in the raw margin. */
  public double[] expectedValues() {
    if (compiled != null) {
      return compiled.expectedValues();
    }
    int k = model.numOutputs();
    double[] preds = new double[backgroundRows * k];
    model.predict(background, backgroundRows, preds);
    double[] e = new double[k];
    for (int i = 0; i < backgroundRows; i++) {
      for (int o = 0; o < k; o++) {
        e[o] += preds[i * k + o];
      }
    }
    for (int o = 0; o < k; o++) {
      e[o] /= backgroundRows;
    }
    return e;
  }

  /** Attributions of every row of {@code data} (columns matched to the model's features). */
  public Attributions explain(Frame data) {
    int[] rows = new int[data.rows()];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = i;
    }
    return explain(data, rows);
  }

  /** Attributions of the listed rows of {@code data}; each keeps its index in {@code data}. */
  public Attributions explain(Frame data, int[] rows) {
    Frame selected = data.select(rows);
    FeatureBinding binding = model.bind(data.schema());
    double[] x = selected.rowMajor(binding);
    int n = rows.length;
    int m = model.schema().size();
    int k = model.numOutputs();
    double[] raw = new double[n * k * (m + 1)];
    shapValues(x, n, raw);
    double[] values = new double[n * k * m];
    double[] base = new double[n * k];
    for (int i = 0; i < n; i++) {
      for (int o = 0; o < k; o++) {
        int src = (i * k + o) * (m + 1);
        System.arraycopy(raw, src, values, (i * k + o) * m, m);
        base[i * k + o] = raw[src + m];
      }
    }
    double[] predictions = new double[n * k];
    model.predict(x, n, predictions);
    return new Attributions(model.schema(), model.output(), Scale.RAW_MARGIN, rows.clone(), x, values, base,
        predictions, provenance(x));
  }

  /** SHAP interaction values of every row (path-dependent only). */
  public Interactions interactions(Frame data) {
    int[] rows = new int[data.rows()];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = i;
    }
    return interactions(data, rows);
  }

  /** SHAP interaction values of the listed rows (path-dependent only). */
  public Interactions interactions(Frame data, int[] rows) {
    Frame selected = data.select(rows);
    double[] x = selected.rowMajor(model.bind(data.schema()));
    int n = rows.length;
    int m = model.schema().size();
    int k = model.numOutputs();
    int m1 = m + 1;
    double[] raw = new double[n * k * m1 * m1];
    interactionValues(x, n, raw);
    double[] values = new double[n * k * m * m];
    double[] base = new double[n * k];
    for (int i = 0; i < n; i++) {
      for (int o = 0; o < k; o++) {
        int src = (i * k + o) * m1 * m1;
        for (int a = 0; a < m; a++) {
          System.arraycopy(raw, src + a * m1, values, ((i * k + o) * m + a) * m, m);
        }
        base[i * k + o] = raw[src + m * m1 + m];
      }
    }
    return new Interactions(model.schema(), model.output(), rows.clone(), values, base, provenance(x));
  }

  private Provenance provenance(double[] x) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("threads", "any (results do not depend on it)");
    String dataDigest = Digests.sha256(x);
    if (background != null) {
      params.put("backgroundRows", Integer.toString(backgroundRows));
      dataDigest = dataDigest + " background " + backgroundDigest;
    }
    return Provenance.of(method(), params, model, dataDigest, null);
  }

  /**
   * Low-level batch form, XGBoost's layout: {@code x} is row-major {@code n x m} in the model's
   * feature order; {@code out} ({@code n x k x (m + 1)}) receives the values, the last of each block
   * the base value (bias), in the raw margin. {@code out} is overwritten.
   */
  public void shapValues(double[] x, int n, double[] out) {
    int m = model.schema().size();
    int k = model.numOutputs();
    int stride = k * (m + 1);
    checkSizes(x, n, out, stride);
    double[] bias = expectedValues();
    java.util.Arrays.fill(out, 0, n * stride, 0.0);
    if (compiled != null) {
      RowParallel.run(n, threads, BLOCK, () -> new PathDependentKernel(compiled),
          (kernel, from, to) -> kernel.shap(x, from, to, out, stride), progress);
    } else {
      double inv = 1.0 / backgroundRows;
      RowParallel.run(n, threads, BLOCK, () -> new InterventionalKernel(model), (kernel, from, to) -> {
        for (int i = from; i < to; i++) {
          int off = i * stride;
          for (int r = 0; r < backgroundRows; r++) {
            kernel.shap(x, i * m, background, r * m, out, off);
          }
          for (int j = 0; j < stride; j++) {
            out[off + j] *= inv;
          }
        }
      }, progress);
    }
    for (int i = 0; i < n; i++) {
      for (int o = 0; o < k; o++) {
        out[i * stride + o * (m + 1) + m] = bias[o];
      }
    }
  }

  /**
   * Low-level interaction values, XGBoost's layout: {@code out} ({@code n x k x (m + 1) x (m + 1)})
   * receives them; entry {@code (m, m)} of each block is the bias, the rest of row and column
   * {@code m} is zero. Path-dependent only. {@code out} is overwritten.
   */
  public void interactionValues(double[] x, int n, double[] out) {
    if (compiled == null) {
      throw new UnsupportedOperationException(
          "SHAP interaction values are computed for the path-dependent game only; use TreeShap.pathDependent(model)");
    }
    int m = model.schema().size();
    int k = model.numOutputs();
    int m1 = m + 1;
    int stride = k * m1 * m1;
    checkSizes(x, n, out, stride);
    double[] bias = expectedValues();
    java.util.Arrays.fill(out, 0, n * stride, 0.0);
    RowParallel.run(n, threads, 16, () -> new PathDependentKernel(compiled),
        (kernel, from, to) -> kernel.interactions(x, from, to, out, stride), progress);
    for (int i = 0; i < n; i++) {
      for (int o = 0; o < k; o++) {
        out[i * stride + (o * m1 + m) * m1 + m] = bias[o];
      }
    }
  }

  private void checkSizes(double[] x, int n, double[] out, int stride) {
    int m = model.schema().size();
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, was " + n);
    }
    if ((long) x.length < (long) n * m) {
      throw new IllegalArgumentException("x holds " + x.length + " values, fewer than " + n + " rows x " + m + " features");
    }
    if ((long) out.length < (long) n * stride) {
      throw new IllegalArgumentException("out holds " + out.length + " values, needs " + ((long) n * stride));
    }
  }
}
