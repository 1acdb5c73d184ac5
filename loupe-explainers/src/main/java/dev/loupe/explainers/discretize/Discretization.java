package dev.loupe.explainers.discretize;

import dev.loupe.core.Feature;
import dev.loupe.core.FeatureBinding;
import dev.loupe.core.Model;
import dev.loupe.core.Frame;
import dev.loupe.core.Predicate;
import dev.loupe.core.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Bins of every feature, computed from reference (training) data, as tabular LIME and Anchors use
 * them (Ribeiro et al. 2016, 2018; the {@code lime} package's {@code QuartileDiscretizer}).
 *
 * <p>A numeric feature is cut at the quantiles of its non-missing reference values (linear
 * interpolation between order statistics, as NumPy's {@code percentile}); equal cut points are
 * merged, so a feature with many ties (or a constant one) gets fewer bins. With cut points
 * {@code e_0 < .. < e_(q-1)}, bin 0 is {@code x <= e_0}, bin {@code b} is
 * {@code e_(b-1) < x <= e_b} and bin {@code q} is {@code x > e_(q-1)}. A categorical feature has
 * one bin per level (level names from the schema; codes seen in the data beyond the named levels
 * get bins too). The last bin of every feature, {@link #missingBin}, holds missing values.
 *
 * <p>Each bin knows its reference rows, so a value can be drawn from a bin (or from a run of
 * adjacent numeric bins) with the reference data's own distribution: {@link #sample}.
 *
 * <p>Cost: fitting sorts each numeric column, O(m n log n) for n rows and m features; {@link #bin}
 * is a binary search over at most 9 cut points; {@link #sample} is O(1). Immutable and
 * thread-safe.
 */
public final class Discretization {

  /** Where numeric features are cut. */
  public enum Quantiles {
    /** At the 25th, 50th and 75th percentiles: at most 4 bins (lime's default). */
    QUARTILES(0.25, 0.5, 0.75),
    /** At the 10th, 20th, ... 90th percentiles: at most 10 bins. */
    DECILES(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9);

    private final double[] probabilities;

    Quantiles(double... probabilities) {
      this.probabilities = probabilities;
    }
  }

  private final Schema schema;
  private final Quantiles quantiles;
  private final int rows;
  private final double[][] edges; // numeric: merged cut points; categorical: null
  private final double[][] sorted; // numeric: sorted non-missing values; categorical: null
  private final int[][] starts; // per feature, bins+1 prefix counts over non-missing bins (sorted order)
  private final int[][] counts; // per feature and bin (missing bin last)
  private final String[][] levels; // categorical: readable level names

  private Discretization(Schema schema, Quantiles quantiles, int rows, double[][] edges, double[][] sorted,
      int[][] starts, int[][] counts, String[][] levels) {
    this.schema = schema;
    this.quantiles = quantiles;
    this.rows = rows;
    this.edges = edges;
    this.sorted = sorted;
    this.starts = starts;
    this.counts = counts;
    this.levels = levels;
  }

  /** Bins of each column of {@code data}. */
  public static Discretization fit(Frame data, Quantiles quantiles) {
    Objects.requireNonNull(data, "data");
    return fit(data.schema(), data.rowMajor(), data.rows(), quantiles);
  }

  /**
   * Bins of each feature of {@code schema}, from a row-major block of {@code n} reference rows.
   *
   * @throws IllegalArgumentException if there are no rows, or a categorical value is not a
   *     category code (a whole number >= 0)
   */
  public static Discretization fit(Schema schema, double[] rowMajor, int n, Quantiles quantiles) {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(rowMajor, "rowMajor");
    Objects.requireNonNull(quantiles, "quantiles");
    int m = schema.size();
    if (n < 1) {
      throw new IllegalArgumentException(
          "the training data has no rows; give the rows the model was trained on (or a sample of them)");
    }
    if (rowMajor.length != (long) n * m) {
      throw new IllegalArgumentException("expected " + n + " x " + m + " values, got " + rowMajor.length);
    }
    double[][] edges = new double[m][];
    double[][] sorted = new double[m][];
    int[][] starts = new int[m][];
    int[][] counts = new int[m][];
    String[][] levels = new String[m][];
    double[] column = new double[n];
    for (int j = 0; j < m; j++) {
      Feature f = schema.feature(j);
      int present = 0;
      for (int i = 0; i < n; i++) {
        double v = rowMajor[i * m + j];
        if (!Double.isNaN(v)) {
          column[present++] = v;
        }
      }
      if (f.isCategorical()) {
        int top = f.levels().size();
        for (int i = 0; i < present; i++) {
          double v = column[i];
          if (!(v >= 0 && v == Math.rint(v)) || v > Integer.MAX_VALUE - 1) {
            throw new IllegalArgumentException("categorical feature '" + f.name() + "' has value " + v
                + " in the training data; category codes must be whole numbers >= 0");
          }
          top = Math.max(top, (int) v + 1);
        }
        int[] c = new int[top + 1];
        for (int i = 0; i < present; i++) {
          c[(int) column[i]]++;
        }
        c[top] = n - present;
        counts[j] = c;
        levels[j] = new String[top];
        for (int b = 0; b < top; b++) {
          levels[j][b] = f.format(b);
        }
      } else {
        double[] s = Arrays.copyOf(column, present);
        Arrays.sort(s);
        double[] e = cuts(s, quantiles.probabilities);
        int bins = e.length + 1;
        int[] st = new int[bins + 1];
        int[] c = new int[bins + 1];
        for (int b = 0; b < e.length; b++) {
          st[b + 1] = upperIndex(s, e[b]);
        }
        st[bins] = present;
        for (int b = 0; b < bins; b++) {
          c[b] = st[b + 1] - st[b];
        }
        c[bins] = n - present;
        edges[j] = e;
        sorted[j] = s;
        starts[j] = st;
        counts[j] = c;
      }
    }
    return new Discretization(schema, quantiles, n, edges, sorted, starts, counts, levels);
  }

  /**
   * The schema under which {@code model}'s features are explained with {@code data}: the model's
   * feature names in its order, categorical when the model or the data column is, with the data
   * column's level names (else the model's).
   *
   * @throws IllegalArgumentException naming a model feature that the data lacks
   */
  public static Schema modelSchema(Model model, Schema data) {
    FeatureBinding binding = model.bind(data);
    Schema ms = model.schema();
    List<Feature> out = new ArrayList<>(ms.size());
    for (int j = 0; j < ms.size(); j++) {
      Feature mf = ms.feature(j);
      Feature column = data.feature(binding.sourceColumn(j));
      if (mf.isCategorical() || column.isCategorical()) {
        out.add(Feature.categorical(mf.name(), column.levels().isEmpty() ? mf.levels() : column.levels()));
      } else {
        out.add(Feature.numeric(mf.name()));
      }
    }
    return new Schema(out);
  }

  /** Distinct quantiles of sorted values, linear interpolation (NumPy's default). */
  private static double[] cuts(double[] s, double[] probabilities) {
    if (s.length == 0) {
      return new double[0];
    }
    double[] q = new double[probabilities.length];
    int k = 0;
    for (double p : probabilities) {
      double pos = p * (s.length - 1);
      int lo = (int) Math.floor(pos);
      int hi = Math.min(lo + 1, s.length - 1);
      double v = s[lo] + (pos - lo) * (s[hi] - s[lo]);
      if (k == 0 || v > q[k - 1]) {
        q[k++] = v;
      }
    }
    return Arrays.copyOf(q, k);
  }

  /** The number of values {@code <= x} in sorted {@code s}. */
  private static int upperIndex(double[] s, double x) {
    int lo = 0;
    int hi = s.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (s[mid] <= x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The features binned, in order. */
  public Schema schema() {
    return schema;
  }

  /** Number of features. */
  public int size() {
    return schema.size();
  }

  /** Number of reference rows the bins were computed from. */
  public int rows() {
    return rows;
  }

  public Quantiles quantiles() {
    return quantiles;
  }

  /** Whether feature {@code j} is numeric (binned by cut points). */
  public boolean isNumeric(int j) {
    return edges[j] != null;
  }

  /** Number of bins of feature {@code j}, the missing bin (always last) included. */
  public int bins(int j) {
    return counts[j].length;
  }

  /** The index of feature {@code j}'s bin of missing values: {@code bins(j) - 1}. */
  public int missingBin(int j) {
    return counts[j].length - 1;
  }

  /** A copy of the merged cut points of numeric feature {@code j} (empty for a categorical one). */
  public double[] edges(int j) {
    return edges[j] == null ? new double[0] : edges[j].clone();
  }

  /** Number of reference rows in bin {@code b} of feature {@code j}. */
  public int count(int j, int b) {
    return counts[j][b];
  }

  /** Fraction of reference rows in bin {@code b} of feature {@code j}. */
  public double frequency(int j, int b) {
    return counts[j][b] / (double) rows;
  }

  /**
   * The bin of value {@code x} of feature {@code j}.
   *
   * @throws IllegalArgumentException for a categorical value that is not a code known from the
   *     reference data or the schema's levels
   */
  public int bin(int j, double x) {
    if (Double.isNaN(x)) {
      return missingBin(j);
    }
    double[] e = edges[j];
    if (e != null) {
      int b = 0;
      while (b < e.length && x > e[b]) {
        b++;
      }
      return b;
    }
    int top = counts[j].length - 1;
    if (!(x >= 0 && x < top && x == Math.rint(x))) {
      throw new IllegalArgumentException("categorical feature '" + schema.name(j) + "' has value " + x
          + ", which is not one of the " + top + " category codes (0-" + (top - 1)
          + ") known from the training data and the schema's levels; use a training set that has this category");
    }
    return (int) x;
  }

  /** The readable predicate of bin {@code b} of feature {@code j}. */
  public Predicate predicate(int j, int b) {
    Objects.checkIndex(b, bins(j));
    String name = schema.name(j);
    if (b == missingBin(j)) {
      return Predicate.missing(j, name);
    }
    double[] e = edges[j];
    if (e == null) {
      return Predicate.equalTo(j, name, b, levels[j][b]);
    }
    if (e.length == 0) {
      return Predicate.between(j, name, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }
    if (b == 0) {
      return Predicate.atMost(j, name, e[0]);
    }
    if (b == e.length) {
      return Predicate.above(j, name, e[e.length - 1]);
    }
    return Predicate.between(j, name, e[b - 1], e[b]);
  }

  /**
   * The predicate of the run of non-missing bins {@code from..to} (inclusive) of numeric feature
   * {@code j}: {@code x <= e} when it starts at bin 0, {@code x > e} when it ends at the last
   * non-missing bin, else a range.
   */
  public Predicate predicate(int j, int from, int to) {
    double[] e = requireNumeric(j);
    checkRun(j, from, to);
    String name = schema.name(j);
    double lower = from == 0 ? Double.NEGATIVE_INFINITY : e[from - 1];
    double upper = to == e.length ? Double.POSITIVE_INFINITY : e[to];
    if (from == 0 && to == e.length) {
      return Predicate.between(j, name, lower, upper);
    }
    if (from == 0) {
      return Predicate.atMost(j, name, upper);
    }
    if (to == e.length) {
      return Predicate.above(j, name, lower);
    }
    return Predicate.between(j, name, lower, upper);
  }

  /** Number of reference rows in the non-missing bins {@code from..to} (inclusive) of numeric feature {@code j}. */
  public int count(int j, int from, int to) {
    requireNumeric(j);
    checkRun(j, from, to);
    return starts[j][to + 1] - starts[j][from];
  }

  /**
   * A value of feature {@code j} drawn from the reference rows in bin {@code b}: for a numeric
   * feature a reference value in the bin, uniformly over the rows; for a categorical one its code;
   * for the missing bin {@code NaN}.
   *
   * @throws IllegalStateException if the bin of a numeric feature holds no reference value
   */
  public double sample(int j, int b, SplittableRandom random) {
    if (b == missingBin(j)) {
      return Double.NaN;
    }
    if (edges[j] == null) {
      return b;
    }
    return sample(j, b, b, random);
  }

  /**
   * A reference value of numeric feature {@code j} in the bins {@code from..to} (inclusive),
   * uniformly over the reference rows there.
   *
   * @throws IllegalStateException if those bins hold no reference value
   */
  public double sample(int j, int from, int to, SplittableRandom random) {
    requireNumeric(j);
    int lo = starts[j][from];
    int hi = starts[j][to + 1];
    if (hi <= lo) {
      throw new IllegalStateException("feature '" + schema.name(j) + "' has no training value in bins " + from
          + ".." + to);
    }
    return sorted[j][lo + random.nextInt(hi - lo)];
  }

  private double[] requireNumeric(int j) {
    double[] e = edges[j];
    if (e == null) {
      throw new IllegalArgumentException("feature '" + schema.name(j) + "' is categorical; it has no numeric bins");
    }
    return e;
  }

  private void checkRun(int j, int from, int to) {
    int last = edges[j].length;
    if (from < 0 || to > last || from > to) {
      throw new IndexOutOfBoundsException("bins " + from + ".." + to + " of feature '" + schema.name(j)
          + "', which has non-missing bins 0.." + last);
    }
  }

  /** A text form of every feature's bins, for provenance and messages. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Discretization[").append(quantiles);
    for (int j = 0; j < size(); j++) {
      sb.append(j == 0 ? ": " : "; ").append(schema.name(j));
      if (edges[j] != null) {
        sb.append(" cut at ").append(Arrays.toString(edges[j]));
      } else {
        sb.append(" levels ").append(levels[j].length);
      }
    }
    return sb.append(']').toString();
  }
}
