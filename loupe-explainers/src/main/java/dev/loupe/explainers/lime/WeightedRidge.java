package dev.loupe.explainers.lime;

/**
 * Weighted ridge regressions with an unpenalised intercept on any subset of the columns of one
 * design, from the design's weighted, centred second moments (computed once, O(n p (p + k)) for n
 * rows, p columns and k targets). A fit on s columns then costs O(s^3), so forward selection never
 * revisits the samples.
 *
 * <p>Minimises {@code sum_i w_i (y_i - b - z_i . beta)^2 + alpha |beta|^2}, as scikit-learn's
 * {@code Ridge(alpha, fit_intercept=True).fit(z, y, sample_weight=w)}: with weighted means
 * {@code zbar, ybar} and centred moments {@code C = sum w (z - zbar)(z - zbar)'},
 * {@code c = sum w (z - zbar)(y - ybar)}, the weights solve {@code (C + alpha I) beta = c} and the
 * intercept is {@code ybar - zbar . beta}. The weighted R² is {@code 1 - SSE / sum w (y - ybar)^2}.
 * A column that is constant over the samples (or a linear combination of those before it, when
 * {@code alpha = 0}) gets weight 0. Not thread-safe: one per worker.
 */
final class WeightedRidge {
  private final int p;
  private final int k;
  private final double[] zbar; // p
  private final double[] ybar; // k
  private final double[] czz; // p x p
  private final double[] czy; // k x p
  private final double[] cyy; // k

  WeightedRidge(int p, int k) {
    this.p = p;
    this.k = k;
    zbar = new double[p];
    ybar = new double[k];
    czz = new double[p * p];
    czy = new double[k * p];
    cyy = new double[k];
  }

  /**
   * Computes the moments of design {@code z} ({@code n x p} row-major), weights {@code w} and
   * targets {@code y} ({@code n x k} row-major), two-pass for accuracy.
   */
  void moments(double[] z, double[] w, double[] y, int n) {
    java.util.Arrays.fill(zbar, 0);
    java.util.Arrays.fill(ybar, 0);
    java.util.Arrays.fill(czz, 0);
    java.util.Arrays.fill(czy, 0);
    java.util.Arrays.fill(cyy, 0);
    double sw = 0;
    for (int i = 0; i < n; i++) {
      double wi = w[i];
      sw += wi;
      for (int j = 0; j < p; j++) {
        zbar[j] += wi * z[i * p + j];
      }
      for (int o = 0; o < k; o++) {
        ybar[o] += wi * y[i * k + o];
      }
    }
    for (int j = 0; j < p; j++) {
      zbar[j] /= sw;
    }
    for (int o = 0; o < k; o++) {
      ybar[o] /= sw;
    }
    double[] dz = new double[p];
    for (int i = 0; i < n; i++) {
      double wi = w[i];
      if (wi == 0) {
        continue;
      }
      for (int j = 0; j < p; j++) {
        dz[j] = z[i * p + j] - zbar[j];
      }
      for (int j = 0; j < p; j++) {
        double a = wi * dz[j];
        if (a == 0) {
          continue;
        }
        for (int l = j; l < p; l++) {
          czz[j * p + l] += a * dz[l];
        }
      }
      for (int o = 0; o < k; o++) {
        double dy = y[i * k + o] - ybar[o];
        double a = wi * dy;
        cyy[o] += a * dy;
        for (int j = 0; j < p; j++) {
          czy[o * p + j] += a * dz[j];
        }
      }
    }
    for (int j = 0; j < p; j++) {
      for (int l = j + 1; l < p; l++) {
        czz[l * p + j] = czz[j * p + l];
      }
    }
  }

  /** A fit: intercept, one weight per chosen column (in the order given), weighted R². */
  record Fit(double intercept, double[] coefficients, double r2) {}

  /** The weighted ridge fit of target {@code output} on the columns {@code cols}. */
  Fit fit(int[] cols, int output, double alpha) {
    int s = cols.length;
    double[] a = new double[s * s];
    double[] b = new double[s];
    double scale = 0;
    for (int u = 0; u < s; u++) {
      scale = Math.max(scale, czz[cols[u] * p + cols[u]]);
    }
    for (int u = 0; u < s; u++) {
      for (int v = 0; v < s; v++) {
        a[u * s + v] = czz[cols[u] * p + cols[v]];
      }
      a[u * s + u] += alpha;
      b[u] = czy[output * p + cols[u]];
    }
    double[] beta = solve(a, b, s, 1e-12 * Math.max(scale, 1e-300) + 0.0);
    double intercept = ybar[output];
    double sse = cyy[output];
    for (int u = 0; u < s; u++) {
      intercept -= zbar[cols[u]] * beta[u];
      sse -= 2 * beta[u] * b[u];
      for (int v = 0; v < s; v++) {
        sse += beta[u] * czz[cols[u] * p + cols[v]] * beta[v];
      }
    }
    double tot = cyy[output];
    double r2;
    if (tot > 0) {
      r2 = Math.min(1.0, 1.0 - Math.max(sse, 0) / tot);
    } else {
      r2 = 1.0; // a constant target is fitted exactly by the intercept
    }
    return new Fit(intercept, beta, r2);
  }

  /** The weighted variance sum of target {@code output}: {@code sum w (y - ybar)^2}. */
  double totalSumOfSquares(int output) {
    return cyy[output];
  }

  /**
   * Solves the symmetric positive semi-definite system {@code a x = b} by Cholesky; a pivot at or
   * below {@code tiny} marks its column dependent on those before it, and its unknown is 0.
   */
  static double[] solve(double[] a, double[] b, int s, double tiny) {
    double[] l = new double[s * s];
    boolean[] dropped = new boolean[s];
    for (int j = 0; j < s; j++) {
      double d = a[j * s + j];
      for (int t = 0; t < j; t++) {
        d -= l[j * s + t] * l[j * s + t];
      }
      if (!(d > tiny)) {
        dropped[j] = true;
        continue;
      }
      double ljj = Math.sqrt(d);
      l[j * s + j] = ljj;
      for (int i = j + 1; i < s; i++) {
        double v = a[i * s + j];
        for (int t = 0; t < j; t++) {
          v -= l[i * s + t] * l[j * s + t];
        }
        l[i * s + j] = v / ljj;
      }
    }
    double[] y = new double[s];
    for (int i = 0; i < s; i++) {
      if (dropped[i]) {
        continue;
      }
      double v = b[i];
      for (int t = 0; t < i; t++) {
        v -= l[i * s + t] * y[t];
      }
      y[i] = v / l[i * s + i];
    }
    double[] x = new double[s];
    for (int i = s - 1; i >= 0; i--) {
      if (dropped[i]) {
        continue;
      }
      double v = y[i];
      for (int t = i + 1; t < s; t++) {
        v -= l[t * s + i] * x[t];
      }
      x[i] = v / l[i * s + i];
    }
    return x;
  }
}
