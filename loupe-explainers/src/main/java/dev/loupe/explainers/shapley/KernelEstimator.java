package dev.loupe.explainers.shapley;

import dev.loupe.core.Seed;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * KernelSHAP of one row at a time, for one worker thread: draws the row's coalitions by the
 * {@link KernelDesign}, evaluates them in batches, solves the constrained weighted least squares
 * and estimates each value's standard error.
 *
 * <p><b>Estimator.</b> With {@code z_S} the indicator of coalition S and {@code ω_S} its
 * Horvitz–Thompson regression weight (kernel weight over inclusion probability), {@code φ}
 * minimises {@code Σ ω_S (v(S) − v(∅) − z_Sᵀφ)²} subject to {@code 1ᵀφ = v(N) − v(∅)}, solved
 * exactly: {@code φ = A⁻¹(b − λ1)}, {@code λ = (1ᵀA⁻¹b − Δ)/(1ᵀA⁻¹1)}, with
 * {@code A = Σ ω z zᵀ}, {@code b = Σ ω z (v(S) − v(∅))} (a pseudo-inverse if A is singular).
 *
 * <p><b>Standard errors.</b> Linearising the solution in (A, b) gives
 * {@code φ̂ − φ ≈ Q Σ_units ω g_u − (population total)}, with {@code Q = A⁻¹ − A⁻¹11ᵀA⁻¹/(1ᵀA⁻¹1)}
 * and {@code g_u = Σ_{S ∈ u} z_S r_S} the unit's residual-weighted indicators (a unit is a
 * complementary pair, or one coalition under plain sampling). Its variance is estimated per stratum
 * by the usual stratified simple-random-sampling formula
 * {@code (1 − n/N) n/(n−1) Σ_u (h_u − h̄)²}, {@code h_u = ω Q g_u} (finite-population correction
 * {@code n/N = 0} for sampling with replacement), summed over strata; enumerated strata add
 * nothing. For a pair, {@code Q g_u = (r_S − r_{N∖S}) Q z_S} since {@code Q1 = 0}. The sum is
 * scaled by {@code n/(n − (M−1))}, n the sampled units, for the residual degrees of freedom (as
 * HC1 in regression); without it the errors of small budgets came out ~20% low against the spread
 * over seeds ({@code KernelShapTest.standardErrorsMatchTheSpreadOverSeeds}).
 *
 * <p>Not thread-safe: one instance per worker, reused across rows.
 */
final class KernelEstimator implements GameRunner.Estimator {
  /** Convergence checkpoints when a target accuracy is set. */
  static final int CHECKPOINTS = 8;
  /** Relative pivot below which A counts as singular (then a pseudo-inverse is used). */
  private static final double SINGULAR = 1e-12;

  private final KernelDesign design;
  private final int m;
  private final int k;
  private final int checkpoints;
  private final double targetAbsolute;
  private final double targetRelative;
  private final int width; // coalitions per unit: 2 (pair) or 1
  private final int[] unitStart;
  private final boolean[] masks;
  private final double[] values;
  private final boolean[] stageMasks;
  private final double[] stageValues;
  private final int[] stageUnit;
  private final double[][] zz; // per stratum Σ z zᵀ over evaluated units, unweighted
  private final double[][] zv; // per stratum Σ z (v − v0) per output, unweighted
  private final int[] evaluated;
  private final double[] a;
  private final double[] inv;
  private final double[] chol;
  private final double[] a1;
  private final double[] q;
  private final double[] b;
  private final double[] x;
  private final double[] qz;
  private final double[] mean;
  private final double[] m2;
  private final double[] var;
  private final double[] delta;
  private final int[] members;
  private final boolean[] mark;
  private final MaskSet seen;
  private final double[] sizeCdf; // plain: cumulative kernel weight of sizes 1..m-1

  KernelEstimator(KernelDesign design, int outputs, double targetAbsolute, double targetRelative) {
    this.design = design;
    this.m = design.players;
    this.k = outputs;
    this.targetAbsolute = targetAbsolute;
    this.targetRelative = targetRelative;
    boolean target = targetAbsolute > 0 || targetRelative > 0;
    this.checkpoints = target ? CHECKPOINTS : 1;
    int strata = design.strata();
    this.width = strata > 0 && !design.paired(0) ? 1 : 2;
    this.unitStart = new int[strata + 1];
    int maxDraws = 0;
    for (int s = 0; s < strata; s++) {
      unitStart[s + 1] = unitStart[s] + design.draws[s];
      maxDraws = Math.max(maxDraws, design.draws[s]);
    }
    int coalitions = unitStart[strata] * width;
    this.masks = new boolean[coalitions * m];
    this.values = new double[coalitions * k];
    this.stageMasks = new boolean[coalitions * m];
    this.stageValues = new double[coalitions * k];
    this.stageUnit = new int[unitStart[strata]];
    this.zz = new double[strata][m * m];
    this.zv = new double[strata][k * m];
    this.evaluated = new int[strata];
    this.a = new double[m * m];
    this.inv = new double[m * m];
    this.chol = new double[m * m];
    this.a1 = new double[m];
    this.q = new double[m * m];
    this.b = new double[m];
    this.x = new double[m];
    this.qz = new double[m];
    this.mean = new double[k * m];
    this.m2 = new double[k * m];
    this.var = new double[k * m];
    this.delta = new double[k];
    this.members = new int[m];
    this.mark = new boolean[m];
    this.seen = new MaskSet(m, Math.max(2, maxDraws));
    if (width == 1) {
      sizeCdf = new double[m - 1];
      double c = 0;
      for (int s = 1; s < m; s++) {
        c += KernelDesign.kernel(m, s);
        sizeCdf[s - 1] = c;
      }
    } else {
      sizeCdf = null;
    }
  }

  @Override
  public long estimate(CoalitionGame game, double[] empty, double[] full, Seed seed, double[] phi, double[] se) {
    for (int o = 0; o < k; o++) {
      delta[o] = full[o] - empty[o];
    }
    if (m == 1) {
      System.arraycopy(delta, 0, phi, 0, k);
      return 2;
    }
    draw(new SplittableRandom(seed.value()));
    int strata = design.strata();
    for (int s = 0; s < strata; s++) {
      Arrays.fill(zz[s], 0);
      Arrays.fill(zv[s], 0);
      evaluated[s] = 0;
    }
    long coalitions = 2;
    for (int t = 1; t <= checkpoints; t++) {
      coalitions += evaluate(game, empty, t);
      solve(phi);
      boolean last = t == checkpoints;
      boolean checkable = coalitions >= 4L * m;
      if (last || checkable) {
        standardErrors(empty, phi, se);
        if (last || converged(phi, se)) {
          break;
        }
      }
    }
    return coalitions;
  }

  // ------------------------------------------------------------------------------------- sampling

  /** Fills {@link #masks} with every unit of every stratum, in the order they will be evaluated. */
  private void draw(SplittableRandom random) {
    for (int st = 0; st < design.strata(); st++) {
      int n = design.draws[st];
      int first = unitStart[st];
      if (!design.paired(st)) {
        for (int u = 0; u < n; u++) {
          int size = plainSize(random);
          subset(random, size);
          writeUnit(first + u);
        }
      } else if (design.complete(st, n)) {
        enumerate(st, first);
      } else {
        int size = design.size[st];
        boolean middle = 2 * size == m;
        seen.clear();
        for (int u = 0; u < n; ) {
          subset(random, size);
          if (middle && !mark[0]) { // a middle pair is named by its half holding player 0
            for (int j = 0; j < m; j++) {
              mark[j] = !mark[j];
            }
          }
          if (seen.add(mark)) {
            writeUnit(first + u);
            u++;
          }
        }
      }
    }
  }

  private int plainSize(SplittableRandom random) {
    double u = random.nextDouble() * sizeCdf[sizeCdf.length - 1];
    int lo = 0;
    int hi = sizeCdf.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sizeCdf[mid] > u) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo + 1;
  }

  /** A uniformly random subset of {@code size} players in {@link #mark} (Floyd's algorithm). */
  private void subset(SplittableRandom random, int size) {
    Arrays.fill(mark, false);
    for (int j = m - size; j < m; j++) {
      int t = random.nextInt(j + 1);
      if (mark[t]) {
        mark[j] = true;
      } else {
        mark[t] = true;
      }
    }
  }

  /** Every pair of stratum {@code st}, in lexicographic order of the smaller half. */
  private void enumerate(int st, int first) {
    int size = design.size[st];
    boolean middle = 2 * size == m;
    int[] c = new int[size];
    for (int i = 0; i < size; i++) {
      c[i] = i;
    }
    int u = first;
    while (true) {
      Arrays.fill(mark, false);
      for (int i = 0; i < size; i++) {
        mark[c[i]] = true;
      }
      writeUnit(u++);
      // next combination; a middle pair keeps player 0 in its first half (c[0] = 0 fixed)
      int lowest = middle ? 1 : 0;
      int i = size - 1;
      while (i >= lowest && c[i] == m - size + i) {
        i--;
      }
      if (i < lowest) {
        break;
      }
      c[i]++;
      for (int j = i + 1; j < size; j++) {
        c[j] = c[j - 1] + 1;
      }
    }
    if (u != first + design.draws[st]) {
      throw new IllegalStateException("enumerated " + (u - first) + " pairs, expected " + design.draws[st]);
    }
  }

  private void writeUnit(int unit) {
    int at = unit * width * m;
    for (int j = 0; j < m; j++) {
      masks[at + j] = mark[j];
    }
    if (width == 2) {
      for (int j = 0; j < m; j++) {
        masks[at + m + j] = !mark[j];
      }
    }
  }

  // ----------------------------------------------------------------------------------- evaluation

  /** Units each stratum has evaluated by checkpoint {@code t}. */
  private int target(int st, int t) {
    int n = design.draws[st];
    if (t == checkpoints || design.complete(st, n)) {
      return n;
    }
    return Math.min(n, Math.max(2, (int) Math.ceil((double) n * t / checkpoints)));
  }

  /** Evaluates the units new at checkpoint {@code t} in one batch; returns the coalitions evaluated. */
  private int evaluate(CoalitionGame game, double[] empty, int t) {
    int units = 0;
    for (int st = 0; st < design.strata(); st++) {
      int to = target(st, t);
      for (int u = unitStart[st] + evaluated[st]; u < unitStart[st] + to; u++) {
        System.arraycopy(masks, u * width * m, stageMasks, units * width * m, width * m);
        stageUnit[units++] = u;
      }
    }
    int count = units * width;
    if (count == 0) {
      return 0;
    }
    if (checkpoints == 1) { // one checkpoint: evaluate in place
      game.values(masks, count, values);
    } else {
      game.values(stageMasks, count, stageValues);
      for (int i = 0; i < units; i++) {
        System.arraycopy(stageValues, i * width * k, values, stageUnit[i] * width * k, width * k);
      }
    }
    for (int st = 0; st < design.strata(); st++) {
      int to = target(st, t);
      double[] z = zz[st];
      double[] v = zv[st];
      for (int u = unitStart[st] + evaluated[st]; u < unitStart[st] + to; u++) {
        for (int c = u * width; c < (u + 1) * width; c++) {
          int size = members(c);
          for (int i = 0; i < size; i++) {
            int row = members[i] * m;
            for (int j = 0; j < size; j++) {
              z[row + members[j]] += 1;
            }
          }
          for (int o = 0; o < k; o++) {
            double y = values[c * k + o] - empty[o];
            for (int i = 0; i < size; i++) {
              v[o * m + members[i]] += y;
            }
          }
        }
      }
      evaluated[st] = to;
    }
    return count;
  }

  private int members(int coalition) {
    int size = 0;
    int at = coalition * m;
    for (int j = 0; j < m; j++) {
      if (masks[at + j]) {
        members[size++] = j;
      }
    }
    return size;
  }

  // -------------------------------------------------------------------------------- least squares

  /** The constrained weighted least-squares solution from the units evaluated so far. */
  private void solve(double[] phi) {
    Arrays.fill(a, 0);
    for (int st = 0; st < design.strata(); st++) {
      double w = design.weight(st, evaluated[st]);
      double[] z = zz[st];
      for (int i = 0; i < a.length; i++) {
        a[i] += w * z[i];
      }
    }
    invert();
    double d = 0;
    for (int i = 0; i < m; i++) {
      double s = 0;
      for (int j = 0; j < m; j++) {
        s += inv[i * m + j];
      }
      a1[i] = s;
      d += s;
    }
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        q[i * m + j] = inv[i * m + j] - a1[i] * a1[j] / d;
      }
    }
    for (int o = 0; o < k; o++) {
      Arrays.fill(b, 0);
      for (int st = 0; st < design.strata(); st++) {
        double w = design.weight(st, evaluated[st]);
        double[] v = zv[st];
        for (int j = 0; j < m; j++) {
          b[j] += w * v[o * m + j];
        }
      }
      double sum = 0;
      for (int i = 0; i < m; i++) {
        double s = 0;
        for (int j = 0; j < m; j++) {
          s += inv[i * m + j] * b[j];
        }
        x[i] = s;
        sum += s;
      }
      double lambda = (sum - delta[o]) / d;
      for (int i = 0; i < m; i++) {
        phi[o * m + i] = x[i] - lambda * a1[i];
      }
    }
  }

  /** {@link #inv} = A⁻¹ by Cholesky, or the Moore–Penrose pseudo-inverse if A is (nearly) singular. */
  private void invert() {
    double[] l = chol;
    Arrays.fill(l, 0);
    boolean ok = true;
    for (int j = 0; j < m && ok; j++) {
      double s = a[j * m + j];
      for (int p = 0; p < j; p++) {
        s -= l[j * m + p] * l[j * m + p];
      }
      if (!(s > SINGULAR * a[j * m + j])) {
        ok = false;
        break;
      }
      double ljj = Math.sqrt(s);
      l[j * m + j] = ljj;
      for (int i = j + 1; i < m; i++) {
        double t = a[i * m + j];
        for (int p = 0; p < j; p++) {
          t -= l[i * m + p] * l[j * m + p];
        }
        l[i * m + j] = t / ljj;
      }
    }
    if (!ok) {
      DMatrixRMaj pinv = new DMatrixRMaj(m, m);
      CommonOps_DDRM.pinv(DMatrixRMaj.wrap(m, m, a.clone()), pinv);
      System.arraycopy(pinv.data, 0, inv, 0, m * m);
      return;
    }
    // columns of L⁻ᵀ L⁻¹: solve L y = e_c, then Lᵀ x = y
    for (int c = 0; c < m; c++) {
      for (int i = 0; i < m; i++) {
        double t = i == c ? 1 : 0;
        for (int p = 0; p < i; p++) {
          t -= l[i * m + p] * x[p];
        }
        x[i] = t / l[i * m + i];
      }
      for (int i = m - 1; i >= 0; i--) {
        double t = x[i];
        for (int p = i + 1; p < m; p++) {
          t -= l[p * m + i] * inv[p * m + c];
        }
        inv[i * m + c] = t / l[i * m + i];
      }
    }
    // symmetrise against rounding
    for (int i = 0; i < m; i++) {
      for (int j = i + 1; j < m; j++) {
        double s = 0.5 * (inv[i * m + j] + inv[j * m + i]);
        inv[i * m + j] = s;
        inv[j * m + i] = s;
      }
    }
  }

  // ------------------------------------------------------------------------------ standard errors

  private void standardErrors(double[] empty, double[] phi, double[] se) {
    Arrays.fill(var, 0);
    // residual degrees of freedom (as HC1 in regression): the fit absorbs M - 1 directions of the
    // sampled units' variation, so their residuals understate it by (n - (M-1)) / n
    long sampled = 0;
    for (int st = 0; st < design.strata(); st++) {
      if (!design.complete(st, evaluated[st])) {
        sampled += evaluated[st];
      }
    }
    double df = sampled / (double) Math.max(1, sampled - (m - 1));
    for (int st = 0; st < design.strata(); st++) {
      int n = evaluated[st];
      if (design.complete(st, n) || n < 2) {
        continue;
      }
      double w = design.weight(st, n);
      Arrays.fill(mean, 0);
      Arrays.fill(m2, 0);
      for (int i = 0; i < n; i++) {
        int u = unitStart[st] + i;
        int c = u * width;
        int size = members(c);
        Arrays.fill(qz, 0);
        for (int p = 0; p < size; p++) {
          int row = members[p] * m; // Q is symmetric: column = row
          for (int j = 0; j < m; j++) {
            qz[j] += q[row + j];
          }
        }
        for (int o = 0; o < k; o++) {
          double inS = 0;
          for (int p = 0; p < size; p++) {
            inS += phi[o * m + members[p]];
          }
          double r = values[c * k + o] - empty[o] - inS;
          if (width == 2) {
            double rc = values[(c + 1) * k + o] - empty[o] - (delta[o] - inS);
            r -= rc;
          }
          double scale = w * r;
          for (int j = 0; j < m; j++) { // Welford
            double h = scale * qz[j];
            int at = o * m + j;
            double dlt = h - mean[at];
            mean[at] += dlt / (i + 1);
            m2[at] += dlt * (h - mean[at]);
          }
        }
      }
      double factor = df * (1 - design.fraction(st, n)) * n / (n - 1.0);
      for (int i = 0; i < var.length; i++) {
        var[i] += factor * m2[i];
      }
    }
    for (int i = 0; i < var.length; i++) {
      se[i] = Math.sqrt(var[i]);
    }
  }

  private boolean converged(double[] phi, double[] se) {
    for (int o = 0; o < k; o++) {
      double largest = 0;
      for (int j = 0; j < m; j++) {
        largest = Math.max(largest, Math.abs(phi[o * m + j]));
      }
      double bound = Math.max(targetAbsolute, targetRelative * largest);
      for (int j = 0; j < m; j++) {
        if (!(se[o * m + j] <= bound)) {
          return false;
        }
      }
    }
    return true;
  }

  /** A set of coalitions (bit masks over {@code m} players), open addressing, cleared in O(1). */
  static final class MaskSet {
    private final int words;
    private final long[] keys;
    private final int[] stamp;
    private final long[] probe;
    private final int mask;
    private int generation = 1;

    MaskSet(int players, int capacity) {
      this.words = (players + 63) >>> 6;
      int slots = Integer.highestOneBit(Math.max(4, capacity * 2 - 1)) << 1;
      this.keys = new long[slots * words];
      this.stamp = new int[slots];
      this.probe = new long[words];
      this.mask = slots - 1;
    }

    void clear() {
      generation++;
    }

    /** Adds the coalition; false if it was already present. */
    boolean add(boolean[] members) {
      Arrays.fill(probe, 0);
      for (int j = 0; j < members.length; j++) {
        if (members[j]) {
          probe[j >>> 6] |= 1L << (j & 63);
        }
      }
      long h = 0x9E3779B97F4A7C15L;
      for (long w : probe) {
        h = (h ^ w) * 0xBF58476D1CE4E5B9L;
        h ^= h >>> 31;
      }
      int slot = (int) h & mask;
      while (stamp[slot] == generation) {
        boolean same = true;
        for (int w = 0; w < words && same; w++) {
          same = keys[slot * words + w] == probe[w];
        }
        if (same) {
          return false;
        }
        slot = (slot + 1) & mask;
      }
      stamp[slot] = generation;
      System.arraycopy(probe, 0, keys, slot * words, words);
      return true;
    }
  }
}
