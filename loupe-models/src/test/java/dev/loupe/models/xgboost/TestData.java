package dev.loupe.models.xgboost;

import dev.loupe.core.Frame;
import dev.loupe.io.csv.Csv;
import dev.loupe.io.csv.CsvOptions;
import dev.loupe.io.csv.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** The bundled data sets under the repository's {@code data/}, found by walking up from the working directory. */
final class TestData {
  private TestData() {}

  static Path dataDir() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null) {
      Path d = p.resolve("data");
      if (Files.isDirectory(d.resolve("adult"))) {
        return d;
      }
      p = p.getParent();
    }
    throw new IllegalStateException("no data/ directory above " + Path.of("").toAbsolutePath());
  }

  static Table read(String set, String target) {
    return Csv.read(dataDir().resolve(set).resolve(set + ".csv"), CsvOptions.target(target));
  }

  /** {@code rows} distinct row indices of {@code 0 .. n-1}, shuffled with a fixed seed. */
  static int[] sample(int n, int rows, long seed) {
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    Random r = new Random(seed);
    for (int i = 0; i < rows; i++) {
      int j = i + r.nextInt(n - i);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    return java.util.Arrays.copyOf(idx, rows);
  }

  static double[] pick(double[] y, int[] rows) {
    double[] out = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = y[rows[i]];
    }
    return out;
  }

  /** The frame with a fraction of its cells set missing (NaN), fixed seed. */
  static Frame withMissing(Frame f, double fraction, long seed) {
    Random r = new Random(seed);
    double[][] cols = new double[f.columns()][];
    for (int j = 0; j < f.columns(); j++) {
      cols[j] = f.column(j);
      for (int i = 0; i < cols[j].length; i++) {
        if (r.nextDouble() < fraction) {
          cols[j][i] = Double.NaN;
        }
      }
    }
    return Frame.of(f.schema(), cols);
  }

  static double maxAbsDiff(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
    }
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      double d = Math.abs(a[i] - b[i]);
      if (!(d <= max)) {
        max = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
      }
    }
    return max;
  }
}
