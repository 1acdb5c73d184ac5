package dev.loupe.explainers.shapley;

import dev.loupe.core.Frame;
import dev.loupe.core.Seed;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The weighted k-means summary behind {@link Background#kmeans}: k-means++ seeding (Arthur &amp;
 * Vassilvitskii 2007) and Lloyd iterations on standardised, mean-imputed features, then each centre
 * turned back into a row of actual data values (as shap's {@code kmeans} does).
 *
 * <p>Cost: O(n·k·m) for seeding and per iteration, at most {@value #MAX_ITERATIONS} iterations;
 * memory O(n·m). Deterministic from the seed: one {@link SplittableRandom} stream, fixed order of
 * all sums. Stateless.
 */
final class KMeans {
  /** Lloyd iterations stop when no row changes cluster, or after this many. */
  static final int MAX_ITERATIONS = 100;

  private KMeans() {}

  /** Centres in the data's schema and the number of rows in each cluster. */
  record Summary(Frame centres, double[] sizes) {}

  static Summary summarise(Frame data, int k, Seed seed) {
    int n = data.rows();
    int m = data.columns();
    double[][] columns = new double[m][];
    for (int j = 0; j < m; j++) {
      columns[j] = data.column(j);
    }
    double[] z = standardised(columns, n, m);

    // k-means++ seeding: first centre uniform, each next with probability proportional to D(x)^2
    SplittableRandom random = new SplittableRandom(seed.derive(0x6B6D65616E73L).value());
    double[] centres = new double[k * m];
    double[] d2 = new double[n];
    int first = random.nextInt(n);
    System.arraycopy(z, first * m, centres, 0, m);
    for (int i = 0; i < n; i++) {
      d2[i] = distance(z, i * m, centres, 0, m);
    }
    int clusters = 1;
    while (clusters < k) {
      double total = 0;
      for (int i = 0; i < n; i++) {
        total += d2[i];
      }
      if (!(total > 0)) {
        break; // every row coincides with a centre: fewer distinct rows than k
      }
      double r = random.nextDouble() * total;
      int pick = -1;
      double cumulative = 0;
      for (int i = 0; i < n; i++) {
        if (d2[i] > 0) {
          pick = i;
          cumulative += d2[i];
          if (cumulative > r) {
            break;
          }
        }
      }
      System.arraycopy(z, pick * m, centres, clusters * m, m);
      for (int i = 0; i < n; i++) {
        d2[i] = Math.min(d2[i], distance(z, i * m, centres, clusters * m, m));
      }
      clusters++;
    }

    // Lloyd iterations; an empty cluster keeps its centre
    int[] assignment = new int[n];
    Arrays.fill(assignment, -1);
    double[] sums = new double[clusters * m];
    int[] counts = new int[clusters];
    for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
      boolean changed = false;
      for (int i = 0; i < n; i++) {
        int best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int c = 0; c < clusters; c++) {
          double d = distance(z, i * m, centres, c * m, m);
          if (d < bestDistance) {
            bestDistance = d;
            best = c;
          }
        }
        if (assignment[i] != best) {
          assignment[i] = best;
          changed = true;
        }
      }
      if (!changed) {
        break;
      }
      Arrays.fill(sums, 0);
      Arrays.fill(counts, 0);
      for (int i = 0; i < n; i++) {
        int c = assignment[i];
        counts[c]++;
        for (int j = 0; j < m; j++) {
          sums[c * m + j] += z[i * m + j];
        }
      }
      for (int c = 0; c < clusters; c++) {
        if (counts[c] > 0) {
          for (int j = 0; j < m; j++) {
            centres[c * m + j] = sums[c * m + j] / counts[c];
          }
        }
      }
    }
    Arrays.fill(counts, 0);
    for (int i = 0; i < n; i++) {
      counts[assignment[i]]++;
    }
    return new Summary(representatives(data, columns, assignment, counts, clusters), sizes(counts));
  }

  /** Row-major z-scores; a missing value becomes the column mean (0); a constant column's scale is 1. */
  private static double[] standardised(double[][] columns, int n, int m) {
    double[] z = new double[n * m];
    for (int j = 0; j < m; j++) {
      double[] col = columns[j];
      double sum = 0;
      int present = 0;
      for (double v : col) {
        if (!Double.isNaN(v)) {
          sum += v;
          present++;
        }
      }
      double mean = present > 0 ? sum / present : 0;
      double ss = 0;
      for (double v : col) {
        if (!Double.isNaN(v)) {
          ss += (v - mean) * (v - mean);
        }
      }
      double sd = present > 1 ? Math.sqrt(ss / present) : 0;
      double scale = sd > 0 ? 1 / sd : 1;
      for (int i = 0; i < n; i++) {
        z[i * m + j] = Double.isNaN(col[i]) ? 0 : (col[i] - mean) * scale;
      }
    }
    return z;
  }

  private static double distance(double[] a, int ai, double[] b, int bi, int m) {
    double s = 0;
    for (int j = 0; j < m; j++) {
      double d = a[ai + j] - b[bi + j];
      s += d * d;
    }
    return s;
  }

  /**
   * One row per non-empty cluster, in the data's units: a feature missing in more than half the
   * cluster's rows is missing; otherwise a categorical feature takes the cluster's most frequent
   * code (the smallest on ties), a numeric one the data value nearest the mean of the cluster's
   * non-missing values (the smaller on ties).
   */
  private static Frame representatives(Frame data, double[][] columns, int[] assignment, int[] counts, int clusters) {
    int n = data.rows();
    int m = data.columns();
    int kept = 0;
    int[] slot = new int[clusters];
    for (int c = 0; c < clusters; c++) {
      slot[c] = counts[c] > 0 ? kept++ : -1;
    }
    double[] out = new double[kept * m];
    // members of each cluster, grouped: offsets by counting sort
    int[] start = new int[clusters + 1];
    for (int c = 0; c < clusters; c++) {
      start[c + 1] = start[c] + counts[c];
    }
    int[] members = new int[n];
    int[] fill = Arrays.copyOf(start, clusters);
    for (int i = 0; i < n; i++) {
      members[fill[assignment[i]]++] = i;
    }
    double[] buffer = new double[n];
    for (int j = 0; j < m; j++) {
      double[] col = columns[j];
      double[] sorted = distinctSorted(col);
      boolean categorical = data.schema().feature(j).isCategorical();
      for (int c = 0; c < clusters; c++) {
        if (slot[c] < 0) {
          continue;
        }
        int present = 0;
        double sum = 0;
        for (int t = start[c]; t < start[c + 1]; t++) {
          double v = col[members[t]];
          if (!Double.isNaN(v)) {
            buffer[present++] = v;
            sum += v;
          }
        }
        double value;
        if (2 * present < counts[c] || present == 0) {
          value = Double.NaN;
        } else if (categorical) {
          value = mode(buffer, present);
        } else {
          value = nearest(sorted, sum / present);
        }
        out[slot[c] * m + j] = value;
      }
    }
    return Frame.ofRows(data.schema(), out, kept);
  }

  private static double[] distinctSorted(double[] col) {
    double[] v = Arrays.stream(col).filter(x -> !Double.isNaN(x)).sorted().distinct().toArray();
    return v;
  }

  /** The value of {@code sorted} nearest {@code x}, the smaller on ties. */
  static double nearest(double[] sorted, double x) {
    int i = Arrays.binarySearch(sorted, x);
    if (i >= 0) {
      return sorted[i];
    }
    int above = -i - 1;
    if (above == 0) {
      return sorted[0];
    }
    if (above == sorted.length) {
      return sorted[sorted.length - 1];
    }
    double lo = sorted[above - 1];
    double hi = sorted[above];
    return x - lo <= hi - x ? lo : hi;
  }

  /** The most frequent of {@code values[0..count)}, the smallest on ties; sorts them. */
  private static double mode(double[] values, int count) {
    Arrays.sort(values, 0, count);
    double best = values[0];
    int bestRun = 0;
    for (int i = 0; i < count; ) {
      int j = i;
      while (j < count && values[j] == values[i]) {
        j++;
      }
      if (j - i > bestRun) {
        bestRun = j - i;
        best = values[i];
      }
      i = j;
    }
    return best;
  }

  private static double[] sizes(int[] counts) {
    return Arrays.stream(counts).filter(c -> c > 0).asDoubleStream().toArray();
  }
}
