package dev.loupe.explainers.lime;

import dev.loupe.core.Attributions;
import dev.loupe.core.CountingModel;
import dev.loupe.core.Diagnostics;
import dev.loupe.core.Digests;
import dev.loupe.core.FeatureBinding;
import dev.loupe.core.Frame;
import dev.loupe.core.Model;
import dev.loupe.core.Predicate;
import dev.loupe.core.Progress;
import dev.loupe.core.Provenance;
import dev.loupe.core.Schema;
import dev.loupe.core.Seed;
import dev.loupe.explainers.discretize.Discretization;
import dev.loupe.explainers.internal.RowParallel;
import dev.loupe.explainers.internal.TrainingData;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * Tabular LIME (Ribeiro, Singh and Guestrin, KDD 2016) with quartile discretisation, as the
 * {@code lime} package's {@code LimeTabularExplainer(discretize_continuous=True)}.
 *
 * <p>For each row: bin every feature with a {@link Discretization} of the training data; draw
 * {@code N - 1} perturbations, each feature's bin from its bin frequencies in the training data and
 * a value from that bin (a training value in it), plus the row itself; represent a perturbation by
 * {@code z_j = 1} when feature {@code j} is in the row's bin; weight it by
 * {@code sqrt(exp(-d^2 / width^2))} with {@code d^2 = M - sum z} (the Euclidean distance of binary
 * vectors, lime's kernel); select K features ({@link LimeOptions.Selection}); fit a weighted ridge
 * regression of each model output on them. The attribution's values are the K weights (the
 * effect of being in the row's bin; 0 for unselected features), its base value the intercept,
 * {@link Attributions#fit} the surrogate's weighted R², and its prediction the model's output for
 * the row.
 *
 * <p>Cost per row: one batch model call of N rows; O(N M) sampling; O(N M (M + k)) for the moments
 * of the design; O(K M K³) for forward selection or O(M³) for highest weights. Each row draws from
 * its own stream {@code new Seed(seed).derive(rowId)}, so results do not depend on threads or on
 * which rows are explained together.
 *
 * <p>Immutable and thread-safe; rows run in parallel on {@link LimeOptions#threads()} threads.
 */
public final class Lime {
  private final Model model;
  private final Schema schema;
  private final Discretization bins;
  private final LimeOptions options;
  private final int k;
  private final String trainingDigest;
  private final int[][] cumulative; // per feature: cumulative bin counts, for drawing bins

  private Lime(Model model, Schema schema, Discretization bins, LimeOptions options, int k, String trainingDigest) {
    this.model = model;
    this.schema = schema;
    this.bins = bins;
    this.options = options;
    this.k = k;
    this.trainingDigest = trainingDigest;
    int m = schema.size();
    cumulative = new int[m][];
    for (int j = 0; j < m; j++) {
      int[] c = new int[bins.bins(j)];
      int s = 0;
      for (int b = 0; b < c.length; b++) {
        s += bins.count(j, b);
        c[b] = s;
      }
      cumulative[j] = c;
    }
  }

  /**
   * A LIME explainer of {@code model}, with bins and sampling distributions from {@code training}
   * (the data the model was trained on, or a sample of it; columns matched to the model's features
   * as {@link Model#bind} does).
   *
   * @throws IllegalArgumentException if the training data has no rows or lacks a model feature, or
   *     K exceeds the model's features, or there are fewer samples than K + 1
   */
  public static Lime of(Model model, Frame training, LimeOptions options) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(training, "training");
    Objects.requireNonNull(options, "options");
    int m = model.schema().size();
    int k = options.features(m);
    if (options.samples() < k + 1) {
      throw new IllegalArgumentException("samples must be >= features + 1 = " + (k + 1) + ", was " + options.samples());
    }
    TrainingData t = TrainingData.of(model, training, options.quantiles());
    return new Lime(model, t.schema(), t.bins(), options, k, Digests.sha256(t.rowMajor()));
  }

  /** The bins, whose predicates say what each attributed feature's weight means. */
  public Discretization discretization() {
    return bins;
  }

  /** The readable bin of value {@code value} of feature {@code j}: what its LIME weight is the effect of. */
  public Predicate predicate(int j, double value) {
    return bins.predicate(j, bins.bin(j, value));
  }

  public LimeOptions options() {
    return options;
  }

  /** Explains every row of {@code data}. */
  public Attributions explain(Frame data) {
    int[] rows = new int[data.rows()];
    Arrays.setAll(rows, i -> i);
    return explain(data, rows, Progress.NONE);
  }

  /** Explains the given rows of {@code data} (0-based indices; their seeds derive from them). */
  public Attributions explain(Frame data, int[] rows) {
    return explain(data, rows, Progress.NONE);
  }

  /**
   * Explains the given rows of {@code data}, reporting finished rows to {@code progress}.
   *
   * @throws IllegalArgumentException if the data lacks a model feature, or a row has a category
   *     code unknown to the training data
   */
  public Attributions explain(Frame data, int[] rows, Progress progress) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(rows, "rows");
    Objects.requireNonNull(progress, "progress");
    CountingModel counting = CountingModel.of(model);
    int m = schema.size();
    int ko = model.output().size();
    int nRows = rows.length;
    FeatureBinding binding;
    try {
      binding = model.bind(data.schema());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("data: " + e.getMessage(), e);
    }
    double[] x = data.select(rows).rowMajor(binding);
    int[] rowBins = new int[nRows * m];
    for (int i = 0; i < nRows; i++) {
      for (int j = 0; j < m; j++) {
        rowBins[i * m + j] = bins.bin(j, x[i * m + j]); // checks every row before any model call
      }
    }
    int n = options.samples();
    double width = options.kernelWidth(m);
    double[] values = new double[nRows * ko * m];
    double[] base = new double[nRows * ko];
    double[] predictions = new double[nRows * ko];
    double[] fit = new double[nRows * ko];
    Seed seed = new Seed(options.seed());
    LongAdder samples = new LongAdder();
    RowParallel.run(nRows, options.threads(), 1, () -> new Scratch(n, m, ko),
        (s, from, to) -> {
          for (int i = from; i < to; i++) {
            explainRow(counting, s, x, i * m, rowBins, i * m, seed.derive(rows[i]), width,
                values, base, predictions, fit, i * ko);
            samples.add(n);
          }
        }, progress);
    Provenance provenance = Provenance.of("lime", options.parameters(m), model,
        Digests.sha256(x) + "+training:" + trainingDigest, options.seed());
    Diagnostics diagnostics = new Diagnostics(counting.calls(), counting.rows(), samples.sum(), null, fit);
    return new Attributions(schema, model.output(), model.output().scale(), rows.clone(), x, values, base,
        predictions, provenance, diagnostics);
  }

  /** A worker's buffers: perturbations, their binary form, weights and predictions. */
  private static final class Scratch {
    final double[] samples;
    final double[] z;
    final double[] w;
    final double[] y;
    final WeightedRidge ridge;

    Scratch(int n, int m, int k) {
      samples = new double[n * m];
      z = new double[n * m];
      w = new double[n];
      y = new double[n * k];
      ridge = new WeightedRidge(m, k);
    }
  }

  private void explainRow(CountingModel counting, Scratch s, double[] x, int xOff, int[] rowBins, int bOff, Seed seed,
      double width, double[] values, double[] base, double[] predictions, double[] fit, int outOff) {
    int m = schema.size();
    int n = options.samples();
    int ko = model.output().size();
    int total = bins.rows();
    SplittableRandom random = new SplittableRandom(seed.value());
    // sample 0: the row itself, all features in their own bins
    System.arraycopy(x, xOff, s.samples, 0, m);
    Arrays.fill(s.z, 0, m, 1.0);
    s.w[0] = 1.0;
    for (int i = 1; i < n; i++) {
      int same = 0;
      for (int j = 0; j < m; j++) {
        int b = drawBin(cumulative[j], random.nextInt(total));
        s.samples[i * m + j] = bins.sample(j, b, random);
        boolean in = b == rowBins[bOff + j];
        s.z[i * m + j] = in ? 1.0 : 0.0;
        same += in ? 1 : 0;
      }
      double d2 = m - same;
      s.w[i] = Math.sqrt(Math.exp(-d2 / (width * width)));
    }
    counting.predict(s.samples, n, s.y); // one batch call per row
    System.arraycopy(s.y, 0, predictions, outOff, ko);
    s.ridge.moments(s.z, s.w, s.y, n);
    for (int o = 0; o < ko; o++) {
      int[] chosen = select(s.ridge, o, m);
      WeightedRidge.Fit f = s.ridge.fit(chosen, o, options.ridge());
      for (int u = 0; u < chosen.length; u++) {
        values[(outOff + o) * m + chosen[u]] = f.coefficients()[u];
      }
      base[outOff + o] = f.intercept();
      fit[outOff + o] = f.r2();
    }
  }

  /** The smallest bin whose cumulative count exceeds {@code u} (u uniform in [0, total)). */
  private static int drawBin(int[] cumulative, int u) {
    int b = 0;
    while (cumulative[b] <= u) {
      b++;
    }
    return b;
  }

  /** The K features of the surrogate of output {@code o}, in ascending order. */
  private int[] select(WeightedRidge ridge, int o, int m) {
    LimeOptions.Selection sel = options.selection();
    if (sel == LimeOptions.Selection.AUTO) {
      sel = k <= 6 ? LimeOptions.Selection.FORWARD : LimeOptions.Selection.HIGHEST_WEIGHTS;
    }
    int[] all = new int[m];
    Arrays.setAll(all, j -> j);
    if (k == m) {
      return all;
    }
    if (sel == LimeOptions.Selection.HIGHEST_WEIGHTS) {
      double[] beta = ridge.fit(all, o, 0.01).coefficients(); // lime: Ridge(alpha=0.01) on all features
      Integer[] order = new Integer[m];
      Arrays.setAll(order, j -> j);
      Arrays.sort(order, (a, b) -> {
        int c = Double.compare(Math.abs(beta[b]), Math.abs(beta[a]));
        return c != 0 ? c : Integer.compare(a, b);
      });
      int[] chosen = new int[k];
      for (int u = 0; u < k; u++) {
        chosen[u] = order[u];
      }
      Arrays.sort(chosen);
      return chosen;
    }
    // forward selection (lime: Ridge(alpha=0), add the feature with the best weighted R²)
    boolean[] used = new boolean[m];
    int[] chosen = new int[0];
    for (int step = 0; step < k; step++) {
      int best = -1;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < m; j++) {
        if (used[j]) {
          continue;
        }
        int[] trial = Arrays.copyOf(chosen, chosen.length + 1);
        trial[chosen.length] = j;
        double score = ridge.fit(trial, o, 0.0).r2();
        if (score > bestScore) {
          bestScore = score;
          best = j;
        }
      }
      used[best] = true;
      chosen = Arrays.copyOf(chosen, chosen.length + 1);
      chosen[chosen.length - 1] = best;
    }
    Arrays.sort(chosen);
    return chosen;
  }
}
