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
  private final double[] oq; // o - q per path feature
  private final double[] offDiag; // per path feature, the sum of its off-diagonal entries
  private final int[] rOffs; // per path feature, offset of its reciprocal factors for the row's o
  private final int[] feats; // per path feature, the feature index
  private final GaussLegendre interactionRule;

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
    interactionRule = GaussLegendre.of(trees.interactionPoints);
    f = new double[d * interactionRule.nodes.length];
    pre = new double[interactionRule.nodes.length];
    oq = new double[d];
    offDiag = new double[d];
    rOffs = new int[d];
    feats = new int[d];
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
   * Adds the interaction values of rows {@code [from, to)} to
   * {@code inter[row * stride + (output * (m + 1) + i) * (m + 1) + j]} (bias not included); trees
   * are the outer loop, as in {@link #shap}. Per leaf with distinct path features {@code a} (values {@code f_a(t)} at
   * the quadrature points, {@code P = prod_a f_a}): off-diagonal {@code (a, b)} gets
   * {@code v (o_a - q_a)(o_b - q_b) / 2 * integral P / (f_a f_b)}, half the Shapley interaction
   * index; the diagonal gets the main effect {@code phi_a - sum_b phi_ab}. A factor {@code f_a} is 0
   * only when {@code o_a = q_a = 0}, and then every term holding it vanishes. Cost per leaf
   * O(d^2 x points) multiplications and O(d x points) divisions.
   */
  void interactions(double[] x, int from, int to, double[] inter, int stride) {
    PathDependentTrees tr = this.trees;
    int m = tr.numFeatures;
    int m1 = m + 1;
    int p = interactionRule.nodes.length;
    double[] weights = interactionRule.weights;
    double[] pathFactor = tr.pathFactor;
    double[] u = this.f; // u_a(t_k) = w_k P(t_k) / f_a(t_k), d x p
    double[] wp = this.pre; // w_k P(t_k)
    for (int t = 0; t < tr.numTrees; t++) {
      int base = tr.treeStart[t];
      int size = tr.treeStart[t + 1] - base;
      if (size == 1) {
        continue;
      }
      for (int row = from; row < to; row++) {
        decide(x, row * m, t);
        oBits(base, size);
        int blockOff = row * stride + tr.treeOutput[t] * m1 * m1;
        if (p == PathDependentTrees.UNROLLED_POINTS) {
          leafInteractions4(base, size, inter, blockOff, m1);
          continue;
        }
        for (int lc = 1; lc < size; lc++) {
          int c = base + lc;
          if (!tr.isLeaf[c]) {
            continue;
          }
          int ps = tr.leafPathStart[c];
          int d = tr.leafPathLength[c];
          double v = tr.leafValue[c];
          for (int k = 0; k < p; k++) {
            wp[k] = weights[k];
          }
          for (int a = 0; a < d; a++) {
            int e = ps + a;
            int ob = o[tr.pathNode[e] - base];
            oq[a] = ob - tr.pathQ[e];
            int fOff = ((e * 2 + ob) * 2) * p;
            for (int k = 0; k < p; k++) {
              wp[k] *= pathFactor[fOff + k];
            }
          }
          for (int a = 0; a < d; a++) {
            int e = ps + a;
            int rOff = ((e * 2 + o[tr.pathNode[e] - base]) * 2 + 1) * p;
            for (int k = 0; k < p; k++) {
              u[a * p + k] = wp[k] * pathFactor[rOff + k];
            }
            offDiag[a] = 0;
          }
          for (int a = 0; a < d; a++) {
            if (oq[a] == 0) {
              continue;
            }
            int rowA = blockOff + tr.pathFeature[ps + a] * m1;
            double half = 0.5 * v * oq[a];
            for (int b = a + 1; b < d; b++) {
              if (oq[b] == 0) {
                continue;
              }
              // integral of P / (f_a f_b) = sum_k u_a(t_k) / f_b(t_k)
              int e = ps + b;
              int rOff = ((e * 2 + o[tr.pathNode[e] - base]) * 2 + 1) * p;
              double integral = 0;
              for (int k = 0; k < p; k++) {
                integral += u[a * p + k] * pathFactor[rOff + k];
              }
              double phiAB = half * oq[b] * integral;
              inter[rowA + tr.pathFeature[e]] += phiAB;
              inter[blockOff + tr.pathFeature[e] * m1 + tr.pathFeature[ps + a]] += phiAB;
              offDiag[a] += phiAB;
              offDiag[b] += phiAB;
            }
          }
          for (int a = 0; a < d; a++) {
            if (oq[a] == 0) {
              continue;
            }
            double main = 0;
            for (int k = 0; k < p; k++) {
              main += u[a * p + k];
            }
            int fa = tr.pathFeature[ps + a];
            inter[blockOff + fa * m1 + fa] += v * oq[a] * main - offDiag[a];
          }
        }
      }
    }
  }

  /** The leaf loop of {@link #interactions} for exactly four quadrature points, unrolled. */
  private void leafInteractions4(int base, int size, double[] inter, int blockOff, int m1) {
    PathDependentTrees tr = this.trees;
    double[] w = interactionRule.weights;
    double[] pf = tr.pathFactor;
    double[] u = this.f;
    int[] o = this.o;
    double[] oq = this.oq;
    double[] offDiag = this.offDiag;
    int[] rOffs = this.rOffs;
    int[] feats = this.feats;
    for (int lc = 1; lc < size; lc++) {
      int c = base + lc;
      if (!tr.isLeaf[c]) {
        continue;
      }
      int ps = tr.leafPathStart[c];
      int d = tr.leafPathLength[c];
      double v = tr.leafValue[c];
      double p0 = w[0];
      double p1 = w[1];
      double p2 = w[2];
      double p3 = w[3];
      for (int a = 0; a < d; a++) {
        int e = ps + a;
        int ob = o[tr.pathNode[e] - base];
        oq[a] = ob - tr.pathQ[e];
        feats[a] = tr.pathFeature[e];
        int fOff = ((e * 2 + ob) * 2) << 2;
        rOffs[a] = fOff + 4;
        p0 *= pf[fOff];
        p1 *= pf[fOff + 1];
        p2 *= pf[fOff + 2];
        p3 *= pf[fOff + 3];
      }
      for (int a = 0; a < d; a++) {
        int r = rOffs[a];
        int ua = a << 2;
        u[ua] = p0 * pf[r];
        u[ua + 1] = p1 * pf[r + 1];
        u[ua + 2] = p2 * pf[r + 2];
        u[ua + 3] = p3 * pf[r + 3];
        offDiag[a] = 0;
      }
      for (int a = 0; a < d; a++) {
        double oqa = oq[a];
        if (oqa == 0) {
          continue;
        }
        int ua = a << 2;
        double u0 = u[ua];
        double u1 = u[ua + 1];
        double u2 = u[ua + 2];
        double u3 = u[ua + 3];
        int fa = feats[a];
        double half = 0.5 * v * oqa;
        double sumA = 0;
        for (int b = a + 1; b < d; b++) {
          double oqb = oq[b];
          if (oqb == 0) {
            continue;
          }
          int r = rOffs[b];
          double phiAB = half * oqb * (u0 * pf[r] + u1 * pf[r + 1] + u2 * pf[r + 2] + u3 * pf[r + 3]);
          int fb = feats[b];
          inter[blockOff + fa * m1 + fb] += phiAB;
          inter[blockOff + fb * m1 + fa] += phiAB;
          sumA += phiAB;
          offDiag[b] += phiAB;
        }
        offDiag[a] += sumA;
        inter[blockOff + fa * m1 + fa] += v * oqa * (u0 + u1 + u2 + u3);
      }
      for (int a = 0; a < d; a++) {
        int fa = feats[a];
        inter[blockOff + fa * m1 + fa] -= offDiag[a];
      }
    }
  }

  /** The merged o bit of every edge of a tree whose decisions are made. */
  private void oBits(int base, int size) {
    PathDependentTrees tr = this.trees;
    int[] o = this.o;
    int[] dir = this.dir;
    o[0] = 1;
    for (int lc = 1; lc < size; lc++) {
      int c = base + lc;
      o[lc] = (1 - (dir[tr.parentLocal[c]] ^ tr.leftBit[c])) & o[tr.prevLocal[c]];
    }
  }
}
