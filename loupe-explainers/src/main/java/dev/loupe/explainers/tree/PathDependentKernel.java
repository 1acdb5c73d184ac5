package dev.loupe.explainers.tree;

/**
 * Per-thread scratch and the inner loops of path-dependent TreeSHAP over {@link PathDependentTrees}.
 * One instance per worker thread, reused for every row: the hot path allocates nothing.
 *
 * <p>The forward pass exists twice: unrolled for the four quadrature points that serve every tree
 * with at most 8 distinct features on a path (depth <= 8), and as a loop over any point count for
 * deeper trees. Both compute the same values in the same order of operations.
 */
final class PathDependentKernel {
  private final PathDependentTrees trees;
  private final int points;
  private final double[] g; // G at each node's quadrature points (local node index)
  private final double[] s; // S = sum over the leaves below of v G
  private final int[] o; // merged o bit of the edge feature
  private final int[] coefOff; // offset of the node's edge-term weights for its case
  private final int[] dir; // the row's direction at each internal node: 1 = left
  private final double[] d; // edge term per point (interactions)

  PathDependentKernel(PathDependentTrees trees) {
    this.trees = trees;
    this.points = trees.points;
    int nodes = trees.maxTreeNodes;
    g = new double[nodes * points];
    s = new double[nodes * points];
    o = new int[nodes];
    coefOff = new int[nodes];
    dir = new int[nodes];
    d = new double[points];
  }

  /**
   * Adds the SHAP values of rows {@code [from, to)} of {@code x} (row-major, {@code m} per row) to
   * {@code phi[i * stride + output * (m + 1) + feature]} (bias not included). Trees are the outer
   * loop so that one tree's tables stay in cache while the block's rows pass through it; each row
   * still sees the trees in the same order, so results do not depend on the block.
   */
  void shap(double[] x, int from, int to, double[] phi, int stride) {
    PathDependentTrees tr = this.trees;
    int m = tr.numFeatures;
    int m1 = m + 1;
    for (int t = 0; t < tr.numTrees; t++) {
      int base = tr.treeStart[t];
      int size = tr.treeStart[t + 1] - base;
      if (size == 1) {
        continue; // a single leaf only shifts the bias
      }
      int outOff = tr.treeOutput[t] * m1;
      for (int i = from; i < to; i++) {
        decide(x, i * m, t);
        forward(base, size);
        int out = i * stride + outOff;
        if (points == PathDependentTrees.UNROLLED_POINTS) {
          backward4(base, size, phi, out);
        } else {
          backward(base, size, phi, out);
        }
      }
    }
  }

  /**
   * Adds the interaction values of rows {@code [from, to)} to
   * {@code inter[row * stride + (output * (m + 1) + a) * (m + 1) + b]} (bias not included): at each
   * edge into node c on feature e, the SHAP edge term {@code D(t) = S_c(t) w (h_e,new - h_e,old)(t)}
   * goes to the diagonal {@code (e, e)}, and for every other distinct feature {@code a} above the
   * edge, {@code sum_k D(t_k) h_a(t_k) / 2} goes to {@code (e, a)} and {@code (a, e)} and is taken
   * from both diagonals, so that each matrix row sums to the feature's SHAP value.
   */
  void interactions(double[] x, int from, int to, double[] inter, int stride) {
    PathDependentTrees tr = this.trees;
    int m = tr.numFeatures;
    int m1 = m + 1;
    for (int t = 0; t < tr.numTrees; t++) {
      int base = tr.treeStart[t];
      int size = tr.treeStart[t + 1] - base;
      if (size == 1) {
        continue;
      }
      for (int row = from; row < to; row++) {
        decide(x, row * m, t);
        forward(base, size);
        int block = row * stride + tr.treeOutput[t] * m1 * m1;
        if (points == PathDependentTrees.UNROLLED_POINTS) {
          pairs4(base, size, inter, block, m1);
        } else {
          pairs(base, size, inter, block, m1);
        }
      }
    }
  }

  /** The row's direction at every split of tree {@code t}: {@code dir[local] = 1} for left. */
  private void decide(double[] x, int xOff, int t) {
    PathDependentTrees tr = this.trees;
    int[] dir = this.dir;
    for (int i = tr.internalStart[t], e = tr.internalStart[t + 1]; i < e; i++) {
      double v = x[xOff + tr.internalFeature[i]];
      boolean left;
      if (tr.internalFast[i]) {
        left = v < tr.internalThreshold[i] || (v != v && tr.internalDefaultLeft[i]);
      } else {
        left = tr.model.goesLeft(tr.internalOrigin[i], v);
      }
      dir[tr.internalLocal[i]] = left ? 1 : 0;
    }
  }

  /**
   * Top-down pass over a tree whose decisions are made: the merged o bit of every edge, G at each
   * node's quadrature points; leaves also start S = v G, internal nodes S = 0. Branch-free.
   */
  private void forward(int base, int size) {
    if (points == PathDependentTrees.UNROLLED_POINTS) {
      forward4(base, size);
      return;
    }
    PathDependentTrees tr = this.trees;
    int p = points;
    double[] g = this.g;
    double[] s = this.s;
    for (int k = 0; k < p; k++) {
      g[k] = 1;
      s[k] = 0;
    }
    o[0] = 1;
    for (int lc = 1; lc < size; lc++) {
      int c = base + lc;
      int lp = tr.parentLocal[c];
      int oldO = o[tr.prevLocal[c]];
      int newO = (1 - (dir[lp] ^ tr.leftBit[c])) & oldO;
      o[lc] = newO;
      int tOff = (c * 6 + oldO + newO) * p;
      coefOff[lc] = tOff + 3 * p;
      double v = tr.leafValue[c];
      int gp = lp * p;
      int gc = lc * p;
      for (int k = 0; k < p; k++) {
        double gk = g[gp + k] * tr.table[tOff + k];
        g[gc + k] = gk;
        s[gc + k] = v * gk;
      }
    }
  }

  /** {@link #forward} for exactly four quadrature points, unrolled. */
  private void forward4(int base, int size) {
    PathDependentTrees tr = this.trees;
    double[] g = this.g;
    double[] s = this.s;
    int[] dir = this.dir;
    int[] o = this.o;
    int[] coefOff = this.coefOff;
    double[] table = tr.table;
    int[] parentLocal = tr.parentLocal;
    int[] prevLocal = tr.prevLocal;
    int[] leftBit = tr.leftBit;
    double[] leafValue = tr.leafValue;
    g[0] = 1;
    g[1] = 1;
    g[2] = 1;
    g[3] = 1;
    s[0] = 0;
    s[1] = 0;
    s[2] = 0;
    s[3] = 0;
    o[0] = 1;
    for (int lc = 1; lc < size; lc++) {
      int c = base + lc;
      int lp = parentLocal[c];
      int oldO = o[prevLocal[c]];
      int newO = (1 - (dir[lp] ^ leftBit[c])) & oldO;
      o[lc] = newO;
      int tOff = (c * 6 + oldO + newO) << 2;
      coefOff[lc] = tOff + 12;
      double v = leafValue[c];
      int gp = lp << 2;
      int gc = lc << 2;
      double g0 = g[gp] * table[tOff];
      double g1 = g[gp + 1] * table[tOff + 1];
      double g2 = g[gp + 2] * table[tOff + 2];
      double g3 = g[gp + 3] * table[tOff + 3];
      g[gc] = g0;
      g[gc + 1] = g1;
      g[gc + 2] = g2;
      g[gc + 3] = g3;
      s[gc] = v * g0;
      s[gc + 1] = v * g1;
      s[gc + 2] = v * g2;
      s[gc + 3] = v * g3;
    }
  }

  /** Bottom-up pass: S sums and SHAP edge terms, branch-free. */
  private void backward(int base, int size, double[] phi, int out) {
    PathDependentTrees tr = this.trees;
    int p = points;
    double[] s = this.s;
    for (int lc = size - 1; lc >= 1; lc--) {
      int c = base + lc;
      int sc = lc * p;
      int cOff = coefOff[lc];
      int sp = tr.parentLocal[c] * p;
      double acc = 0;
      for (int k = 0; k < p; k++) {
        double sk = s[sc + k];
        acc += sk * tr.table[cOff + k];
        s[sp + k] += sk;
      }
      phi[out + tr.edgeFeature[c]] += acc;
    }
  }

  /** {@link #backward} for exactly four quadrature points, unrolled. */
  private void backward4(int base, int size, double[] phi, int out) {
    PathDependentTrees tr = this.trees;
    double[] s = this.s;
    double[] table = tr.table;
    int[] coefOff = this.coefOff;
    int[] parentLocal = tr.parentLocal;
    int[] edgeFeature = tr.edgeFeature;
    for (int lc = size - 1; lc >= 1; lc--) {
      int c = base + lc;
      int sc = lc << 2;
      int cOff = coefOff[lc];
      int sp = parentLocal[c] << 2;
      double s0 = s[sc];
      double s1 = s[sc + 1];
      double s2 = s[sc + 2];
      double s3 = s[sc + 3];
      phi[out + edgeFeature[c]] += s0 * table[cOff] + s1 * table[cOff + 1] + s2 * table[cOff + 2] + s3 * table[cOff + 3];
      s[sp] += s0;
      s[sp + 1] += s1;
      s[sp + 2] += s2;
      s[sp + 3] += s3;
    }
  }

  /** Bottom-up pass for interaction values (see {@link #interactions}). */
  private void pairs(int base, int size, double[] inter, int block, int m1) {
    PathDependentTrees tr = this.trees;
    int p = points;
    double[] s = this.s;
    double[] d = this.d;
    double[] table = tr.table;
    double[] hTable = tr.hTable;
    for (int lc = size - 1; lc >= 1; lc--) {
      int c = base + lc;
      int sc = lc * p;
      int cOff = coefOff[lc];
      int sp = tr.parentLocal[c] * p;
      double phiE = 0;
      for (int k = 0; k < p; k++) {
        double sk = s[sc + k];
        double dk = sk * table[cOff + k];
        d[k] = dk;
        phiE += dk;
        s[sp + k] += sk;
      }
      if (cOff == (c * 6 + 3) * p) {
        continue; // case (0, 0): h_e does not change here, no term
      }
      int e = tr.edgeFeature[c];
      int rowE = block + e * m1;
      double diagE = phiE;
      for (int i = tr.ancStart[c], end = tr.ancStart[c + 1]; i < end; i++) {
        int an = tr.ancNode[i];
        int hOff = (an * 2 + o[an - base]) * p;
        double val = 0;
        for (int k = 0; k < p; k++) {
          val += d[k] * hTable[hOff + k];
        }
        val *= 0.5;
        int a = tr.ancFeature[i];
        inter[rowE + a] += val;
        inter[block + a * m1 + e] += val;
        inter[block + a * m1 + a] -= val;
        diagE -= val;
      }
      inter[rowE + e] += diagE;
    }
  }

  /** {@link #pairs} for exactly four quadrature points, unrolled. */
  private void pairs4(int base, int size, double[] inter, int block, int m1) {
    PathDependentTrees tr = this.trees;
    double[] s = this.s;
    double[] table = tr.table;
    double[] hTable = tr.hTable;
    int[] coefOff = this.coefOff;
    int[] o = this.o;
    int[] ancStart = tr.ancStart;
    int[] ancNode = tr.ancNode;
    int[] ancFeature = tr.ancFeature;
    for (int lc = size - 1; lc >= 1; lc--) {
      int c = base + lc;
      int sc = lc << 2;
      int cOff = coefOff[lc];
      int sp = tr.parentLocal[c] << 2;
      double s0 = s[sc];
      double s1 = s[sc + 1];
      double s2 = s[sc + 2];
      double s3 = s[sc + 3];
      s[sp] += s0;
      s[sp + 1] += s1;
      s[sp + 2] += s2;
      s[sp + 3] += s3;
      if (cOff == (c * 6 + 3) << 2) {
        continue; // case (0, 0): h_e does not change here, no term
      }
      double d0 = s0 * table[cOff];
      double d1 = s1 * table[cOff + 1];
      double d2 = s2 * table[cOff + 2];
      double d3 = s3 * table[cOff + 3];
      int e = tr.edgeFeature[c];
      int rowE = block + e * m1;
      double diagE = d0 + d1 + d2 + d3;
      for (int i = ancStart[c], end = ancStart[c + 1]; i < end; i++) {
        int an = ancNode[i];
        int hOff = (an * 2 + o[an - base]) << 2;
        double val = 0.5 * (d0 * hTable[hOff] + d1 * hTable[hOff + 1] + d2 * hTable[hOff + 2] + d3 * hTable[hOff + 3]);
        int a = ancFeature[i];
        inter[rowE + a] += val;
        inter[block + a * m1 + e] += val;
        inter[block + a * m1 + a] -= val;
        diagE -= val;
      }
      inter[rowE + e] += diagE;
    }
  }
}
