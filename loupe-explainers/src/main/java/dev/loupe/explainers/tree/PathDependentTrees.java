package dev.loupe.explainers.tree;

import dev.loupe.core.TreeEnsemble;

/**
 * A {@link TreeEnsemble} compiled for path-dependent TreeSHAP by Gauss–Legendre quadrature.
 *
 * <h2>The algorithm</h2>
 *
 * <p>For a leaf {@code l} with value {@code v} whose path holds the distinct features {@code P}
 * (repeated splits on one feature merged), let {@code q_j} be the product of the cover fractions of
 * the path's edges on feature {@code j} and {@code o_j} be 1 when the explained row follows all of
 * them, else 0. The path-dependent game (Lundberg et al. 2020, Algorithm 2) gives feature {@code i}
 * from this leaf
 *
 * <pre>  phi_i += v (o_i - q_i) sum_{S subset of P\i} |S|! (d-|S|-1)!/d! prod_{j in S} o_j prod_{j not in S, j != i} q_j</pre>
 *
 * and since {@code |S|!(d-|S|-1)!/d! = integral_0^1 t^|S| (1-t)^(d-|S|-1) dt}, the sum is
 * {@code integral_0^1 G(t) / f_i(t) dt} with {@code f_j(t) = q_j + (o_j - q_j) t} and
 * {@code G = prod_j f_j}, a polynomial of degree {@code d - 1} that a Gauss–Legendre rule with
 * {@code ceil(d / 2)} nodes integrates exactly (Quadrature TreeSHAP: Wettenstein, Mitchell & Yu
 * 2026; the same polynomial view as Linear TreeShap, Yu et al., NeurIPS 2022).
 *
 * <p>Summing over leaves in the tree rather than per leaf: a split edge {@code e} into node
 * {@code c} on feature {@code i} contributes {@code integral S_c(t) [(o-q)/f]_new - [(o-q)/f]_old dt},
 * where {@code S_c = sum of v_l G_l} over the leaves below {@code c} and old/new are feature
 * {@code i}'s merged state before and after the edge; along each path these terms telescope to
 * the leaf formula. So per row and tree: one top-down pass carries {@code G} at each node's
 * quadrature points, one bottom-up pass sums {@code S} and adds the edge terms. Cost O(nodes x
 * points), no allocation, no division: every factor depends on the row only through the bits
 * {@code o} and is tabulated here for the three cases (old, new) in {(0,0), (1,0), (1,1)}.
 *
 * <p>Nodes are renumbered in preorder (a parent before its children), so the two passes are two
 * linear sweeps over flat arrays.
 */
final class PathDependentTrees {
  /** The point count of the unrolled kernel. */
  static final int UNROLLED_POINTS = 4;

  final TreeEnsemble model;
  final int numFeatures;
  final int numOutputs;
  /** Quadrature points per node (the same for every tree: ceil(max distinct features on a path / 2)). */
  final int points;
  /** Quadrature points for interaction values: as {@link #points} (the integrand has lower degree). */
  final int interactionPoints;
  final int numTrees;
  final int[] treeStart; // compiled node range per tree
  final int[] treeOutput;
  final double[] treeExpectation; // sum of leaf value x path probability
  final int maxTreeNodes;

  // per compiled node
  final int[] origin; // node index in the model
  final int[] parent; // compiled index of the parent, -1 for a root
  final boolean[] isLeftChild;
  final boolean[] isLeaf;
  final int[] edgeFeature; // feature of the split into this node (the parent's feature)
  final int[] prevSame; // compiled index of the previous edge on the same feature along the path, or -1
  final double[] leafValue;
  /** Growth factors of G: ratio[(c * 3 + case) * points + k], case = o_old + o_new. */
  final double[] ratio;
  /** Edge term weights: coef[(c * 2 + case - 1) * points + k] for case 1 and 2 (case 0 adds nothing). */
  final double[] coef;

  // Compact, branch-free layout used by the kernel (local indices are relative to the tree start).
  /** Local index of the parent. */
  final int[] parentLocal;
  /** Local index of the previous edge on the same feature, or 0 (the root, whose o is always 1). */
  final int[] prevLocal;
  /** 1 if this node is its parent's left child, else 0. */
  final int[] leftBit;
  /**
   * Per node, 6 x points doubles: the growth factors of G for cases 0, 1, 2, then the edge-term
   * weights for cases 0 (always 0), 1, 2; case = o_old + o_new.
   */
  final double[] table;
  /** Internal nodes of each tree, for the decision loop: local index, feature, threshold, kind. */
  final int[] internalStart; // per tree, into the arrays below
  final int[] internalLocal;
  final int[] internalFeature;
  final double[] internalThreshold;
  final boolean[] internalDefaultLeft;
  final boolean[] internalFast; // numeric split with MISSING_NAN: decided inline
  final int[] internalOrigin;

  /** Leaf paths for interaction values: per leaf, its distinct features and their last edge. */
  final int[] leafPathStart; // indexed by compiled node (leaves only), into pathNode/pathQ
  final int[] leafPathLength;
  final int[] pathNode; // compiled node of the last edge on the feature (its o is the merged o)
  final int[] pathFeature;
  final double[] pathQ; // merged cover fraction
  final int maxPathLength;
  /**
   * Per path entry and interaction point k: f(t_k) and 1 / f(t_k) (0 where f = 0) for o = 0 and o = 1,
   * at pathFactor[((entry * 2 + o) * 2 + {0: f, 1: 1/f}) * interactionPoints + k].
   */
  final double[] pathFactor;

  PathDependentTrees(TreeEnsemble model) {
    this.model = model;
    this.numFeatures = model.schema().size();
    this.numOutputs = model.numOutputs();
    this.numTrees = model.numTrees();
    int n = model.numNodes();
    origin = new int[n];
    parent = new int[n];
    isLeftChild = new boolean[n];
    isLeaf = new boolean[n];
    edgeFeature = new int[n];
    prevSame = new int[n];
    leafValue = new double[n];
    double[] q = new double[n]; // merged q of the edge feature at this node
    treeStart = new int[numTrees + 1];
    treeOutput = new int[numTrees];
    treeExpectation = new double[numTrees];

    // Preorder renumbering with an explicit stack; track the last edge per feature along the path.
    int[] stackNode = new int[n + 1];
    int[] stackParent = new int[n + 1];
    boolean[] stackLeft = new boolean[n + 1];
    int next = 0;
    int maxDistinct = 0;
    int maxNodes = 0;
    int[] depthDistinct = new int[n];
    for (int t = 0; t < numTrees; t++) {
      treeStart[t] = next;
      treeOutput[t] = model.treeOutput(t);
      int sp = 0;
      stackNode[sp] = model.treeStart(t);
      stackParent[sp] = -1;
      stackLeft[sp] = false;
      sp++;
      while (sp > 0) {
        sp--;
        int node = stackNode[sp];
        int par = stackParent[sp];
        int c = next++;
        origin[c] = node;
        parent[c] = par;
        isLeftChild[c] = stackLeft[sp];
        isLeaf[c] = model.isLeaf(node);
        leafValue[c] = isLeaf[c] ? model.value(node) : 0;
        if (par < 0) {
          edgeFeature[c] = -1;
          prevSame[c] = -1;
          q[c] = 1;
          depthDistinct[c] = 0;
        } else {
          int f = model.feature(origin[par]);
          edgeFeature[c] = f;
          // previous edge on f: walk up the compiled ancestors (depth is small)
          int prev = -1;
          for (int a = par; parent[a] >= 0; a = parent[a]) {
            if (edgeFeature[a] == f) {
              prev = a;
              break;
            }
          }
          prevSame[c] = prev;
          double pc = model.cover(origin[par]);
          double frac = pc > 0 ? model.cover(node) / pc : 0;
          q[c] = (prev >= 0 ? q[prev] : 1) * frac;
          depthDistinct[c] = depthDistinct[par] + (prev >= 0 ? 0 : 1);
        }
        maxDistinct = Math.max(maxDistinct, depthDistinct[c]);
        if (!isLeaf[c]) {
          // push right first so that left is numbered first
          stackNode[sp] = model.right(node);
          stackParent[sp] = c;
          stackLeft[sp] = false;
          sp++;
          stackNode[sp] = model.left(node);
          stackParent[sp] = c;
          stackLeft[sp] = true;
          sp++;
        }
      }
      maxNodes = Math.max(maxNodes, next - treeStart[t]);
    }
    treeStart[numTrees] = next;
    this.maxTreeNodes = maxNodes;
    // The integrand per leaf has degree d - 1 (<= maxDistinct - 1).
    // Up to 8 distinct features per path, 4 points (exact to degree 7) feed an unrolled kernel.
    int needed = GaussLegendre.pointsForDegree(Math.max(0, maxDistinct - 1));
    this.interactionPoints = needed <= UNROLLED_POINTS ? UNROLLED_POINTS : needed;
    this.points = needed <= UNROLLED_POINTS ? UNROLLED_POINTS : needed;
    GaussLegendre rule = GaussLegendre.of(points);

    ratio = new double[n * 3 * points];
    coef = new double[n * 2 * points];
    for (int c = 0; c < n; c++) {
      if (parent[c] < 0) {
        continue;
      }
      double qn = q[c];
      boolean first = prevSame[c] < 0;
      double qo = first ? 1 : q[prevSame[c]];
      for (int k = 0; k < points; k++) {
        double t = rule.nodes[k];
        double w = rule.weights[k];
        double fo1 = first ? 1 : qo + (1 - qo) * t; // old factor with o_old = 1
        double fo0 = qo * (1 - t); // old factor with o_old = 0
        double fn1 = qn + (1 - qn) * t;
        double fn0 = qn * (1 - t);
        // case 0: (0, 0)
        ratio[(c * 3) * points + k] = fo0 > 0 ? fn0 / fo0 : 0;
        // case 1: (1, 0)
        ratio[(c * 3 + 1) * points + k] = fn0 / fo1;
        // case 2: (1, 1)
        ratio[(c * 3 + 2) * points + k] = fn1 / fo1;
        // (o - q) / f for the old state with o_old = 1 (0 for a first occurrence)
        double oldTerm = first ? 0 : (1 - qo) / fo1;
        double new0 = qn > 0 ? -1 / (1 - t) : 0; // (0 - q) / (q (1 - t))
        double new1 = (1 - qn) / fn1;
        coef[(c * 2) * points + k] = w * (new0 - oldTerm);
        coef[(c * 2 + 1) * points + k] = w * (new1 - oldTerm);
      }
    }

    parentLocal = new int[n];
    prevLocal = new int[n];
    leftBit = new int[n];
    table = new double[n * 6 * points];
    int internalCount = 0;
    for (int c = 0; c < n; c++) {
      if (!isLeaf[c]) {
        internalCount++;
      }
    }
    internalStart = new int[numTrees + 1];
    internalLocal = new int[internalCount];
    internalFeature = new int[internalCount];
    internalThreshold = new double[internalCount];
    internalDefaultLeft = new boolean[internalCount];
    internalFast = new boolean[internalCount];
    internalOrigin = new int[internalCount];
    int ic = 0;
    for (int t = 0; t < numTrees; t++) {
      int b = treeStart[t];
      internalStart[t] = ic;
      for (int c = b; c < treeStart[t + 1]; c++) {
        parentLocal[c] = parent[c] < 0 ? 0 : parent[c] - b;
        prevLocal[c] = prevSame[c] < 0 ? 0 : prevSame[c] - b;
        leftBit[c] = isLeftChild[c] ? 1 : 0;
        if (parent[c] >= 0) {
          for (int cs = 0; cs < 3; cs++) {
            System.arraycopy(ratio, (c * 3 + cs) * points, table, (c * 6 + cs) * points, points);
          }
          for (int cs = 1; cs < 3; cs++) {
            System.arraycopy(coef, (c * 2 + cs - 1) * points, table, (c * 6 + 3 + cs) * points, points);
          }
        }
        if (!isLeaf[c]) {
          int o = origin[c];
          internalLocal[ic] = c - b;
          internalFeature[ic] = model.feature(o);
          internalThreshold[ic] = model.threshold(o);
          internalDefaultLeft[ic] = model.defaultLeft(o);
          internalFast[ic] = !model.isCategorical(o) && model.missing(o) == TreeEnsemble.MISSING_NAN;
          internalOrigin[ic] = o;
          ic++;
        }
      }
    }
    internalStart[numTrees] = ic;

    // Expected value of each tree: sum of v_l * prod of cover fractions.
    for (int t = 0; t < numTrees; t++) {
      double e = 0;
      for (int c = treeStart[t]; c < treeStart[t + 1]; c++) {
        if (isLeaf[c]) {
          double p = 1;
          for (int a = c; parent[a] >= 0; a = parent[a]) {
            double pc = model.cover(origin[parent[a]]);
            p *= pc > 0 ? model.cover(origin[a]) / pc : 0;
          }
          e += leafValue[c] * p;
        }
      }
      treeExpectation[t] = e;
    }

    // Per-leaf distinct feature lists (for interaction values).
    leafPathStart = new int[n];
    leafPathLength = new int[n];
    int total = 0;
    for (int c = 0; c < n; c++) {
      if (isLeaf[c]) {
        total += depthDistinct[c];
      }
    }
    pathNode = new int[total];
    pathFeature = new int[total];
    pathQ = new double[total];
    int pos = 0;
    int maxLen = 0;
    for (int c = 0; c < n; c++) {
      if (!isLeaf[c]) {
        continue;
      }
      leafPathStart[c] = pos;
      // walk up; the first time a feature is seen (from below) is its last edge on the path
      for (int a = c; parent[a] >= 0; a = parent[a]) {
        int f = edgeFeature[a];
        boolean seen = false;
        for (int p = leafPathStart[c]; p < pos; p++) {
          if (pathFeature[p] == f) {
            seen = true;
            break;
          }
        }
        if (!seen) {
          pathNode[pos] = a;
          pathFeature[pos] = f;
          pathQ[pos] = q[a];
          pos++;
        }
      }
      leafPathLength[c] = pos - leafPathStart[c];
      maxLen = Math.max(maxLen, leafPathLength[c]);
    }
    maxPathLength = maxLen;
    GaussLegendre irule = GaussLegendre.of(interactionPoints);
    int ip = interactionPoints;
    pathFactor = new double[total * 4 * ip];
    for (int e = 0; e < total; e++) {
      double qe = pathQ[e];
      for (int ob = 0; ob < 2; ob++) {
        for (int k = 0; k < ip; k++) {
          double fv = qe + (ob - qe) * irule.nodes[k];
          pathFactor[((e * 2 + ob) * 2) * ip + k] = fv;
          pathFactor[((e * 2 + ob) * 2 + 1) * ip + k] = fv == 0 ? 0 : 1 / fv;
        }
      }
    }
  }

  /** Sum of the trees' expected values per output plus the base margin: the SHAP bias. */
  double[] expectedValues() {
    double[] e = new double[numOutputs];
    for (int o = 0; o < numOutputs; o++) {
      e[o] = model.baseMargin(o);
    }
    for (int t = 0; t < numTrees; t++) {
      e[treeOutput[t]] += treeExpectation[t];
    }
    return e;
  }
}
