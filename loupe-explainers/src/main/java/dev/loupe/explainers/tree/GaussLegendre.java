package dev.loupe.explainers.tree;

/**
 * Gauss–Legendre quadrature on [0, 1]: {@code n} nodes integrate every polynomial of degree up to
 * {@code 2n - 1} exactly (up to rounding).
 *
 * <p>Nodes are the roots of the Legendre polynomial P_n found by Newton's method from the
 * Chebyshev-like start {@code cos(pi (i - 1/4) / (n + 1/2))} (Golub & Welsch give the same nodes by
 * an eigenproblem); weights {@code 2 / ((1 - x^2) P_n'(x)^2)}; both mapped from [-1, 1] to [0, 1].
 */
final class GaussLegendre {
  final double[] nodes;
  final double[] weights;

  private GaussLegendre(int n) {
    nodes = new double[n];
    weights = new double[n];
    for (int i = 0; i < n; i++) {
      double x = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
      double dp = 0;
      for (int iter = 0; iter < 100; iter++) {
        double p0 = 1;
        double p1 = x;
        for (int k = 2; k <= n; k++) {
          double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
          p0 = p1;
          p1 = p2;
        }
        // p1 = P_n(x), p0 = P_{n-1}(x)
        dp = n * (x * p1 - p0) / (x * x - 1);
        double dx = p1 / dp;
        x -= dx;
        if (Math.abs(dx) < 1e-16) {
          break;
        }
      }
      nodes[i] = (1 - x) / 2;
      weights[i] = 1 / ((1 - x * x) * dp * dp);
    }
  }

  /** The rule with {@code n >= 1} nodes. */
  static GaussLegendre of(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, was " + n);
    }
    return new GaussLegendre(n);
  }

  /** The fewest nodes that integrate a polynomial of degree {@code degree} exactly. */
  static int pointsForDegree(int degree) {
    return Math.max(1, (degree + 2) / 2);
  }
}
