package dev.loupe.core;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The trees of a {@link TreeEnsemble} laid out for fast batch prediction, with results
 * bit-identical to the plain walk ({@link TreeEnsemble#leaf}) summed tree by tree in model order.
 *
 * <p><b>Complete trees.</b> A tree of depth {@code D <= }{@value #MAX_COMPLETE_DEPTH} whose splits
 * are all numeric is stored padded to the complete binary tree of depth {@code D} in heap order
 * (children of {@code i} at {@code 2i + 1} and {@code 2i + 2}); a leaf above the bottom level is
 * copied to every bottom slot below it, so every row takes exactly {@code D} steps, with no exit
 * test and no branch: {@code i = 2i + 2 - [v < t]}. Missing values are folded into the data instead
 * of the tree: each (feature, missing rule) pair used by some split becomes a <em>column</em> of a
 * per-block scratch copy of the rows in which the missing value (and, for
 * {@link TreeEnsemble#MISSING_ZERO}, a value with {@code |x| <= 1e-35}) is replaced by
 * {@code +Infinity} where it must go right (nothing is below {@code +Infinity} nor below a NaN
 * threshold), by {@code -Infinity} where it must go left (only for thresholds above
 * {@code -Infinity}; a tree with any other left-default split is not complete), and by {@code 0.0}
 * under {@link TreeEnsemble#MISSING_NONE}. Each comparison is then the model's own {@code v < t}.
 *
 * <p><b>Float keys.</b> When every threshold {@code d} of the complete trees is the exact image of
 * a float comparison ({@code x < d <=> (float) x < t} for every double {@code x}, as
 * {@link Thresholds#floatLessThan} makes XGBoost's thresholds; checked here directly, see
 * {@link #floatImage}), the scratch holds {@code (float) x} and thresholds are floats, both turned
 * into order-preserving 32-bit integers ({@link #key}), so a comparison is an integer subtraction
 * and its sign bit, and one 64-bit load brings a node's column and threshold. Otherwise thresholds
 * stay doubles and the compare is on doubles (LightGBM's thresholds are not floats).
 *
 * <p><b>Other trees</b> (categorical splits, depth beyond the limit, or a left default under a
 * threshold of {@code -Infinity} or NaN) keep an explicit node layout with adjacent children,
 * leaves as negative indices, and call {@link TreeEnsemble#goesLeft} for every split that is not
 * numeric with missing-goes-to-default.
 *
 * <p>Prediction walks blocks of {@value #BLOCK} rows through every tree in model order, a complete
 * tree level by level for all rows of the block (independent steps, so their loads overlap); a
 * block's scratch stays in the first cache level while the trees stream past. Cost:
 * {@code O(rows x columns)} to fill the scratch plus {@code D} steps per row and complete tree (a
 * root-to-leaf walk per row and general tree); memory {@code 2^D} slots per complete tree. With
 * several threads, blocks are handed out in turn and each row is still summed by one thread in
 * model order. Immutable; {@link #addLeaves} allocates its own scratch per call and is safe to call
 * from several threads at once.
 */
final class FlatForest {
  /** Rows per block. */
  static final int BLOCK = 64;
  /** Rows walking a general tree together. */
  private static final int LANES = 8;
  /** Deepest tree stored complete (2^D leaves). */
  static final int MAX_COMPLETE_DEPTH = 10;

  /** Which layouts the constructor may use (tests force the slower ones to check them too). */
  enum Layout {
    /** Complete trees with float keys where exact, else double thresholds; other trees general. */
    AUTO,
    /** Complete trees with double thresholds; other trees general. */
    DOUBLE,
    /** Every tree in the general layout. */
    GENERAL
  }

  private static final byte CONSTANT = 0;
  private static final byte COMPLETE = 1;
  private static final byte GENERAL = 2;

  private final TreeEnsemble ensemble;
  private final int[] treeOutput;
  private final byte[] kind;
  /** Per tree: complete depth, or for a constant tree 0. */
  private final int[] depth;
  /** Per tree: first slot in the complete node arrays, or the encoded root of a general tree. */
  private final int[] nodeStart;
  /** Per tree: index into {@link #leaves} of its first bottom slot, minus {@code 2^D - 1}. */
  private final int[] leafBase;
  private final double[] leaves;

  // complete trees
  private final boolean floatKeys;
  /** Float keys: per slot, {@code (column * BLOCK) << 32 | key(threshold)}. */
  private final long[] keyNode;
  /** Double thresholds: per slot, column * BLOCK and threshold. */
  private final int[] columnAt;
  private final double[] thresholdAt;
  // columns of the scratch
  private final int[] columnFeature;
  private final double[] columnFill;
  private final boolean[] columnZero;

  // general trees
  private static final int SLOW = 1 << 30;
  private static final int MISSING_RIGHT = 1 << 29;
  private static final int FEATURE = MISSING_RIGHT - 1;
  private final int[] info;
  private final double[] threshold;
  private final int[] origin;
  private final int[] children;
  private final double[] generalLeaf;

  FlatForest(TreeEnsemble e, int[] treeStart, int[] treeOutputs) {
    this(e, treeStart, treeOutputs, Layout.AUTO);
  }

  FlatForest(TreeEnsemble e, int[] treeStart, int[] treeOutputs, Layout layout) {
    this.ensemble = e;
    int trees = treeOutputs.length;
    this.treeOutput = treeOutputs.clone();
    this.kind = new byte[trees];
    this.depth = new int[trees];
    this.nodeStart = new int[trees];
    this.leafBase = new int[trees];

    // 1. classify trees; count slots
    int completeSlots = 0;
    int leafSlots = 0;
    int generalInternal = 0;
    int generalLeaves = 0;
    boolean allFloat = layout == Layout.AUTO;
    for (int t = 0; t < trees; t++) {
      int root = treeStart[t];
      if (e.isLeaf(root)) {
        kind[t] = CONSTANT;
        leafBase[t] = leafSlots++;
        continue;
      }
      int d = layout == Layout.GENERAL ? -1 : completeDepth(e, root, treeStart[t + 1]);
      if (d < 0) {
        kind[t] = GENERAL;
        for (int n = root; n < treeStart[t + 1]; n++) {
          if (e.isLeaf(n)) {
            generalLeaves++;
          } else {
            generalInternal++;
          }
        }
        continue;
      }
      kind[t] = COMPLETE;
      depth[t] = d;
      leafBase[t] = leafSlots - ((1 << d) - 1);
      completeSlots += (1 << d) - 1;
      leafSlots += 1 << d;
      for (int n = root; allFloat && n < treeStart[t + 1]; n++) {
        if (!e.isLeaf(n) && !floatImageExists(e.threshold(n))) {
          allFloat = false;
        }
      }
    }
    this.floatKeys = allFloat;
    this.leaves = new double[leafSlots];
    this.keyNode = new long[floatKeys ? completeSlots : 0];
    this.columnAt = new int[floatKeys ? 0 : completeSlots];
    this.thresholdAt = new double[floatKeys ? 0 : completeSlots];

    // 2. columns: one per (feature, fill, zero rule) used by a complete tree
    int m = e.schema().size();
    int[] columnOf = new int[m * 5]; // (feature, rule) -> column + 1
    int[] feat = new int[Math.max(1, m * 5)];
    double[] fill = new double[feat.length];
    boolean[] zero = new boolean[feat.length];
    int columns = 0;

    // 3. fill complete trees
    int slot = 0;
    for (int t = 0; t < trees; t++) {
      if (kind[t] == CONSTANT) {
        leaves[leafBase[t]] = e.value(treeStart[t]);
        continue;
      }
      if (kind[t] != COMPLETE) {
        continue;
      }
      int d = depth[t];
      nodeStart[t] = slot;
      // iterative preorder over (model node, heap slot, level)
      int[] stackNode = new int[2 * d + 2];
      int[] stackHeap = new int[2 * d + 2];
      int[] stackLevel = new int[2 * d + 2];
      int sp = 0;
      stackNode[sp] = treeStart[t];
      stackHeap[sp] = 0;
      stackLevel[sp++] = 0;
      while (sp > 0) {
        sp--;
        int n = stackNode[sp];
        int h = stackHeap[sp];
        int level = stackLevel[sp];
        if (e.isLeaf(n)) {
          // copy to every bottom slot below h; the padding splits above them may send rows anywhere
          int span = 1 << (d - level);
          int bottom = ((h + 1) << (d - level)) - 1; // leftmost descendant at depth d
          for (int s = 0; s < span; s++) {
            leaves[leafBase[t] + bottom + s] = e.value(n);
          }
          padSplits(slot, h, d - level);
          continue;
        }
        int rule = rule(e, n);
        int key = e.feature(n) * 5 + rule;
        if (columnOf[key] == 0) {
          feat[columns] = e.feature(n);
          fill[columns] = rule == 0 ? Double.POSITIVE_INFINITY
              : rule == 1 ? Double.NEGATIVE_INFINITY
              : rule == 2 ? 0.0
              : rule == 3 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
          zero[columns] = rule >= 3;
          columnOf[key] = ++columns;
        }
        int column = columnOf[key] - 1;
        setSplit(slot + h, column, e.threshold(n));
        stackNode[sp] = e.right(n);
        stackHeap[sp] = 2 * h + 2;
        stackLevel[sp++] = level + 1;
        stackNode[sp] = e.left(n);
        stackHeap[sp] = 2 * h + 1;
        stackLevel[sp++] = level + 1;
      }
      slot += (1 << d) - 1;
    }
    this.columnFeature = Arrays.copyOf(feat, columns);
    this.columnFill = Arrays.copyOf(fill, columns);
    this.columnZero = Arrays.copyOf(zero, columns);

    // 4. general trees
    this.info = new int[generalInternal];
    this.threshold = new double[generalInternal];
    this.origin = new int[generalInternal];
    this.children = new int[2 * generalInternal];
    this.generalLeaf = new double[generalLeaves];
    int nextInternal = 0;
    int nextLeaf = 0;
    for (int t = 0; t < trees; t++) {
      if (kind[t] != GENERAL) {
        continue;
      }
      int start = treeStart[t];
      int end = treeStart[t + 1];
      int[] code = new int[end - start];
      for (int n = start; n < end; n++) {
        if (e.isLeaf(n)) {
          generalLeaf[nextLeaf] = e.value(n);
          code[n - start] = ~nextLeaf++;
        } else {
          int c = nextInternal++;
          code[n - start] = c;
          boolean fast = !e.isCategorical(n) && e.missing(n) == TreeEnsemble.MISSING_NAN;
          info[c] = e.feature(n) | (fast ? 0 : SLOW) | (e.defaultLeft(n) ? 0 : MISSING_RIGHT);
          threshold[c] = e.threshold(n);
          origin[c] = n;
        }
      }
      for (int n = start; n < end; n++) {
        if (!e.isLeaf(n)) {
          children[2 * code[n - start]] = code[e.left(n) - start];
          children[2 * code[n - start] + 1] = code[e.right(n) - start];
        }
      }
      nodeStart[t] = code[0];
    }
  }

  /** Padding splits (column 0, any threshold) in the {@code levels}-deep subtree under heap slot {@code h}. */
  private void padSplits(int slot, int h, int levels) {
    int from = h;
    int count = 1;
    for (int l = 0; l < levels; l++) {
      for (int s = 0; s < count; s++) {
        setSplit(slot + from + s, 0, 0.0);
      }
      from = 2 * from + 1;
      count *= 2;
    }
  }

  private void setSplit(int at, int column, double t) {
    if (floatKeys) {
      keyNode[at] = ((long) (column * BLOCK) << 32) | (thresholdKey(t) & 0xFFFFFFFFL);
    } else {
      columnAt[at] = column * BLOCK;
      thresholdAt[at] = t;
    }
  }

  /**
   * The scratch rule of a numeric split: 0 NaN right, 1 NaN left, 2 NaN is 0.0, 3 NaN and zero
   * right, 4 NaN and zero left.
   */
  private static int rule(TreeEnsemble e, int n) {
    return switch (e.missing(n)) {
      case TreeEnsemble.MISSING_NAN -> e.defaultLeft(n) ? 1 : 0;
      case TreeEnsemble.MISSING_NONE -> 2;
      default -> e.defaultLeft(n) ? 4 : 3;
    };
  }

  /**
   * The depth of the tree at {@code root} if it can be stored complete (numeric splits only,
   * depth at most {@value #MAX_COMPLETE_DEPTH}, no left default under a threshold that nothing
   * is below), else -1.
   */
  private static int completeDepth(TreeEnsemble e, int root, int end) {
    int leaves = 0;
    for (int n = root; n < end; n++) {
      if (e.isLeaf(n)) {
        leaves++;
        continue;
      }
      if (e.isCategorical(n)) {
        return -1;
      }
      double t = e.threshold(n);
      boolean leftDefault = e.defaultLeft(n) && e.missing(n) != TreeEnsemble.MISSING_NONE;
      if (leftDefault && !(t > Double.NEGATIVE_INFINITY)) {
        return -1;
      }
    }
    int d = depthBelow(e, root, 0);
    if (d > MAX_COMPLETE_DEPTH || (d > 6 && (1 << d) > 16 * leaves)) {
      return -1;
    }
    return d;
  }

  private static int depthBelow(TreeEnsemble e, int n, int d) {
    if (e.isLeaf(n)) {
      return d;
    }
    return Math.max(depthBelow(e, e.left(n), d + 1), depthBelow(e, e.right(n), d + 1));
  }

  // ---------------------------------------------------------------- float keys

  private static boolean floatImageExists(double d) {
    return !Float.isNaN(floatImage(d)) || Double.isNaN(d);
  }

  /**
   * The float {@code t} with {@code x < d <=> (float) x < t} for every double {@code x}, or NaN if
   * there is none (or {@code d} is NaN). Since rounding to float is monotone, the set
   * {@code {x : (float) x < t}} is {@code {x : x < d}} exactly when {@code (float) d >= t} and
   * {@code (float) nextDown(d) < t}; the candidates are the floats next to {@code (float) d}.
   */
  static float floatImage(double d) {
    if (Double.isNaN(d)) {
      return Float.NaN;
    }
    if (d == Double.NEGATIVE_INFINITY) {
      return Float.NEGATIVE_INFINITY;
    }
    float r = (float) d;
    for (float t : new float[] {r, Math.nextUp(r), Math.nextDown(r)}) {
      if (!Float.isNaN(t) && (float) d >= t && (float) Math.nextDown(d) < t) {
        return t;
      }
    }
    return Float.NaN;
  }

  /**
   * An order-preserving map from non-NaN floats to ints: {@code a < b <=> key(a) < key(b)},
   * except that {@code -0.0} maps below {@code 0.0}; {@link #thresholdKey} accounts for it.
   */
  static int key(float v) {
    int bits = Float.floatToRawIntBits(v);
    return bits ^ ((bits >> 31) >>> 1);
  }

  /**
   * The key {@code k} of a threshold with {@code (float) x < t <=> key((float) x) < k} for every
   * non-NaN {@code x}: {@code key(-0.0)} for a zero threshold (both zeros are not below it), and
   * {@code Integer.MIN_VALUE} for NaN (nothing is below it).
   */
  private static int thresholdKey(double d) {
    float t = floatImage(d);
    if (Float.isNaN(t)) {
      return Integer.MIN_VALUE;
    }
    return t == 0.0f ? key(-0.0f) : key(t);
  }

  // ---------------------------------------------------------------- prediction

  /** Adds every tree's leaf value to {@code out[i * k + treeOutput]} for rows {@code [0, n)}. */
  void addLeaves(double[] x, int m, int n, double[] out, int k) {
    Scratch s = new Scratch();
    for (int lo = 0; lo < n; lo += BLOCK) {
      addBlock(x, m, lo, Math.min(n, lo + BLOCK), out, k, s);
    }
  }

  /**
   * As {@link #addLeaves(double[], int, int, double[], int)} on up to {@code threads} threads, the
   * caller's among them: blocks of {@value #BLOCK} rows are handed out one at a time from a shared
   * counter, each worker with its own scratch. Every row is computed by one thread in the same
   * order of operations, so the result is bit-identical for every thread count. Workers beyond the
   * caller are fresh daemon threads, started only when there are at least two blocks.
   */
  void addLeaves(double[] x, int m, int n, double[] out, int k, int threads) {
    int blocks = (n + BLOCK - 1) / BLOCK;
    int workers = Math.min(threads, blocks);
    if (workers <= 1) {
      addLeaves(x, m, n, out, k);
      return;
    }
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable work = () -> {
      try {
        Scratch s = new Scratch();
        int b;
        while (failure.get() == null && (b = next.getAndIncrement()) < blocks) {
          int lo = b * BLOCK;
          addBlock(x, m, lo, Math.min(n, lo + BLOCK), out, k, s);
        }
      } catch (Throwable e) {
        failure.compareAndSet(null, e);
      }
    };
    Thread[] helpers = new Thread[workers - 1];
    for (int w = 0; w < helpers.length; w++) {
      helpers[w] = new Thread(work, "loupe-predict-" + w);
      helpers[w].setDaemon(true);
      helpers[w].start();
    }
    work.run();
    boolean interrupted = false;
    for (Thread h : helpers) {
      while (true) {
        try {
          h.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true; // the helpers write into out: wait for them before returning
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Throwable f = failure.get();
    if (f instanceof RuntimeException re) {
      throw re;
    }
    if (f instanceof Error err) {
      throw err;
    }
    if (f != null) {
      throw new IllegalStateException(f);
    }
  }

  /** One worker's scratch: the block's columns (float keys or doubles) and each row's current slot. */
  private final class Scratch {
    final int[] keys = floatKeys ? new int[Math.max(1, columnFeature.length) * BLOCK] : null;
    final double[] values = floatKeys ? null : new double[Math.max(1, columnFeature.length) * BLOCK];
    final int[] node = new int[LANES];
    final int[] lane = new int[BLOCK];
  }

  /** Rows {@code [lo, hi)}, at most one block, through every tree in model order. */
  private void addBlock(double[] x, int m, int lo, int hi, double[] out, int k, Scratch s) {
    int rows = hi - lo;
    if (floatKeys) {
      fillKeys(x, m, lo, rows, s.keys);
    } else {
      fillValues(x, m, lo, rows, s.values);
    }
    for (int t = 0; t < kind.length; t++) {
      switch (kind[t]) {
        case CONSTANT -> {
          double v = leaves[leafBase[t]];
          int o = treeOutput[t];
          for (int i = lo; i < hi; i++) {
            out[i * k + o] += v;
          }
        }
        case COMPLETE -> {
          if (floatKeys) {
            walkKeys(t, s.keys, lo, rows, out, k, s.lane);
          } else {
            walkValues(t, s.values, lo, rows, out, k, s.lane);
          }
        }
        default -> walkGeneral(t, x, m, lo, hi, out, k, s.node);
      }
    }
  }

  private void fillKeys(double[] x, int m, int lo, int rows, int[] keys) {
    for (int c = 0; c < columnFeature.length; c++) {
      int f = columnFeature[c];
      double fill = columnFill[c];
      boolean zero = columnZero[c];
      int at = c * BLOCK;
      for (int r = 0; r < rows; r++) {
        double v = x[(lo + r) * m + f];
        if (v != v || (zero && Math.abs(v) <= TreeEnsemble.ZERO_THRESHOLD)) {
          v = fill;
        }
        keys[at + r] = key((float) v);
      }
    }
  }

  private void fillValues(double[] x, int m, int lo, int rows, double[] values) {
    for (int c = 0; c < columnFeature.length; c++) {
      int f = columnFeature[c];
      double fill = columnFill[c];
      boolean zero = columnZero[c];
      int at = c * BLOCK;
      for (int r = 0; r < rows; r++) {
        double v = x[(lo + r) * m + f];
        if (v != v || (zero && Math.abs(v) <= TreeEnsemble.ZERO_THRESHOLD)) {
          v = fill;
        }
        values[at + r] = v;
      }
    }
  }

  /**
   * The block's rows down a complete tree, level by level: the root's split is read once for all
   * rows, then every row takes one branch-free step per level ({@code g} holds each row's slot).
   * The steps of different rows are independent, so the processor overlaps their loads. The leaf
   * values are then added in row order.
   */
  private void walkKeys(int t, int[] keys, int lo, int rows, double[] out, int k, int[] g) {
    int d = depth[t];
    int base = nodeStart[t];
    int o = treeOutput[t];
    long[] nodes = keyNode;
    long p = nodes[base];
    int c = (int) (p >>> 32);
    int th = (int) p;
    int first = base + 2;
    for (int j = 0; j < rows; j++) {
      g[j] = first - (int) (((long) keys[c + j] - th) >>> 63);
    }
    int shift = 2 - base; // slot g = base + i has children base + 2i + 1, base + 2i + 2 = 2g + shift - [1, 0]
    for (int l = 1; l < d; l++) {
      for (int j = 0; j < rows; j++) {
        int gj = g[j];
        long q = nodes[gj];
        g[j] = 2 * gj + shift - (int) (((long) keys[(int) (q >>> 32) + j] - (int) q) >>> 63);
      }
    }
    double[] lv = leaves;
    int lb = leafBase[t] - base;
    for (int j = 0; j < rows; j++) {
      out[(lo + j) * k + o] += lv[lb + g[j]];
    }
  }

  /** As {@link #walkKeys} with double thresholds and values. */
  private void walkValues(int t, double[] values, int lo, int rows, double[] out, int k, int[] g) {
    int d = depth[t];
    int base = nodeStart[t];
    int o = treeOutput[t];
    int[] col = columnAt;
    double[] thr = thresholdAt;
    int c = col[base];
    double th = thr[base];
    for (int j = 0; j < rows; j++) {
      g[j] = base + (values[c + j] < th ? 1 : 2);
    }
    int shift = 2 - base;
    for (int l = 1; l < d; l++) {
      for (int j = 0; j < rows; j++) {
        int gj = g[j];
        g[j] = 2 * gj + shift - (values[col[gj] + j] < thr[gj] ? 1 : 0);
      }
    }
    double[] lv = leaves;
    int lb = leafBase[t] - base;
    for (int j = 0; j < rows; j++) {
      out[(lo + j) * k + o] += lv[lb + g[j]];
    }
  }

  /**
   * A general tree: eight rows walk it together, one level per step, so that their independent
   * loads and compares overlap instead of waiting on each other.
   */
  private void walkGeneral(int t, double[] x, int m, int from, int to, double[] out, int k, int[] node) {
    int start = nodeStart[t];
    int o = treeOutput[t];
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
            double v = x[(i + j) * m + (inf & FEATURE)];
            int right;
            if (inf < SLOW) { // numeric, missing to the default child: decided here, no call
              right = v < threshold[nd] ? 0 : 1; // as goesLeft, also for a NaN threshold
              if (v != v) {
                right = (inf >>> 29) & 1;
              }
            } else {
              right = slowGoesRight(nd, v);
            }
            nd = children[2 * nd + right];
            node[j] = nd;
            active |= nd >= 0;
          }
        }
      }
      for (int j = 0; j < lanes; j++) {
        out[(i + j) * k + o] += generalLeaf[~node[j]];
      }
    }
  }

  /** A categorical split or LightGBM's None/Zero missing rule, by the canonical definition. */
  private int slowGoesRight(int node, double v) {
    return ensemble.goesLeft(origin[node], v) ? 0 : 1;
  }

  /** Whether the complete trees compare float keys (for tests). */
  boolean usesFloatKeys() {
    return floatKeys;
  }

  /** How many trees are stored complete (for tests). */
  int completeTrees() {
    int c = 0;
    for (byte b : kind) {
      c += b == COMPLETE ? 1 : 0;
    }
    return c;
  }
}
