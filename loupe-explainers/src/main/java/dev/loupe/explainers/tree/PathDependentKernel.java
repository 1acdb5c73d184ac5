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
  private final boolean[] o; // merged o of the edge feature
  private final byte[] cases; // o_old + o_new per node
  private final boolean[] left; // the row's direction at each internal node
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
    o = new boolean[nodes];
    cases = new byte[nodes];
    left = new boolean[nodes];
    int d = Math.max(1, trees.maxPathLength);
    f = new double[d * points];
    pre = new double[(d + 1) * points];
    suf = new double[(d + 1) * points];
    oq = new double[d];
    rule = GaussLegendre.of(points);
  }

  /**
   * Adds one row's SHAP values to {@code phi[outputBase + output * (m + 1) + feature]} (bias not
   * included).
   */
  void shap(double[] x, int xOff, double[] phi, int phiOff) {
    PathDependentTrees tr = this.trees;
    int m1 = tr.numFeatures + 1;
    for (int t = 0; t < tr.numTrees; t++) {
      int base = tr.treeStart[t];
      int end = tr.treeStart[t + 1];
      int size = end - base;
      if (size == 1) {
        continue; // a single leaf only shifts the bias
      }
      forward(x, xOff, base, size);
      int out = phiOff + tr.treeOutput[t] * m1;
      backward(base, size, phi, out);
    }
  }

  /** Top-down pass: directions, merged o bits, and G at each node. */
  private void forward(double[] x, int xOff, int base, int size) {
    PathDependentTrees tr = this.trees;
    int p = points;
    double[] g = this.g;
    for (int k = 0; k < p; k++) {
      g[k] = 1;
    }
    if (!tr.isLeaf[base]) {
      int orig = tr.origin[base];
      left[0] = tr.model.goesLeft(orig, x[xOff + tr.model.feature(orig)]);
    }
    o[0] = true;
    for (int lc = 1; lc < size; lc++) {
      int c = base + lc;
      int lp = tr.parent[c] - base;
      boolean follow = left[lp] == tr.isLeftChild[c];
      int prev = tr.prevSame[c];
      boolean oldO = prev < 0 || o[prev - base];
      boolean newO = follow && oldO;
      o[lc] = newO;
      int cs = (oldO ? 1 : 0) + (newO ? 1 : 0);
      cases[lc] = (byte) cs;
      int rOff = (c * 3 + cs) * p;
      int gp = lp * p;
      int gc = lc * p;
      for (int k = 0; k < p; k++) {
        g[gc + k] = g[gp + k] * tr.ratio[rOff + k];
      }
      if (!tr.isLeaf[c]) {
        int orig = tr.origin[c];
        left[lc] = tr.model.goesLeft(orig, x[xOff + tr.model.feature(orig)]);
      }
    }
  }

  /** Bottom-up pass: S sums and edge terms. */
  private void backward(int base, int size, double[] phi, int out) {
    PathDependentTrees tr = this.trees;
    int p = points;
    double[] g = this.g;
    double[] s = this.s;
    for (int lc = size - 1; lc >= 1; lc--) {
      int c = base + lc;
      int sc = lc * p;
      if (tr.isLeaf[c]) {
        double v = tr.leafValue[c];
        for (int k = 0; k < p; k++) {
          s[sc + k] = v * g[sc + k];
        }
      }
      // s[sc..] is complete: children (later in preorder) were added already.
      int cs = cases[lc];
      if (cs != 0) {
        int cOff = (c * 2 + cs - 1) * p;
        double acc = 0;
        for (int k = 0; k < p; k++) {
          acc += s[sc + k] * tr.coef[cOff + k];
        }
        phi[out + tr.edgeFeature[c]] += acc;
      }
      int sp = (tr.parent[c] - base) * p;
      // Reverse preorder reaches a node's right child before its left child: the right child
      // initialises the parent's S and the left child adds to it.
      if (tr.isLeftChild[c]) {
        for (int k = 0; k < p; k++) {
          s[sp + k] += s[sc + k];
        }
      } else {
        for (int k = 0; k < p; k++) {
          s[sp + k] = s[sc + k];
        }
      }
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
      forward(x, xOff, base, size);
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
          double oa = o[tr.pathNode[ps + a] - base] ? 1.0 : 0.0;
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
