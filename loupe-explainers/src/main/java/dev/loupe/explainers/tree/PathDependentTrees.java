package dev.loupe.explainers.tree;

import dev.loupe.core.TreeEnsemble;

/**
 * A {@link TreeEnsemble} compiled for path-dependent TreeSHAP by Gauss–Legendre quadrature.
 *
 * <h2>SHAP values</h2>
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
 * {@code integral_0^1 G(t) h_i(t) dt} with {@code f_j(t) = q_j + (o_j - q_j) t},
 * {@code G = prod_j f_j} and {@code h_i = (o_i - q_i) / f_i}: the integrand is a polynomial of
 * degree {@code d - 1} that a Gauss–Legendre rule with {@code ceil(d / 2)} nodes integrates
 * exactly (Quadrature TreeSHAP: Wettenstein, Mitchell & Yu 2026; the polynomial view of Linear
 * TreeShap, Yu et al., NeurIPS 2022).
 *
 * <p>Summed over the tree instead of per leaf: the edge into node {@code c} on feature {@code e}
 * contributes {@code integral S_c(t) (h_e,new - h_e,old)(t) dt}, where {@code S_c = sum v_l G_l}
 * over the leaves below {@code c} and old/new are {@code e}'s merged state before and after the
 * edge; along each path these terms telescope to the leaf formula. Per row and tree: one top-down
 * pass carries {@code G} at each node's quadrature points, one bottom-up pass sums {@code S} and
 * adds the edge terms. Cost O(nodes x points), no allocation, no division: every factor depends on
 * the row only through the bits {@code o} and is tabulated here for the three cases
 * {@code (o_old, o_new)} in {(0,0), (1,0), (1,1)}.
 *
 * <h2>Interaction values</h2>
 *
 * <p>Half the Shapley interaction index of {@code a != b} from a leaf is
 * {@code v/2 integral G h_a h_b dt} (degree {@code d - 2}). The product {@code h_a h_b} telescopes
 * along a path like {@code h_e} does: the edge on {@code e} adds {@code h_a (h_e,new - h_e,old)}
 * for every other feature {@code a} already on the path. So each edge pays O(depth x points) and
 * interaction values cost O(nodes x depth x points) per row and tree (a per-leaf evaluation pays
 * O(leaves x depth^2 x points)). The distinct features above each node are listed here.
 *
 * <p>Nodes are renumbered in preorder (a parent before its children), so both passes are linear
 * sweeps over flat arrays.
 */
final class PathDependentTrees {
  /** The point count of the unrolled kernel: exact up to 8 distinct features on a path. */
  static final int UNROLLED_POINTS = 4;

  final TreeEnsemble model;
  final int numFeatures;
  final int numOutputs;
  /** Quadrature points per node: 4 (unrolled kernel) or ceil(max distinct features on a path / 2). */
  final int points;
  final int numTrees;
  final int[] treeStart; // compiled node range per tree
  final int[] treeOutput;
  final double[] treeExpectation; // sum of leaf value x path probability
  final int maxTreeNodes;
  final int maxDistinct;

  // per compiled node
  final boolean[] isLeaf;
  final int[] edgeFeature; // feature of the split into this node (the parent's feature)
  final double[] leafValue; // 0 for internal nodes
  /** Local index (relative to the tree start) of the parent. */
  final int[] parentLocal;
  /** Local index of the previous edge on the same feature along the path, or 0 (the root, whose o is always 1). */
  final int[] prevLocal;
  /** 1 if this node is its parent's left child, else 0. */
  final int[] leftBit;
  /**
   * Per node, 6 x points doubles: the growth factors f_new / f_old of G for cases 0, 1, 2, then the
   * edge-term weights w_k (h_new - h_old)(t_k) for cases 0 (always 0), 1, 2; case = o_old + o_new.
   */
  final double[] table;
  /** Per edge node c and o in {0, 1}: h(t_k) = (o - q) / f(t_k) at hTable[(c * 2 + o) * points + k]. */
  final double[] hTable;
  /**
   * Per node c (the child of an edge on feature e): the distinct features on the path above that
   * edge other than e, and the global index of each one's last edge there (whose o bit is the
   * feature's merged o). Entries ancStart[c] .. ancStart[c + 1].
   */
  final int[] ancStart;
  final int[] ancNode;
  final int[] ancFeature;

  /** Internal nodes of each tree, for the decision loop: local index, feature, threshold, kind. */
  final int[] internalStart; // per tree, into the arrays below
  final int[] internalLocal;
  final int[] internalFeature;
  final double[] internalThreshold;
  final boolean[] internalDefaultLeft;
  final boolean[] internalFast; // numeric split with MISSING_NAN: decided inline
  final int[] internalOrigin;

  PathDependentTrees(TreeEnsemble model) {
    this.model = model;
    this.numFeatures = model.schema().size();
    this.numOutputs = model.numOutputs();
    this.numTrees = model.numTrees();
    int n = model.numNodes();
    int[] origin = new int[n];
    int[] parent = new int[n];
    int[] prevSame = new int[n];
    double[] q = new double[n]; // merged q of the edge feature at this node
    double[] pathProb = new double[n]; // product of cover fractions from the root
    int[] distinct = new int[n];
    isLeaf = new boolean[n];
    edgeFeature = new int[n];
    leafValue = new double[n];
    parentLocal = new int[n];
    prevLocal = new int[n];
    leftBit = new int[n];
    treeStart = new int[numTrees + 1];
    treeOutput = new int[numTrees];
    treeExpectation = new double[numTrees];

    // Preorder renumbering with an explicit stack.
    int[] stackNode = new int[n + 1];
    int[] stackParent = new int[n + 1];
    boolean[] stackLeft = new boolean[n + 1];
    int next = 0;
    int maxD = 0;
    int maxNodes = 0;
    int internalCount = 0;
    for (int t = 0; t < numTrees; t++) {
      int base = next;
      treeStart[t] = base;
      treeOutput[t] = model.treeOutput(t);
      int sp = 0;
      stackNode[sp] = model.treeStart(t);
      stackParent[sp] = -1;
      sp++;
      while (sp > 0) {
        sp--;
        int node = stackNode[sp];
        int par = stackParent[sp];
        int c = next++;
        origin[c] = node;
        parent[c] = par;
        isLeaf[c] = model.isLeaf(node);
        leafValue[c] = isLeaf[c] ? model.value(node) : 0;
        if (par < 0) {
          edgeFeature[c] = -1;
          prevSame[c] = -1;
          q[c] = 1;
          pathProb[c] = 1;
        } else {
          int f = model.feature(origin[par]);
          edgeFeature[c] = f;
          leftBit[c] = stackLeft[sp] ? 1 : 0;
          parentLocal[c] = par - base;
          int prev = -1;
          for (int a = par; parent[a] >= 0; a = parent[a]) {
            if (edgeFeature[a] == f) {
              prev = a;
              break;
            }
          }
          prevSame[c] = prev;
          prevLocal[c] = prev < 0 ? 0 : prev - base;
          double pc = model.cover(origin[par]);
          double frac = pc > 0 ? model.cover(node) / pc : 0;
          q[c] = (prev >= 0 ? q[prev] : 1) * frac;
          pathProb[c] = pathProb[par] * frac;
          distinct[c] = distinct[par] + (prev >= 0 ? 0 : 1);
        }
        maxD = Math.max(maxD, distinct[c]);
        if (isLeaf[c]) {
          treeExpectation[t] += leafValue[c] * pathProb[c];
        } else {
          internalCount++;
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
      maxNodes = Math.max(maxNodes, next - base);
    }
    treeStart[numTrees] = next;
    this.maxTreeNodes = maxNodes;
    this.maxDistinct = maxD;
    // The SHAP integrand per leaf has degree d - 1 <= maxDistinct - 1.
    int needed = GaussLegendre.pointsForDegree(Math.max(0, maxD - 1));
    this.points = needed <= UNROLLED_POINTS ? UNROLLED_POINTS : needed;
    GaussLegendre rule = GaussLegendre.of(points);

    table = new double[n * 6 * points];
    hTable = new double[n * 2 * points];
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
        double fo1 = first ? 1 : qo + (1 - qo) * t; // old factor, o_old = 1 (1 before a first occurrence)
        double fo0 = qo * (1 - t); // old factor, o_old = 0
        double fn1 = qn + (1 - qn) * t;
        double fn0 = qn * (1 - t);
        table[(c * 6) * points + k] = fo0 > 0 ? fn0 / fo0 : 0; // case (0, 0)
        table[(c * 6 + 1) * points + k] = fn0 / fo1; // case (1, 0)
        table[(c * 6 + 2) * points + k] = fn1 / fo1; // case (1, 1)
        double hOld = first ? 0 : (1 - qo) / fo1; // h with o_old = 1; a first occurrence starts at 0
        double h0 = qn > 0 ? -1 / (1 - t) : 0; // (0 - q) / (q (1 - t)); 0 when f = 0
        double h1 = fn1 > 0 ? (1 - qn) / fn1 : 0;
        // case (0, 0): h0 - h0 = 0 (table entry stays 0)
        table[(c * 6 + 4) * points + k] = w * (h0 - hOld);
        table[(c * 6 + 5) * points + k] = w * (h1 - hOld);
        hTable[(c * 2) * points + k] = h0;
        hTable[(c * 2 + 1) * points + k] = h1;
      }
    }

    // Decision arrays.
    internalStart = new int[numTrees + 1];
    internalLocal = new int[internalCount];
    internalFeature = new int[internalCount];
    internalThreshold = new double[internalCount];
    internalDefaultLeft = new boolean[internalCount];
    internalFast = new boolean[internalCount];
    internalOrigin = new int[internalCount];
    int ic = 0;
    for (int t = 0; t < numTrees; t++) {
      internalStart[t] = ic;
      for (int c = treeStart[t]; c < treeStart[t + 1]; c++) {
        if (!isLeaf[c]) {
          int o = origin[c];
          internalLocal[ic] = c - treeStart[t];
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

    // Distinct features above each edge (for interaction values): two passes, count then fill.
    ancStart = new int[n + 1];
    int[] seenFeature = new int[maxD + 1];
    int[] seenNode = new int[maxD + 1];
    int total = 0;
    for (int c = 0; c < n; c++) {
      ancStart[c] = total;
      total += ancestors(c, parent, seenFeature, seenNode);
    }
    ancStart[n] = total;
    ancNode = new int[total];
    ancFeature = new int[total];
    for (int c = 0; c < n; c++) {
      int count = ancestors(c, parent, seenFeature, seenNode);
      System.arraycopy(seenFeature, 0, ancFeature, ancStart[c], count);
      System.arraycopy(seenNode, 0, ancNode, ancStart[c], count);
    }
  }

  /**
   * Fills the distinct features on the path above node {@code c}'s edge, other than its own
   * feature, with the global index of each one's last edge; returns their count.
   */
  private int ancestors(int c, int[] parent, int[] seenFeature, int[] seenNode) {
    if (parent[c] < 0) {
      return 0;
    }
    int count = 0;
    // walking up from the parent, the first edge met on a feature is its last edge above c
    for (int a = parent[c]; parent[a] >= 0; a = parent[a]) {
      int f = edgeFeature[a];
      if (f == edgeFeature[c]) {
        continue;
      }
      boolean seen = false;
      for (int i = 0; i < count; i++) {
        if (seenFeature[i] == f) {
          seen = true;
          break;
        }
      }
      if (!seen) {
        seenFeature[count] = f;
        seenNode[count] = a;
        count++;
      }
    }
    return count;
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
