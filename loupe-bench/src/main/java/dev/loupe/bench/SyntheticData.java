package dev.loupe.bench;

import dev.loupe.core.Seed;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic binary-classification data for the TreeSHAP benchmarks: 30 features,
 * enough structure that 500 depth-6 trees grow full, varied paths.
 *
 * <ul>
 *   <li>{@code x00..x19}: four groups of five correlated Gaussians (within-group correlation 0.64:
 *       {@code 0.8 z_g + 0.6 e});
 *   <li>{@code x20..x25}: independent, {@code x20..x22} standard Gaussian, {@code x23..x25} uniform
 *       on [-2, 2];
 *   <li>{@code x26..x29}: discrete, numeric-coded: binary, three levels, a count 0..7, ten levels.
 * </ul>
 *
 * <p>The label is Bernoulli(sigmoid(logit)) with a logit of main effects, pairwise products,
 * thresholded interactions and a periodic term. After the label is drawn, each cell is missing
 * (NaN) with probability 5%, independently. Every value is rounded to {@code float} so that the
 * {@code double[]} Loupe reads and the {@code float[]} XGBoost reads hold the same numbers.
 *
 * <p>Row {@code i} of stream {@code s} draws from its own generator seeded by
 * {@code seed.derive(s).derive(i)}: any row range is reproducible on its own.
 */
final class SyntheticData {
  static final int FEATURES = 30;
  static final double MISSING_RATE = 0.05;

  /** Streams: the training rows, the explained rows and the background rows never overlap. */
  static final long TRAIN = 1;
  static final long EXPLAIN = 2;
  static final long BACKGROUND = 3;

  private SyntheticData() {}

  static String[] names() {
    String[] names = new String[FEATURES];
    for (int j = 0; j < FEATURES; j++) {
      names[j] = String.format("x%02d", j);
    }
    return names;
  }

  /** {@code n} rows of {@code stream}, row-major {@code n x 30}, NaN for missing. */
  static double[] rows(Seed seed, long stream, int n) {
    double[] x = new double[n * FEATURES];
    double[] row = new double[FEATURES];
    Seed s = seed.derive(stream);
    for (int i = 0; i < n; i++) {
      SplittableRandom rnd = new SplittableRandom(s.derive(i).value());
      draw(rnd, row);
      rnd.nextDouble(); // the label draw: keeps the missing mask the same whether or not labels are asked for
      mask(rnd, row);
      System.arraycopy(row, 0, x, i * FEATURES, FEATURES);
    }
    return x;
  }

  /** The labels (0 or 1) of the same {@code n} rows of {@code stream} as {@link #rows}. */
  static float[] labels(Seed seed, long stream, int n) {
    float[] y = new float[n];
    double[] row = new double[FEATURES];
    Seed s = seed.derive(stream);
    for (int i = 0; i < n; i++) {
      SplittableRandom rnd = new SplittableRandom(s.derive(i).value());
      draw(rnd, row);
      double p = 1.0 / (1.0 + Math.exp(-logit(row)));
      y[i] = rnd.nextDouble() < p ? 1f : 0f;
    }
    return y;
  }

  private static void draw(SplittableRandom rnd, double[] row) {
    for (int g = 0; g < 4; g++) {
      double z = rnd.nextGaussian();
      for (int k = 0; k < 5; k++) {
        row[g * 5 + k] = f(0.8 * z + 0.6 * rnd.nextGaussian());
      }
    }
    for (int j = 20; j < 23; j++) {
      row[j] = f(rnd.nextGaussian());
    }
    for (int j = 23; j < 26; j++) {
      row[j] = f(rnd.nextDouble(-2.0, 2.0));
    }
    row[26] = rnd.nextInt(2);
    row[27] = rnd.nextInt(3);
    row[28] = Math.min(7, poisson(rnd, 2.0));
    row[29] = rnd.nextInt(10);
  }

  private static void mask(SplittableRandom rnd, double[] row) {
    for (int j = 0; j < FEATURES; j++) {
      if (rnd.nextDouble() < MISSING_RATE) {
        row[j] = Double.NaN;
      }
    }
  }

  private static double logit(double[] x) {
    return 0.8 * x[0] - 0.6 * x[5] + 0.4 * x[10] - 0.3 * x[15] + 0.5 * x[20]
        + 0.7 * x[1] * x[6]
        - 0.5 * x[11] * x[21]
        + (x[2] > 0 && x[26] == 1 ? 1.0 : 0.0)
        - (x[23] < -1 && x[27] == 2 ? 0.8 : 0.0)
        + 0.6 * Math.sin(2.0 * x[24])
        + 0.3 * (x[28] - 2.0) * x[22]
        + 0.15 * (x[29] - 4.5) * (x[16] > 0.5 ? 1.0 : -0.5)
        + 0.3 * x[3] * x[25]
        - 0.2;
  }

  private static int poisson(SplittableRandom rnd, double lambda) {
    double limit = Math.exp(-lambda);
    double p = 1.0;
    int k = -1;
    do {
      k++;
      p *= rnd.nextDouble();
    } while (p > limit);
    return k;
  }

  private static double f(double v) {
    return (float) v;
  }

  static float[] toFloat(double[] x) {
    float[] out = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = (float) x[i];
    }
    return out;
  }
}
