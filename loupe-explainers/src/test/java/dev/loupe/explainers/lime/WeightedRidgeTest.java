package dev.loupe.explainers.lime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link WeightedRidge} against the closed form: the normal equations of the augmented design
 * {@code X = [1, z_S]}, {@code (X' W X + diag(0, alpha, .., alpha)) theta = X' W y}, assembled from
 * the samples and solved by Gaussian elimination with partial pivoting in this test; the weighted
 * R² from the residuals. Tolerance 1e-9 absolute.
 */
class WeightedRidgeTest {
  private static final double TOL = 1e-9;

  @Test
  void matchesNormalEquations() {
    SplittableRandom r = new SplittableRandom(42);
    int n = 300;
    int p = 6;
    int k = 2;
    double[] z = new double[n * p];
    double[] w = new double[n];
    double[] y = new double[n * k];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < p; j++) {
        z[i * p + j] = r.nextDouble() < 0.6 ? 1 : 0;
      }
      w[i] = r.nextDouble() * 2;
      for (int o = 0; o < k; o++) {
        y[i * k + o] = 1.5 * z[i * p] - 2 * z[i * p + 2] + r.nextGaussian() + 3 * o;
      }
    }
    WeightedRidge ridge = new WeightedRidge(p, k);
    ridge.moments(z, w, y, n);
    for (double alpha : new double[] {0, 0.01, 1, 25}) {
      for (int[] cols : new int[][] {{0}, {0, 2, 4}, {1, 2, 3, 4, 5}, {0, 1, 2, 3, 4, 5}}) {
        for (int o = 0; o < k; o++) {
          WeightedRidge.Fit fit = ridge.fit(cols, o, alpha);
          double[] theta = closedForm(z, w, y, n, p, k, cols, o, alpha);
          assertEquals(theta[0], fit.intercept(), TOL, "intercept");
          for (int u = 0; u < cols.length; u++) {
            assertEquals(theta[u + 1], fit.coefficients()[u], TOL, "coefficient of column " + cols[u]);
          }
          assertEquals(r2(z, w, y, n, p, k, cols, o, theta), fit.r2(), TOL, "weighted R²");
        }
      }
    }
  }

  @Test
  void constantColumnGetsZeroWeight() {
    int n = 50;
    double[] z = new double[n * 2];
    double[] w = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      z[i * 2] = 1; // constant: absorbed by the intercept
      z[i * 2 + 1] = i % 2;
      w[i] = 1;
      y[i] = 4 + 2 * (i % 2);
    }
    WeightedRidge ridge = new WeightedRidge(2, 1);
    ridge.moments(z, w, y, n);
    WeightedRidge.Fit fit = ridge.fit(new int[] {0, 1}, 0, 0);
    assertEquals(0, fit.coefficients()[0], 0);
    assertEquals(2, fit.coefficients()[1], TOL);
    assertEquals(4, fit.intercept(), TOL);
    assertEquals(1, fit.r2(), TOL);
  }

  static double[] closedForm(double[] z, double[] w, double[] y, int n, int p, int k, int[] cols, int o, double alpha) {
    int s = cols.length + 1;
    double[][] a = new double[s][s + 1];
    for (int i = 0; i < n; i++) {
      double[] xi = new double[s];
      xi[0] = 1;
      for (int u = 0; u < cols.length; u++) {
        xi[u + 1] = z[i * p + cols[u]];
      }
      for (int u = 0; u < s; u++) {
        for (int v = 0; v < s; v++) {
          a[u][v] += w[i] * xi[u] * xi[v];
        }
        a[u][s] += w[i] * xi[u] * y[i * k + o];
      }
    }
    for (int u = 1; u < s; u++) {
      a[u][u] += alpha;
    }
    for (int c = 0; c < s; c++) {
      int piv = c;
      for (int rr = c + 1; rr < s; rr++) {
        if (Math.abs(a[rr][c]) > Math.abs(a[piv][c])) {
          piv = rr;
        }
      }
      double[] t = a[c];
      a[c] = a[piv];
      a[piv] = t;
      for (int rr = 0; rr < s; rr++) {
        if (rr != c) {
          double f = a[rr][c] / a[c][c];
          for (int cc = c; cc <= s; cc++) {
            a[rr][cc] -= f * a[c][cc];
          }
        }
      }
    }
    double[] theta = new double[s];
    for (int u = 0; u < s; u++) {
      theta[u] = a[u][s] / a[u][u];
    }
    return theta;
  }

  static double r2(double[] z, double[] w, double[] y, int n, int p, int k, int[] cols, int o, double[] theta) {
    double sw = 0;
    double my = 0;
    for (int i = 0; i < n; i++) {
      sw += w[i];
      my += w[i] * y[i * k + o];
    }
    my /= sw;
    double sse = 0;
    double tot = 0;
    for (int i = 0; i < n; i++) {
      double pred = theta[0];
      for (int u = 0; u < cols.length; u++) {
        pred += theta[u + 1] * z[i * p + cols[u]];
      }
      double e = y[i * k + o] - pred;
      sse += w[i] * e * e;
      double d = y[i * k + o] - my;
      tot += w[i] * d * d;
    }
    return 1 - sse / tot;
  }
}
