package dev.loupe.explainers.shapley;

import java.util.Arrays;

/**
 * Which coalitions KernelSHAP evaluates for one row, fixed by the number of players, the budget
 * and the sampling scheme (the same for every row; only the random draws differ).
 *
 * <p>The proper coalitions (neither empty nor full) are grouped into complementary pairs
 * {@code {S, N∖S}}, and the pairs into strata by the smaller of their two sizes
 * {@code s = 1 .. ⌊M/2⌋}; stratum {@code s} holds {@code N_s = C(M, s)} pairs, or
 * {@code C(M, s) / 2} when {@code s = M/2}. Each stratum gets {@code n_s} pairs by water-filling:
 * {@code n_s = clamp(c·q_s, min(2, N_s), N_s)} with {@code Σ n_s} = the budget's pairs, where
 * {@code q_s} is the stratum's share under the scheme (kernel: its total Shapley-kernel weight;
 * leverage: its total leverage score, the same for every size). A stratum whose share covers all
 * its pairs is enumerated; that happens first for the smallest sizes, as in shap's KernelExplainer.
 * The others are simple random samples of pairs without replacement (stratified sampling).
 *
 * <p>The plain scheme is one stratum of {@code budget - 2} coalitions drawn independently, with
 * replacement, from the Shapley kernel distribution (Lundberg &amp; Lee 2017), unpaired.
 *
 * <p>A budget of at least {@code 2^M} enumerates every stratum under every scheme. Immutable.
 */
final class KernelDesign {
  /** Stratum index meaning "the plain scheme's single stratum of unpaired coalitions". */
  static final int UNPAIRED = 0;

  final int players;
  /** Smaller coalition size of each stratum's pairs; {@link #UNPAIRED} for the plain scheme. */
  final int[] size;
  /** Pairs in each stratum ({@code +∞} for plain: sampling with replacement). */
  final double[] population;
  /** Units (pairs, or single coalitions for plain) evaluated in each stratum at the full budget. */
  final int[] draws;
  /** Total Shapley-kernel weight of each stratum's coalitions (see {@link #weight}). */
  final double[] kernelMass;
  /** Coalitions of the full design, {@code v(∅)} and {@code v(N)} included. */
  final long coalitions;

  private KernelDesign(int players, int[] size, double[] population, int[] draws, double[] kernelMass) {
    this.players = players;
    this.size = size;
    this.population = population;
    this.draws = draws;
    this.kernelMass = kernelMass;
    long c = 2;
    for (int s = 0; s < size.length; s++) {
      c += (long) draws[s] * (size[s] == UNPAIRED ? 1 : 2);
    }
    this.coalitions = c;
  }

  /**
   * The fewest coalitions per row that KernelSHAP accepts for {@code m} players: every coalition
   * ({@code 2^m}) when that is smaller, else {@code 2m + 2}.
   */
  static long minimumBudget(int m) {
    long all = m < 62 ? 1L << m : Long.MAX_VALUE;
    return Math.min(all, 2L * m + 2);
  }

  /** Whether {@code budget} covers every coalition of {@code m} players. */
  static boolean exhaustive(int m, long budget) {
    return m < 62 && budget >= (1L << m);
  }

  /**
   * The design for {@code m >= 1} players and {@code budget >= minimumBudget(m)} coalitions.
   */
  static KernelDesign of(int m, long budget, KernelShap.Sampling sampling) {
    if (budget < minimumBudget(m)) {
      throw new IllegalStateException("budget " + budget + " < minimum " + minimumBudget(m)); // checked by KernelShap
    }
    int strata = m / 2;
    if (m == 1) {
      return new KernelDesign(1, new int[0], new double[0], new int[0], new double[0]);
    }
    if (!exhaustive(m, budget) && sampling == KernelShap.Sampling.PLAIN) {
      double mass = 0;
      for (int s = 1; s < m; s++) {
        mass += kernel(m, s);
      }
      long n = budget - 2;
      if (n > Integer.MAX_VALUE / m) {
        throw new IllegalArgumentException("budget " + budget + " is too large for " + m + " players");
      }
      return new KernelDesign(m, new int[] {UNPAIRED}, new double[] {Double.POSITIVE_INFINITY}, new int[] {(int) n},
          new double[] {mass});
    }
    int[] size = new int[strata];
    double[] population = new double[strata];
    double[] mass = new double[strata];
    double[] share = new double[strata];
    for (int i = 0; i < strata; i++) {
      int s = i + 1;
      boolean middle = 2 * s == m;
      size[i] = s;
      population[i] = middle ? binomial(m, s) / 2 : binomial(m, s);
      // a pair holds one coalition of size s and one of size m - s; the middle stratum's pairs hold
      // two of size m/2, so its kernel weight is that of the single size m/2
      mass[i] = middle ? kernel(m, s) : 2 * kernel(m, s);
      share[i] = sampling == KernelShap.Sampling.LEVERAGE ? (middle ? 1 : 2) : mass[i];
    }
    int[] draws = new int[strata];
    if (exhaustive(m, budget)) {
      for (int i = 0; i < strata; i++) {
        draws[i] = (int) population[i];
      }
    } else {
      allocate((budget - 2) / 2, population, share, draws);
    }
    return new KernelDesign(m, size, population, draws, mass);
  }

  /**
   * Water-filling: {@code draws[i] = clamp(c·share[i], min(2, population[i]), population[i])},
   * rounded to integers summing to {@code pairs} (largest remainders), for the {@code c} that makes
   * them sum to {@code pairs}. Requires {@code Σ min(2, N) <= pairs < Σ N}.
   */
  private static void allocate(long pairs, double[] population, double[] share, int[] draws) {
    int k = population.length;
    double lo = 0;
    double hi = 1;
    while (fill(hi, population, share, null) < pairs) {
      hi *= 2;
    }
    for (int it = 0; it < 200 && hi - lo > 1e-15 * hi; it++) {
      double mid = (lo + hi) / 2;
      if (fill(mid, population, share, null) < pairs) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    double[] x = new double[k];
    fill(hi, population, share, x);
    long rest = pairs;
    for (int i = 0; i < k; i++) {
      draws[i] = (int) Math.min(Math.floor(x[i] + 1e-9), population[i]);
      rest -= draws[i];
    }
    Integer[] order = new Integer[k];
    for (int i = 0; i < k; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> {
      int c = Double.compare(x[b] - draws[b], x[a] - draws[a]);
      return c != 0 ? c : Integer.compare(a, b);
    });
    while (rest > 0) {
      boolean gave = false;
      for (int j = 0; j < k && rest > 0; j++) {
        int i = order[j];
        if (draws[i] < population[i]) {
          draws[i]++;
          rest--;
          gave = true;
        }
      }
      if (!gave) {
        throw new IllegalStateException("cannot place " + rest + " pairs"); // unreachable: pairs < Σ N
      }
    }
    while (rest < 0) { // rounding of a bisection end point overshot: take back from the largest remainders' end
      boolean took = false;
      for (int j = k - 1; j >= 0 && rest < 0; j--) {
        int i = order[j];
        if (draws[i] > Math.min(2, population[i])) {
          draws[i]--;
          rest++;
          took = true;
        }
      }
      if (!took) {
        throw new IllegalStateException("cannot remove " + (-rest) + " pairs");
      }
    }
  }

  private static double fill(double c, double[] population, double[] share, double[] out) {
    double sum = 0;
    for (int i = 0; i < population.length; i++) {
      double v = Math.min(population[i], Math.max(Math.min(2, population[i]), c * share[i]));
      if (out != null) {
        out[i] = v;
      }
      sum += v;
    }
    return sum;
  }

  /** Total Shapley-kernel weight of all coalitions of size {@code s}: {@code (m-1) / (s (m-s))}. */
  static double kernel(int m, int s) {
    return (m - 1.0) / ((double) s * (m - s));
  }

  /** {@code C(m, s)} in double (exact up to 2^53). */
  static double binomial(int m, int s) {
    double c = 1;
    for (int i = 1; i <= s; i++) {
      c = c * (m - s + i) / i;
    }
    return c < 0x1p53 ? Math.rint(c) : c;
  }

  /** Number of strata. */
  int strata() {
    return size.length;
  }

  boolean paired(int stratum) {
    return size[stratum] != UNPAIRED;
  }

  /**
   * The regression weight of each coalition of a stratum from which {@code n} units were
   * evaluated: its kernel weight divided by its inclusion probability (Horvitz–Thompson).
   */
  double weight(int stratum, int n) {
    if (!paired(stratum)) {
      return kernelMass[stratum] / n; // drawn with probability ∝ kernel weight, n times
    }
    // the stratum's 2·N_s coalitions share its kernel mass equally (sizes s and m - s have the same
    // kernel weight); each pair is included with probability n / N_s
    return kernelMass[stratum] / (2.0 * n);
  }

  /** Whether stratum {@code i} is evaluated entirely at {@code n} units. */
  boolean complete(int stratum, int n) {
    return paired(stratum) && n >= population[stratum];
  }

  /** Fraction of the stratum's population sampled (0 for sampling with replacement). */
  double fraction(int stratum, int n) {
    return paired(stratum) ? n / population[stratum] : 0;
  }
}
