package dev.loupe.core;

/**
 * The trees of a {@link TreeEnsemble} laid out for fast batch prediction: internal nodes
 * renumbered per tree with both children in adjacent slots (a step is
 * {@code node = children[2 node + goesRight]}), leaves encoded as negative indices, and numeric
 * splits with missing-goes-to-default decided inline; only categorical splits and LightGBM's
 * other missing modes call {@link TreeEnsemble#goesLeft}.
 *
 * <p>Prediction walks blocks of 64 rows through every tree, so a block's rows stay in the first
 * cache level while the trees stream past. Cost: one root-to-leaf walk per row and tree.
 */
final class FlatForest {
  private static final int BLOCK = 64;
  private static final int LANES = 8;
  /** The split needs {@link TreeEnsemble#goesLeft} (categorical, or LightGBM's None/Zero missing). */
  private static final int SLOW = 1 << 30;
  /** A fast split's missing value goes right. */
  private static final int MISSING_RIGHT = 1 << 29;
  private static final int FEATURE = MISSING_RIGHT - 1;

  private final TreeEnsemble ensemble;
  private final int[] root; // per tree: encoded first node (internal index, or ~leaf)
  private final int[] treeOutput;
  /** Per internal node: the feature index, plus {@link #SLOW} and {@link #MISSING_RIGHT} bits. */
  private final int[] info;
  private final double[] threshold;
  private final int[] origin;
  private final int[] children; // 2 per internal node, encoded
  private final double[] leafValue;

  FlatForest(TreeEnsemble e, int[] treeStart, int[] treeOutputs) {
    this.ensemble = e;
    int trees = treeOutputs.length;
    int nodes = treeStart[trees];
    int internal = 0;
    for (int n = 0; n < nodes; n++) {
      if (!e.isLeaf(n)) {
        internal++;
      }
    }
    root = new int[trees];
    treeOutput = treeOutputs.clone();
    info = new int[internal];
    threshold = new double[internal];
    origin = new int[internal];
    children = new int[2 * internal];
    leafValue = new double[nodes - internal];
    int[] code = new int[nodes]; // encoded index of every model node
    int nextInternal = 0;
    int nextLeaf = 0;
    for (int n = 0; n < nodes; n++) {
      if (e.isLeaf(n)) {
        leafValue[nextLeaf] = e.value(n);
        code[n] = ~nextLeaf++;
      } else {
        int c = nextInternal++;
        code[n] = c;
        boolean fast = !e.isCategorical(n) && e.missing(n) == TreeEnsemble.MISSING_NAN;
        info[c] = e.feature(n) | (fast ? 0 : SLOW) | (e.defaultLeft(n) ? 0 : MISSING_RIGHT);
        threshold[c] = e.threshold(n);
        origin[c] = n;
      }
    }
    for (int n = 0; n < nodes; n++) {
      if (!e.isLeaf(n)) {
        children[2 * code[n]] = code[e.left(n)];
        children[2 * code[n] + 1] = code[e.right(n)];
      }
    }
    for (int t = 0; t < trees; t++) {
      root[t] = code[treeStart[t]];
    }
  }

  /**
   * Adds every tree's leaf value to {@code out[i * k + output]} for rows {@code [0, n)}. Eight
   * rows walk a tree together, one level per step, so that their independent loads and compares
   * overlap instead of waiting on each other.
   */
  void addLeaves(double[] x, int m, int n, double[] out, int k) {
    int[] node = new int[LANES];
    for (int from = 0; from < n; from += BLOCK) {
      int to = Math.min(n, from + BLOCK);
      for (int t = 0; t < root.length; t++) {
        int start = root[t];
        int o = treeOutput[t];
        if (start < 0) {
          double v = leafValue[~start];
          for (int i = from; i < to; i++) {
            out[i * k + o] += v;
          }
          continue;
        }
        for (int i = from; i < to; i += LANES) {
          int lanes = Math.min(LANES, to - i);
          for (int j = 0; j < lanes; j++) {
            node[j] = start;
          }
          boolean active = true;
          while (active) {
            active = false;
            for (int j = 0; j < lanes; j++) {
              int nd = node[j];
              if (nd >= 0) {
                int inf = info[nd];
                nd = children[2 * nd + goesRight(nd, inf, x[(i + j) * m + (inf & FEATURE)])];
                node[j] = nd;
                active |= nd >= 0;
              }
            }
          }
          for (int j = 0; j < lanes; j++) {
            out[(i + j) * k + o] += leafValue[~node[j]];
          }
        }
      }
    }
  }

  private int goesRight(int node, int inf, double v) {
    if (inf < SLOW) {
      if (v != v) {
        return (inf >>> 29) & 1;
      }
      return v < threshold[node] ? 0 : 1; // as goesLeft, also for a NaN threshold
    }
    return ensemble.goesLeft(origin[node], v) ? 0 : 1;
  }
}
