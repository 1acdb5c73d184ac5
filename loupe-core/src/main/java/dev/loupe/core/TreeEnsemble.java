package dev.loupe.core;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The one canonical form of every tree-ensemble model Loupe reads (XGBoost, LightGBM, ...), held in
 * flat primitive arrays shared by all trees.
 *
 * <p>Node {@code n} of the ensemble (indices are global; tree {@code t} owns nodes
 * {@code [treeStart(t), treeStart(t + 1))}, its root first) is either a leaf ({@code left(n) < 0},
 * value {@code value(n)}) or a split on {@code feature(n)}:
 *
 * <ul>
 *   <li>a missing value ({@code NaN}) goes to the default child ({@link #defaultLeft}) under
 *       {@link #MISSING_NAN}; is replaced by {@code 0.0} under {@link #MISSING_NONE}; and under
 *       {@link #MISSING_ZERO} both {@code NaN} and values with {@code |x| <= 1e-35} go to the
 *       default child (LightGBM's three missing types);
 *   <li>a numeric split sends {@code x} left when {@code x < threshold(n)} (see {@link Thresholds}
 *       for each format's rule);
 *   <li>a categorical split truncates {@code x} to an integer code {@code c} and sends it to the
 *       member side when {@code c >= 0} and {@code c} is in the node's category set, else to the
 *       other side; {@link #membersGoLeft} tells which side members take.
 * </ul>
 *
 * <p>Each tree adds its leaf value to one output's margin ({@link #treeOutput}); an output's margin
 * is {@code baseMargin(output)} plus the sum over its trees. {@link #predict} answers in the raw
 * margin; {@link #link} turns margins into responses. {@code cover(n)} is the training weight
 * (hessian sum or row count) that reached node {@code n}, used by path-dependent TreeSHAP.
 *
 * <p>Immutable and thread-safe. Prediction costs one root-to-leaf walk per tree and row.
 */
public final class TreeEnsemble implements Model {
  /** A missing value goes to the default child. */
  public static final byte MISSING_NAN = 0;
  /** A missing value is treated as 0.0 (LightGBM missing type None). */
  public static final byte MISSING_NONE = 1;
  /** NaN and zero (|x| <= 1e-35) go to the default child (LightGBM missing type Zero). */
  public static final byte MISSING_ZERO = 2;
  /** LightGBM's zero threshold for missing type Zero: kZeroThreshold = 1e-35f, a float. */
  public static final double ZERO_THRESHOLD = (double) 1e-35f;

  private final Schema schema;
  private final boolean hasFeatureNames;
  private final Output output;
  private final Link link;
  private final double[] baseMargin;
  private final String format;
  private final String digest;

  private final int[] treeStart;
  private final int[] treeOutput;
  private final int[] left;
  private final int[] right;
  private final int[] feature;
  private final double[] threshold;
  private final boolean[] defaultLeft;
  private final byte[] missing;
  private final boolean[] categorical;
  private final boolean[] membersGoLeft;
  private final int[] catStart;
  private final int[] catWords;
  private final long[] catBits;
  private final double[] value;
  private final double[] cover;
  private final int maxDepth;
  private final FlatForest flat;

  private TreeEnsemble(Builder b) {
    this.schema = b.schema;
    this.hasFeatureNames = b.hasFeatureNames;
    this.output = new Output(b.outputNames, Scale.RAW_MARGIN);
    this.link = b.link;
    this.baseMargin = b.baseMargin.clone();
    this.format = b.format;
    this.digest = b.digest;
    int t = b.numTrees;
    int n = b.numNodes;
    this.treeStart = Arrays.copyOf(b.treeStart, t + 1);
    this.treeStart[t] = n;
    this.treeOutput = Arrays.copyOf(b.treeOutput, t);
    this.left = Arrays.copyOf(b.left, n);
    this.right = Arrays.copyOf(b.right, n);
    this.feature = Arrays.copyOf(b.feature, n);
    this.threshold = Arrays.copyOf(b.threshold, n);
    this.defaultLeft = Arrays.copyOf(b.defaultLeft, n);
    this.missing = Arrays.copyOf(b.missing, n);
    this.categorical = Arrays.copyOf(b.categorical, n);
    this.membersGoLeft = Arrays.copyOf(b.membersGoLeft, n);
    this.catStart = Arrays.copyOf(b.catStart, n);
    this.catWords = Arrays.copyOf(b.catWords, n);
    this.catBits = Arrays.copyOf(b.catBits, b.numCatWords);
    this.value = Arrays.copyOf(b.value, n);
    this.cover = Arrays.copyOf(b.cover, n);
    int md = 0;
    for (int tr = 0; tr < t; tr++) {
      md = Math.max(md, depth(treeStart[tr], 0));
    }
    this.maxDepth = md;
    this.flat = new FlatForest(this, treeStart, treeOutput);
  }

  private int depth(int node, int d) {
    if (left[node] < 0) {
      return d;
    }
    return Math.max(depth(left[node], d + 1), depth(right[node], d + 1));
  }

  public static Builder builder(Schema schema, List<String> outputNames) {
    return new Builder(schema, outputNames);
  }

  // ---------------------------------------------------------------- Model

  @Override
  public Schema schema() {
    return schema;
  }

  /** The outputs; {@link #predict} answers in {@link Scale#RAW_MARGIN}. */
  @Override
  public Output output() {
    return output;
  }

  @Override
  public boolean hasFeatureNames() {
    return hasFeatureNames;
  }

  @Override
  public String digest() {
    return digest;
  }

  /** Margins of {@code n} rows: {@code out[i * k + o]} for output {@code o}. */
  @Override
  public void predict(double[] rows, int n, double[] out) {
    int m = schema.size();
    int k = output.size();
    for (int i = 0; i < n; i++) {
      System.arraycopy(baseMargin, 0, out, i * k, k);
    }
    flat.addLeaves(rows, m, n, out, k);
  }

  /**
   * As {@link #predict(double[], int, double[])} on up to {@code threads} threads, the caller's
   * among them (blocks of 64 rows handed out in turn). Margins are bit-identical for every thread
   * count: each row is summed by one thread, tree by tree in model order.
   *
   * @throws IllegalArgumentException if {@code threads < 1}
   */
  @Override
  public void predict(double[] rows, int n, double[] out, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, was " + threads);
    }
    int m = schema.size();
    int k = output.size();
    for (int i = 0; i < n; i++) {
      System.arraycopy(baseMargin, 0, out, i * k, k);
    }
    flat.addLeaves(rows, m, n, out, k, threads);
  }

  /** Responses (probabilities or values) of {@code n} rows, through {@link #link}. */
  public void predictResponse(double[] rows, int n, double[] out) {
    predict(rows, n, out);
    int k = output.size();
    for (int i = 0; i < n; i++) {
      link.apply(out, i * k, k);
    }
  }

  /** The leaf that row {@code x[offset ..]} reaches from node {@code root}. */
  public int leaf(int root, double[] x, int offset) {
    int node = root;
    while (left[node] >= 0) {
      node = goesLeft(node, x[offset + feature[node]]) ? left[node] : right[node];
    }
    return node;
  }

  /** Whether value {@code v} of this node's feature is sent to the left child. */
  public boolean goesLeft(int node, double v) {
    byte mode = missing[node];
    if (v != v) {
      if (mode == MISSING_NONE) {
        v = 0.0;
      } else {
        return defaultLeft[node];
      }
    } else if (mode == MISSING_ZERO && !categorical[node] && Math.abs(v) <= ZERO_THRESHOLD) {
      return defaultLeft[node];
    }
    if (!categorical[node]) {
      return v < threshold[node];
    }
    boolean member = false;
    if (v >= 0) {
      long c = (long) v;
      long word = c >>> 6;
      if (word < catWords[node]) {
        member = (catBits[catStart[node] + (int) word] & (1L << (c & 63))) != 0;
      }
    }
    return member == membersGoLeft[node];
  }

  // ---------------------------------------------------------------- structure

  /** Link from margin to response. */
  public Link link() {
    return link;
  }

  /** The margin every output starts from before any tree (XGBoost's base_score in the margin). */
  public double baseMargin(int output) {
    return baseMargin[output];
  }

  /** A short description of where the model came from, e.g. {@code xgboost 2.1.0 binary:logistic}. */
  public String format() {
    return format;
  }

  public int numTrees() {
    return treeOutput.length;
  }

  public int numNodes() {
    return left.length;
  }

  public int numOutputs() {
    return output.size();
  }

  /** The largest root-to-leaf edge count of any tree. */
  public int maxDepth() {
    return maxDepth;
  }

  public int treeStart(int tree) {
    return treeStart[tree];
  }

  /** One past the last node of {@code tree}. */
  public int treeEnd(int tree) {
    return treeStart[tree + 1];
  }

  public int treeOutput(int tree) {
    return treeOutput[tree];
  }

  public boolean isLeaf(int node) {
    return left[node] < 0;
  }

  public int left(int node) {
    return left[node];
  }

  public int right(int node) {
    return right[node];
  }

  public int feature(int node) {
    return feature[node];
  }

  public double threshold(int node) {
    return threshold[node];
  }

  public boolean defaultLeft(int node) {
    return defaultLeft[node];
  }

  public byte missing(int node) {
    return missing[node];
  }

  public boolean isCategorical(int node) {
    return categorical[node];
  }

  public boolean membersGoLeft(int node) {
    return membersGoLeft[node];
  }

  /** The category codes of a categorical split's set, ascending. */
  public int[] categories(int node) {
    int count = 0;
    for (int w = 0; w < catWords[node]; w++) {
      count += Long.bitCount(catBits[catStart[node] + w]);
    }
    int[] out = new int[count];
    int k = 0;
    for (int w = 0; w < catWords[node]; w++) {
      long bits = catBits[catStart[node] + w];
      while (bits != 0) {
        int b = Long.numberOfTrailingZeros(bits);
        out[k++] = w * 64 + b;
        bits &= bits - 1;
      }
    }
    return out;
  }

  public double value(int node) {
    return value[node];
  }

  public double cover(int node) {
    return cover[node];
  }

  @Override
  public String toString() {
    return "TreeEnsemble[" + format + ", " + numTrees() + " trees, " + schema.size() + " features, outputs "
        + output.names() + ", max depth " + maxDepth + "]";
  }

  // ---------------------------------------------------------------- builder

  /**
   * Builds a {@link TreeEnsemble}, one tree at a time: {@link #beginTree} with the tree's node
   * count, then every node by its local index (root = 0), then {@link #endTree}, which checks that
   * every node was set and every child index is valid. Not thread-safe.
   */
  public static final class Builder {
    private final Schema schema;
    private final List<String> outputNames;
    private boolean hasFeatureNames = true;
    private Link link = Link.IDENTITY;
    private double[] baseMargin;
    private String format = "unknown";
    private String digest = "";

    private int numTrees;
    private int[] treeStart = new int[16];
    private int[] treeOutput = new int[16];
    private int numNodes;
    private int[] left = new int[256];
    private int[] right = new int[256];
    private int[] feature = new int[256];
    private double[] threshold = new double[256];
    private boolean[] defaultLeft = new boolean[256];
    private byte[] missing = new byte[256];
    private boolean[] categorical = new boolean[256];
    private boolean[] membersGoLeft = new boolean[256];
    private int[] catStart = new int[256];
    private int[] catWords = new int[256];
    private double[] value = new double[256];
    private double[] cover = new double[256];
    private boolean[] set = new boolean[256];
    private long[] catBits = new long[16];
    private int numCatWords;

    private int current = -1; // start of the tree being built, or -1
    private int currentSize;

    private Builder(Schema schema, List<String> outputNames) {
      this.schema = Objects.requireNonNull(schema);
      this.outputNames = List.copyOf(outputNames);
      this.baseMargin = new double[outputNames.size()];
    }

    /** Whether the schema's feature names come from the model file (else bound by position). */
    public Builder hasFeatureNames(boolean b) {
      this.hasFeatureNames = b;
      return this;
    }

    public Builder link(Link link) {
      this.link = Objects.requireNonNull(link);
      return this;
    }

    /** The starting margin of every output. */
    public Builder baseMargin(double... margins) {
      if (margins.length != outputNames.size()) {
        throw new IllegalArgumentException(
            "baseMargin needs " + outputNames.size() + " values, got " + margins.length);
      }
      this.baseMargin = margins.clone();
      return this;
    }

    public Builder format(String format) {
      this.format = format;
      return this;
    }

    public Builder digest(String digest) {
      this.digest = digest;
      return this;
    }

    /** Starts a tree of {@code nodes} nodes that adds to output {@code output}. */
    public Builder beginTree(int output, int nodes) {
      if (current >= 0) {
        throw new IllegalStateException("endTree() was not called for the previous tree");
      }
      if (output < 0 || output >= outputNames.size()) {
        throw new IllegalArgumentException("tree output " + output + " out of range 0-" + (outputNames.size() - 1));
      }
      if (nodes < 1) {
        throw new IllegalArgumentException("a tree needs at least one node, got " + nodes);
      }
      if (numTrees == treeStart.length) {
        treeStart = Arrays.copyOf(treeStart, numTrees * 2);
        treeOutput = Arrays.copyOf(treeOutput, numTrees * 2);
      }
      treeStart[numTrees] = numNodes;
      treeOutput[numTrees] = output;
      ensureNodes(numNodes + nodes);
      current = numNodes;
      currentSize = nodes;
      for (int i = 0; i < nodes; i++) {
        set[current + i] = false;
      }
      return this;
    }

    /** A leaf at local index {@code node}. */
    public Builder leaf(int node, double leafValue, double nodeCover) {
      int g = global(node);
      left[g] = -1;
      right[g] = -1;
      feature[g] = -1;
      value[g] = leafValue;
      cover[g] = nodeCover;
      set[g] = true;
      return this;
    }

    /**
     * A numeric split: {@code x < threshold} goes to {@code leftChild} (local indices).
     *
     * @param missingMode one of {@link #MISSING_NAN}, {@link #MISSING_NONE}, {@link #MISSING_ZERO}
     */
    public Builder numericSplit(int node, int splitFeature, double splitThreshold, int leftChild, int rightChild,
        boolean missingGoesLeft, byte missingMode, double nodeCover) {
      int g = split(node, splitFeature, leftChild, rightChild, missingGoesLeft, missingMode, nodeCover);
      threshold[g] = splitThreshold;
      categorical[g] = false;
      return this;
    }

    /**
     * A categorical split: codes in {@code categories} go to the left child when
     * {@code membersLeft}, else to the right; all other codes go to the other side.
     */
    public Builder categoricalSplit(int node, int splitFeature, int[] categories, boolean membersLeft,
        int leftChild, int rightChild, boolean missingGoesLeft, byte missingMode, double nodeCover) {
      if (missingMode == MISSING_ZERO) {
        throw new IllegalArgumentException(
            "node " + node + ": a categorical split takes MISSING_NAN or MISSING_NONE, not MISSING_ZERO");
      }
      int g = split(node, splitFeature, leftChild, rightChild, missingGoesLeft, missingMode, nodeCover);
      int maxCat = -1;
      for (int c : categories) {
        if (c < 0) {
          throw new IllegalArgumentException("negative category " + c + " in the split of node " + node);
        }
        maxCat = Math.max(maxCat, c);
      }
      int words = maxCat < 0 ? 0 : (maxCat >>> 6) + 1;
      if (numCatWords + words > catBits.length) {
        catBits = Arrays.copyOf(catBits, Math.max(catBits.length * 2, numCatWords + words));
      }
      for (int c : categories) {
        catBits[numCatWords + (c >>> 6)] |= 1L << (c & 63);
      }
      catStart[g] = numCatWords;
      catWords[g] = words;
      numCatWords += words;
      categorical[g] = true;
      membersGoLeft[g] = membersLeft;
      threshold[g] = Double.NaN;
      return this;
    }

    private int split(int node, int splitFeature, int leftChild, int rightChild, boolean missingGoesLeft,
        byte missingMode, double nodeCover) {
      int g = global(node);
      if (splitFeature < 0 || splitFeature >= schema.size()) {
        throw new IllegalArgumentException(
            "node " + node + " splits on feature " + splitFeature + " but the model has " + schema.size() + " features");
      }
      if (missingMode < MISSING_NAN || missingMode > MISSING_ZERO) {
        throw new IllegalArgumentException("unknown missing mode " + missingMode);
      }
      checkChild(node, leftChild);
      checkChild(node, rightChild);
      left[g] = current + leftChild;
      right[g] = current + rightChild;
      feature[g] = splitFeature;
      defaultLeft[g] = missingGoesLeft;
      missing[g] = missingMode;
      cover[g] = nodeCover;
      set[g] = true;
      return g;
    }

    private void checkChild(int node, int child) {
      if (child <= 0 || child >= currentSize) {
        throw new IllegalArgumentException(
            "node " + node + " has child " + child + " outside the tree's nodes 1-" + (currentSize - 1));
      }
    }

    private int global(int node) {
      if (current < 0) {
        throw new IllegalStateException("beginTree() first");
      }
      if (node < 0 || node >= currentSize) {
        throw new IllegalArgumentException("node " + node + " outside the tree's nodes 0-" + (currentSize - 1));
      }
      return current + node;
    }

    /** Ends the tree: every node set, every node but the root reached exactly once. */
    public Builder endTree() {
      int[] parents = new int[currentSize];
      for (int i = 0; i < currentSize; i++) {
        int g = current + i;
        if (!set[g]) {
          throw new IllegalArgumentException("tree " + numTrees + ": node " + i + " was never defined");
        }
        if (left[g] >= 0) {
          parents[left[g] - current]++;
          parents[right[g] - current]++;
        }
      }
      for (int i = 1; i < currentSize; i++) {
        if (parents[i] != 1) {
          throw new IllegalArgumentException(
              "tree " + numTrees + ": node " + i + " has " + parents[i] + " parents; a tree needs exactly one");
        }
      }
      numNodes += currentSize;
      numTrees++;
      current = -1;
      return this;
    }

    public TreeEnsemble build() {
      if (current >= 0) {
        throw new IllegalStateException("endTree() was not called for the last tree");
      }
      return new TreeEnsemble(this);
    }

    private void ensureNodes(int n) {
      if (n <= left.length) {
        return;
      }
      int cap = Math.max(n, left.length * 2);
      left = Arrays.copyOf(left, cap);
      right = Arrays.copyOf(right, cap);
      feature = Arrays.copyOf(feature, cap);
      threshold = Arrays.copyOf(threshold, cap);
      defaultLeft = Arrays.copyOf(defaultLeft, cap);
      missing = Arrays.copyOf(missing, cap);
      categorical = Arrays.copyOf(categorical, cap);
      membersGoLeft = Arrays.copyOf(membersGoLeft, cap);
      catStart = Arrays.copyOf(catStart, cap);
      catWords = Arrays.copyOf(catWords, cap);
      value = Arrays.copyOf(value, cap);
      cover = Arrays.copyOf(cover, cap);
      set = Arrays.copyOf(set, cap);
    }
  }
}
