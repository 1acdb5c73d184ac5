package dev.loupe.explainers.tree;

import dev.loupe.core.TreeEnsemble;

/**
 * Interventional TreeSHAP: the exact Shapley values of the game {@code v(S) = mean over background
 * rows z of f(x_S, z_notS)} (Lundberg et al. 2020, "independent" TreeSHAP; shap's
 * {@code TreeExplainer(feature_perturbation="interventional")}).
 *
 * <p>For one background row {@code z} and one tree, walk the tree: where {@code x} and {@code z}
 * take the same branch the split does not matter; where they differ on feature {@code j}, branch
 * into "j from x" and "j from z" (a feature decided once keeps its side further down). A leaf with
 * value {@code v} reached with {@code a} features from {@code x} and {@code b} from {@code z} is the
 * game {@code v * [A subset of S, B disjoint from S]}, whose Shapley values are
 * {@code v (a-1)! b! / (a+b)!} for each feature of {@code A} and {@code -v a! (b-1)! / (a+b)!} for
 * each of {@code B}. Cost per (row, background row, tree): the leaves reachable by mixing the two
 * paths, at most 2^(distinct features where they differ), typically a handful.
 *
 * <p>One instance per worker thread; no allocation per row.
 */
final class InterventionalKernel {
  private static final byte FREE = 0;
  private static final byte FROM_X = 1;
  private static final byte FROM_Z = 2;

  private final TreeEnsemble model;
  private final int m;
  private final double[] weight; // weight[a * (D + 1) + b] = a! b! / (a + b + 1)!
  private final int wStride;
  private final byte[] state;
  private final int[] decided; // stack of decided features
  private int decidedCount;
  private double[] phi;
  private int phiOff;

  InterventionalKernel(TreeEnsemble model) {
    this.model = model;
    this.m = model.schema().size();
    int depth = model.maxDepth();
    wStride = depth + 1;
    weight = new double[wStride * wStride];
    for (int a = 0; a <= depth; a++) {
      for (int b = 0; a + b <= depth; b++) {
        // a! b! / (a + b + 1)! as a product of ratios (no overflow)
        double w = 1.0 / (a + b + 1);
        for (int i = 1; i <= b; i++) {
          w *= (double) i / (a + i);
        }
        weight[a * wStride + b] = w;
      }
    }
    state = new byte[m];
    decided = new int[depth + 1];
  }

  /**
   * Adds the Shapley values of row {@code x} against background row {@code z}, summed over trees,
   * to {@code out[off + output * (m + 1) + feature]}; returns nothing for the bias.
   */
  void shap(double[] x, int xOff, double[] z, int zOff, double[] out, int off) {
    this.phi = out;
    int m1 = m + 1;
    for (int t = 0; t < model.numTrees(); t++) {
      this.phiOff = off + model.treeOutput(t) * m1;
      walk(model.treeStart(t), x, xOff, z, zOff, 0, 0);
    }
  }

  private void walk(int node, double[] x, int xOff, double[] z, int zOff, int a, int b) {
    TreeEnsemble mdl = model;
    while (!mdl.isLeaf(node)) {
      int f = mdl.feature(node);
      byte st = state[f];
      boolean xl = mdl.goesLeft(node, x[xOff + f]);
      if (st == FROM_X) {
        node = xl ? mdl.left(node) : mdl.right(node);
        continue;
      }
      boolean zl = mdl.goesLeft(node, z[zOff + f]);
      if (st == FROM_Z || xl == zl) {
        node = zl ? mdl.left(node) : mdl.right(node);
        continue;
      }
      // x and z disagree on a free feature: both branches.
      decided[decidedCount++] = f;
      state[f] = FROM_X;
      walk(xl ? mdl.left(node) : mdl.right(node), x, xOff, z, zOff, a + 1, b);
      state[f] = FROM_Z;
      walk(zl ? mdl.left(node) : mdl.right(node), x, xOff, z, zOff, a, b + 1);
      state[f] = FREE;
      decidedCount--;
      return;
    }
    if (a + b == 0) {
      return; // x and z reach the same leaf: no feature matters
    }
    double v = mdl.value(node);
    double wx = a > 0 ? v * weight[(a - 1) * wStride + b] : 0;
    double wz = b > 0 ? -v * weight[a * wStride + b - 1] : 0;
    for (int i = 0; i < decidedCount; i++) {
      int f = decided[i];
      phi[phiOff + f] += state[f] == FROM_X ? wx : wz;
    }
  }
}
