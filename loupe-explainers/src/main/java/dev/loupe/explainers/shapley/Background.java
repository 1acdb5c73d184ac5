package dev.loupe.explainers.shapley;

import dev.loupe.core.Digests;
import dev.loupe.core.FeatureBinding;
import dev.loupe.core.Frame;
import dev.loupe.core.Model;
import dev.loupe.core.Seed;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The reference distribution of a removal-based explanation: the rows whose values stand in for
 * the features "removed" from a coalition, each with a weight. The base value of an explanation is
 * the weighted mean model output over the background, so the background is always an explicit
 * argument, never a hidden default.
 *
 * <p>Made from user-given rows ({@link #of}), a random sample of a data set ({@link #sample}), or
 * a weighted k-means summary ({@link #kmeans}). Weights are normalised to sum to 1. Immutable.
 */
public final class Background {
  private final Frame rows;
  private final double[] weights;

  private Background(Frame rows, double[] weights) {
    this.rows = rows;
    this.weights = weights;
  }

  /** Every row of {@code rows}, with equal weights. */
  public static Background of(Frame rows) {
    Objects.requireNonNull(rows, "rows");
    double[] w = new double[rows.rows()];
    Arrays.fill(w, 1.0);
    return of(rows, w);
  }

  /**
   * Every row of {@code rows} with the given non-negative weights (normalised to sum to 1).
   *
   * @throws IllegalArgumentException if there are no rows, the weights do not match the rows, or
   *     a weight is negative or not finite, or all are zero
   */
  public static Background of(Frame rows, double[] weights) {
    Objects.requireNonNull(rows, "rows");
    Objects.requireNonNull(weights, "weights");
    if (rows.rows() == 0) {
      throw new IllegalArgumentException(
          "the background has no rows; give at least one row, e.g. Background.sample(trainingData, 100, seed)");
    }
    if (weights.length != rows.rows()) {
      throw new IllegalArgumentException(
          "the background has " + rows.rows() + " rows but " + weights.length + " weights");
    }
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
        throw new IllegalArgumentException("background weight " + i + " must be finite and >= 0, was " + weights[i]);
      }
      sum += weights[i];
    }
    if (!(sum > 0)) {
      throw new IllegalArgumentException("the background weights are all zero");
    }
    double[] w = new double[weights.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = weights[i] / sum;
    }
    return new Background(rows, w);
  }

  /**
   * A simple random sample of {@code n} rows of {@code data} without replacement (all rows if
   * {@code data} has at most {@code n}), in data order, with equal weights. O(rows).
   */
  public static Background sample(Frame data, int n, Seed seed) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(seed, "seed");
    if (n < 1) {
      throw new IllegalArgumentException("background size must be >= 1, was " + n);
    }
    if (data.rows() == 0) {
      throw new IllegalArgumentException("cannot sample a background from data with no rows");
    }
    if (n >= data.rows()) {
      return of(data);
    }
    // selection sampling (Knuth, TAOCP 3.4.2, algorithm S): keeps data order, one pass
    SplittableRandom random = new SplittableRandom(seed.derive(0x6261636BL).value());
    int[] chosen = new int[n];
    int taken = 0;
    for (int i = 0; i < data.rows() && taken < n; i++) {
      if (random.nextInt(data.rows() - i) < n - taken) {
        chosen[taken++] = i;
      }
    }
    return of(data.select(chosen));
  }

  /**
   * A weighted k-means summary of {@code data}: at most {@code k} rows, each weighted by the
   * number of data rows in its cluster (as shap's {@code kmeans}).
   *
   * <p>Clusters: k-means++ seeding (Arthur &amp; Vassilvitskii 2007) then Lloyd iterations until
   * no row changes cluster (at most 100), with squared Euclidean distance on features
   * standardised to mean 0 and standard deviation 1 (a constant feature is left unscaled), so no
   * feature dominates by its units. A missing value counts as the feature's mean for the distance.
   * Categorical codes are clustered as numbers (an approximation; group or drop such features if
   * their codes have no order).
   *
   * <p>Each centre is then turned into a row of real data values, so categorical codes and
   * integers stay valid: a feature missing in more than half the cluster's rows is missing (NaN);
   * otherwise a numeric feature takes the data value nearest the mean of the cluster's
   * non-missing values, and a categorical feature the cluster's most frequent code. Fewer than
   * {@code k} rows come back when the data hold fewer than {@code k} distinct rows; all rows of
   * {@code data} (equal weights) when {@code k >= data.rows()}.
   *
   * <p>Cost O(rows · k · columns) per iteration. Deterministic: the same data, {@code k} and seed
   * give the same summary.
   *
   * @throws IllegalArgumentException if {@code k < 1} or {@code data} has no rows
   */
  public static Background kmeans(Frame data, int k, Seed seed) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(seed, "seed");
    if (k < 1) {
      throw new IllegalArgumentException("k, the number of k-means background rows, must be >= 1, was " + k
          + "; 10 to 100 is typical");
    }
    if (data.rows() == 0) {
      throw new IllegalArgumentException("cannot summarise data with no rows by k-means; give at least one row");
    }
    if (k >= data.rows()) {
      return of(data);
    }
    KMeans.Summary summary = KMeans.summarise(data, k, seed);
    return of(summary.centres(), summary.sizes());
  }

  /** The background rows, in the columns they were given with. */
  public Frame rows() {
    return rows;
  }

  /** Number of rows. */
  public int size() {
    return weights.length;
  }

  /** The weights, summing to 1. */
  public double[] weights() {
    return weights.clone();
  }

  double weight(int i) {
    return weights[i];
  }

  /**
   * The rows in {@code model}'s feature order, row-major; an error naming the missing feature if
   * the background's columns do not match the model's.
   */
  double[] rowMajor(Model model) {
    FeatureBinding binding;
    try {
      binding = model.bind(rows.schema());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("background: " + e.getMessage(), e);
    }
    return rows.rowMajor(binding);
  }

  /** A digest of the rows and weights, for provenance. */
  public String digest() {
    double[] all = Arrays.copyOf(rows.rowMajor(), rows.rows() * rows.columns() + weights.length);
    System.arraycopy(weights, 0, all, rows.rows() * rows.columns(), weights.length);
    return Digests.sha256(all);
  }
}
