package dev.loupe.explainers.tree;

/**
 * Per-thread scratch and the inner loops of path-dependent TreeSHAP over {@link PathDependentTrees}.
 * One instance per worker thread; reused for every row, so the hot path allocates nothing.
 */
final class PathDependentKernel {
  private final PathDependentTrees trees;
  private final int points;
  private final double[] g; // G at each node's quadrature points (local node index)
  private final double[] s; // S = sum over leaves below of v G
  private final int[] o; // merged o bit of the edge feature
  private final int[] coefOff; // offset of the node's edge-term weights for its case
  private final int[] dir; // the row's direction at each internal node: 1 = left
  // interaction scratch
  private final double[] f; // per path feature and point
  private final double[] pre;
  private final double[] suf;
  private final double[] oq; // o - q per path feature
  private final GaussLegendre rule;

  PathDependentKernel(PathDependentTrees trees) {
    this.trees = trees;
    this.points = trees.points;
    int nodes = trees.maxTreeNodes;
    g = new double[nodes * points];
    s = new double[nodes * points];
    o = new int[nodes];
    coefOff = new int[nodes];
    dir = new int[nodes];
    int d = Math.max(1, trees.maxPathLength);
    f = new double[d * points];
    pre = new double[(d + 1) * points];
    suf = new double[(d + 1) * points];
    oq = new double[d];
    rule = GaussLegendre.of(points);
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
      if (points == PathDependentTrees.UNROLLED_POINTS) {
        for (int i = from; i < to; i++) {
          decide(x, i * m, t);
          forward4(base, size);
          backward4(base, size, phi, i * stride + outOff);
        }
      } else {
        for (int i = from; i < to; i++) {
          forward(x, i * m, t, base, size);
          backward(base, size, phi, i * stride + outOff);
        }
      }
    }
  }

  /**
   * Top-down pass: the row's direction at every split, the merged o bit of every edge, G at each
   * node's quadrature points; leaves also start S = v G, internal nodes S = 0. Branch-free but for
   * the decisions themselves.
   */
  private void forward(double[] x, int xOff, int t, int base, int size) {
    PathDependentTrees tr = this.trees;
    int p = points;
    double[] g = this.g;
    double[] s = this.s;
    int[] dir = this.dir;
    int[] o = this.o;
    decide(x, xOff, t);
    for (int k = 0; k < p; k++) {
      g[k] = 1;
    }
    o[0] = 1;
    double[] table = tr.table;
    int[] parentLocal = tr.parentLocal;
    int[] prevLocal = tr.prevLocal;
    int[] leftBit = tr.leftBit;
    double[] leafValue = tr.leafValue;
    for (int lc = 1; lc < size; lc++) {
      int c = base + lc;
      int lp = parentLocal[c];
      int follow = 1 - (dir[lp] ^ leftBit[c]);
      int oldO = o[prevLocal[c]];
      int newO = follow & oldO;
      o[lc] = newO;
      int cs = oldO + newO;
      int tOff = (c * 6 + cs) * p;
      coefOff[lc] = tOff + 3 * p;
      double v = leafValue[c];
      int gp = lp * p;
      int gc = lc * p;
      for (int k = 0; k < p; k++) {
        double gk = g[gp + k] * table[tOff + k];
        g[gc + k] = gk;
        s[gc + k] = v * gk;
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

  /** {@link #forward} for exactly four quadrature points, unrolled; decisions already made. */
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

  /** Bottom-up pass: S sums and edge terms, branch-free. */
  private void backward(int base, int size, double[] phi, int out) {
    PathDependentTrees tr = this.trees;
    int p = points;
    double[] s = this.s;
    double[] table = tr.table;
    int[] parentLocal = tr.parentLocal;
    int[] edgeFeature = tr.edgeFeature;
    for (int lc = size - 1; lc >= 1; lc--) {
      int c = base + lc;
      int sc = lc * p;
      int cOff = coefOff[lc];
      int sp = parentLocal[c] * p;
      double acc = 0;
      for (int k = 0; k < p; k++) {
        double sk = s[sc + k];
        acc += sk * table[cOff + k];
        s[sp + k] += sk;
      }
      phi[out + edgeFeature[c]] += acc;
    }
  }

  /**
   * Adds one row's interaction values to {@code inter[off + (output * (m + 1) + i) * (m + 1) + j]}
   * (bias not included) and its SHAP values to the diagonal; off-diagonal entries hold half the
   * Shapley interaction index, the diagonal the main effect {@code phi_i - sum_j phi_ij}.
   */
  void interactions(double[] x, int xOff, double[] inter, int off) {
    PathDependentTrees tr = this.trees;
    int m1 = tr.numFeatures + 1;
    int p = points;
    double[] nodes = rule.nodes;
    double[] weights = rule.weights;
    for (int t = 0; t < tr.numTrees; t++) {
      int base = tr.treeStart[t];
      int size = tr.treeStart[t + 1] - base;
      if (size == 1) {
        continue;
      }
      forward(x, xOff, t, base, size);
      int blockOff = off + tr.treeOutput[t] * m1 * m1;
      for (int lc = 1; lc < size; lc++) {
        int c = base + lc;
        if (!tr.isLeaf[c]) {
          continue;
        }
        int ps = tr.leafPathStart[c];
        int d = tr.leafPathLength[c];
        double v = tr.leafValue[c];
        for (int a = 0; a < d; a++) {
          double q = tr.pathQ[ps + a];
          double oa = o[tr.pathNode[ps + a] - base];
          oq[a] = oa - q;
          for (int k = 0; k < p; k++) {
            f[a * p + k] = q + (oa - q) * nodes[k];
          }
        }
        for (int i = 0; i < d; i++) {
          if (oq[i] == 0) {
            continue;
          }
          int fi = tr.pathFeature[ps + i];
          int rowOff = blockOff + fi * m1;
          // products of f over the path without i: prefix/suffix over the other features
          double mainEffect = 0;
          for (int k = 0; k < p; k++) {
            pre[k] = 1;
          }
          for (int a = 0, slot = 0; a < d; a++) {
            if (a == i) {
              continue;
            }
            for (int k = 0; k < p; k++) {
              pre[(slot + 1) * p + k] = pre[slot * p + k] * f[a * p + k];
            }
            slot++;
          }
          int others = d - 1;
          for (int k = 0; k < p; k++) {
            suf[others * p + k] = 1;
            mainEffect += weights[k] * pre[others * p + k];
          }
          for (int a = d - 1, slot = others - 1; a >= 0; a--) {
            if (a == i) {
              continue;
            }
            for (int k = 0; k < p; k++) {
              suf[slot * p + k] = suf[(slot + 1) * p + k] * f[a * p + k];
            }
            slot--;
          }
          double phiI = v * oq[i] * mainEffect;
          double offDiagSum = 0;
          for (int a = 0, slot = 0; a < d; a++) {
            if (a == i) {
              continue;
            }
            if (oq[a] != 0) {
              double integral = 0;
              for (int k = 0; k < p; k++) {
                integral += weights[k] * pre[slot * p + k] * suf[(slot + 1) * p + k];
              }
              double phiIJ = 0.5 * v * oq[i] * oq[a] * integral;
              inter[rowOff + tr.pathFeature[ps + a]] += phiIJ;
              offDiagSum += phiIJ;
            }
            slot++;
          }
          inter[rowOff + fi] += phiI - offDiagSum;
        }
      }
    }
  }
}
