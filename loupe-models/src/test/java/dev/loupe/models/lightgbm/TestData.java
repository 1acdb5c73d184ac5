package dev.loupe.models.lightgbm;

import dev.loupe.core.Frame;
import dev.loupe.io.csv.Csv;
import dev.loupe.io.csv.CsvOptions;
import dev.loupe.io.csv.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/** The repository's bundled data sets, cut into small train / held-out parts for fast tests. */
final class TestData {
  private TestData() {}

  /** The repository root: the first directory upwards from the working directory holding {@code data/}. */
  static Path repoRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("data"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("no data/ folder above " + Path.of("").toAbsolutePath());
    }
    return p;
  }

  static Table read(String folder, String file, String target) {
    return Csv.read(repoRoot().resolve("data").resolve(folder).resolve(file), CsvOptions.target(target));
  }

  static Table adult() {
    return read("adult", "adult.csv", "income");
  }

  static Table california() {
    return read("california_housing", "california_housing.csv", "median_house_value");
  }

  static Table creditDefault() {
    return read("credit_default", "credit_default.csv", "default_payment_next_month");
  }

  static double[] labels(Table t, int from, int to) {
    return Arrays.copyOfRange(t.target(), from, to);
  }

  /** A copy of {@code x} with each value replaced by NaN with probability {@code p} (fixed seed). */
  static Frame withMissing(Frame x, double p, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] cols = new double[x.columns()][];
    for (int j = 0; j < x.columns(); j++) {
      cols[j] = x.column(j);
      for (int i = 0; i < cols[j].length; i++) {
        if (rng.nextDouble() < p) {
          cols[j][i] = Double.NaN;
        }
      }
    }
    return Frame.of(x.schema(), cols);
  }

  /** The largest absolute difference between two arrays of equal length. */
  static double maxAbsDiff(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
    }
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      double e = Math.abs(a[i] - b[i]);
      if (Double.isNaN(e)) {
        return Double.POSITIVE_INFINITY;
      }
      d = Math.max(d, e);
    }
    return d;
  }

  static int countNaN(Frame x) {
    int n = 0;
    for (int j = 0; j < x.columns(); j++) {
      for (double v : x.column(j)) {
        n += Double.isNaN(v) ? 1 : 0;
      }
    }
    return n;
  }

  static int countZero(Frame x) {
    int n = 0;
    for (int j = 0; j < x.columns(); j++) {
      for (double v : x.column(j)) {
        n += v == 0 ? 1 : 0;
      }
    }
    return n;
  }
}
