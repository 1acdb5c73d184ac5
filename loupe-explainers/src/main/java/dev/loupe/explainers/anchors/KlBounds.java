package dev.loupe.explainers.anchors;

/**
 * Confidence bounds of a Bernoulli mean from the Kullback-Leibler divergence, as in KL-LUCB
 * (Kaufmann and Kalyanakrishnan, COLT 2013): after n samples with mean p, the upper bound is the
 * largest {@code q >= p} with {@code n KL(p || q) <= beta}, the lower bound the smallest
 * {@code q <= p} with the same, found by bisection to within 1e-12. Stateless.
 */
final class KlBounds {
  private static final int ITERATIONS = 60;

  private KlBounds() {}

  /** {@code KL(Bernoulli(p) || Bernoulli(q)) = p log(p/q) + (1-p) log((1-p)/(1-q))}, with 0 log 0 = 0. */
  static double kl(double p, double q) {
    double a = p == 0 ? 0 : p * Math.log(p / q);
    double b = p == 1 ? 0 : (1 - p) * Math.log((1 - p) / (1 - q));
    return a + b;
  }

  /** The largest {@code q} in {@code [p, 1]} with {@code KL(p || q) <= level}. */
  static double upper(double p, double level) {
    double lo = p;
    double hi = 1;
    if (p >= 1) {
      return 1;
    }
    for (int i = 0; i < ITERATIONS; i++) {
      double mid = 0.5 * (lo + hi);
      if (kl(p, mid) > level) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return lo;
  }

  /** The smallest {@code q} in {@code [0, p]} with {@code KL(p || q) <= level}. */
  static double lower(double p, double level) {
    double lo = 0;
    double hi = p;
    if (p <= 0) {
      return 0;
    }
    for (int i = 0; i < ITERATIONS; i++) {
      double mid = 0.5 * (lo + hi);
      if (kl(p, mid) > level) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return hi;
  }

  /**
   * KL-LUCB's exploration rate for {@code arms} arms at round {@code t} and risk {@code delta}:
   * {@code log(k1 arms t^a / delta) + log log(k1 arms t^a / delta)} with {@code a = 1.1},
   * {@code k1 = 405.5} (the paper's choice, Theorem 3).
   */
  static double beta(int arms, long t, double delta) {
    double v = Math.log(405.5 * arms * Math.pow(t, 1.1) / delta);
    return v + Math.log(v);
  }
}
