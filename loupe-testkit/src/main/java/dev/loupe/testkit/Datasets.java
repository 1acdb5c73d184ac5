package dev.loupe.testkit;

import dev.loupe.core.Frame;
import dev.loupe.io.csv.Csv;
import dev.loupe.io.csv.CsvOptions;
import dev.loupe.io.csv.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The data sets bundled under the repository's {@code data/} folder (Adult, California housing,
 * credit default), and the small, seeded manipulations tests make of them: row samples, injected
 * missing values, and a NaN-aware maximum difference.
 *
 * <p>The folder is found by walking up from the working directory (Maven runs each module's tests in
 * the module's folder) to the first directory holding {@code data/adult}. Every random choice takes an
 * explicit seed and uses {@link SplittableRandom}, so a test sees the same rows and the same missing
 * cells on every run. Reading a data set parses its CSV each time (a few hundred milliseconds for
 * Adult); stateless and thread-safe.
 */
public final class Datasets {
  private Datasets() {}

  /**
   * The repository root: the first directory upwards from the working directory that holds
   * {@code data/adult}.
   *
   * @throws IllegalStateException if there is none
   */
  public static Path repoRoot() {
    Path start = Path.of("").toAbsolutePath();
    for (Path p = start; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("data").resolve("adult"))) {
        return p;
      }
    }
    throw new IllegalStateException("no data/adult folder above " + start);
  }

  /** The repository's {@code data/} folder (see {@link #repoRoot()}). */
  public static Path dataDir() {
    return repoRoot().resolve("data");
  }

  /**
   * Reads {@code data/<set>/<set>.csv} with {@code target} as the target column, by {@link Csv}'s
   * rules (text columns become categorical features).
   */
  public static Table read(String set, String target) {
    return Csv.read(dataDir().resolve(set).resolve(set + ".csv"), CsvOptions.target(target));
  }

  /** Adult census income, target {@code income} (code 1 = {@code ">50K"}); 8 categorical features. */
  public static Table adult() {
    return read("adult", "income");
  }

  /** California housing, target {@code median_house_value} in US dollars; all features numeric. */
  public static Table california() {
    return read("california_housing", "median_house_value");
  }

  /** Taiwan credit card default, target {@code default_payment_next_month} (0/1); numeric features. */
  public static Table creditDefault() {
    return read("credit_default", "default_payment_next_month");
  }

  /**
   * Statlog German credit, target {@code class} ({@code bad} or {@code good}; codes follow the
   * CSV reader's level order, see {@link Table#targetFeature()}); 13 categorical features.
   */
  public static Table germanCredit() {
    return read("german_credit", "class");
  }

  /**
   * {@code rows} distinct row indices drawn from {@code 0 .. n-1} without replacement, in random order
   * (a partial Fisher–Yates shuffle with the given seed).
   */
  public static int[] sample(int n, int rows, long seed) {
    if (rows < 0 || rows > n) {
      throw new IllegalArgumentException("cannot sample " + rows + " of " + n + " rows");
    }
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < rows; i++) {
      int j = i + r.nextInt(n - i);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    return Arrays.copyOf(idx, rows);
  }

  /** {@code y[rows[i]]} for each {@code i}: the labels of a row selection. */
  public static double[] pick(double[] y, int[] rows) {
    double[] out = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = y[rows[i]];
    }
    return out;
  }

  /** The table's target values of rows {@code [from, to)}. */
  public static double[] labels(Table t, int from, int to) {
    return Arrays.copyOfRange(t.target(), from, to);
  }

  /**
   * A copy of {@code x} in which each cell, independently with probability {@code fraction}, is
   * replaced by NaN (missing). Cells are visited column by column, row by row, with one seeded stream.
   */
  public static Frame withMissing(Frame x, double fraction, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] cols = new double[x.columns()][];
    for (int j = 0; j < x.columns(); j++) {
      cols[j] = x.column(j);
      for (int i = 0; i < cols[j].length; i++) {
        if (rng.nextDouble() < fraction) {
          cols[j][i] = Double.NaN;
        }
      }
    }
    return Frame.of(x.schema(), cols);
  }

  /**
   * The largest absolute difference between two arrays of equal length; positive infinity if any
   * difference is NaN (a NaN on either side, even on both, or equal infinities), so that a NaN can
   * never pass a {@code <= tolerance} check.
   *
   * @throws AssertionError if the lengths differ
   */
  public static double maxAbsDiff(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
    }
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      double d = Math.abs(a[i] - b[i]);
      if (Double.isNaN(d)) {
        return Double.POSITIVE_INFINITY;
      }
      max = Math.max(max, d);
    }
    return max;
  }

  /** The number of NaN cells in {@code x}. */
  public static int countNaN(Frame x) {
    int n = 0;
    for (int j = 0; j < x.columns(); j++) {
      for (double v : x.column(j)) {
        n += Double.isNaN(v) ? 1 : 0;
      }
    }
    return n;
  }

  /** The number of cells of {@code x} equal to zero. */
  public static int countZero(Frame x) {
    int n = 0;
    for (int j = 0; j < x.columns(); j++) {
      for (double v : x.column(j)) {
        n += v == 0 ? 1 : 0;
      }
    }
    return n;
  }
}
