package dev.loupe.models.lightgbm;

import dev.loupe.core.ModelFormatException;
import dev.loupe.core.Thresholds;
import dev.loupe.core.TreeEnsemble;
import java.util.Map;
import java.util.Set;

/**
 * Reads one {@code Tree=<i>} block of LightGBM's text model ({@code Tree::ToString} and
 * {@code Tree::Tree(const char*, size_t*)} in {@code src/io/tree.cpp}) into a
 * {@link TreeEnsemble.Builder}.
 *
 * <p>LightGBM stores a tree of {@code num_leaves} leaves as {@code num_leaves - 1} internal nodes
 * (root = internal node 0) with {@code left_child}/{@code right_child} where a negative child
 * {@code c} is leaf {@code ~c}. Loupe's local layout keeps the root at 0: internal node {@code i}
 * becomes node {@code i}, leaf {@code j} becomes node {@code num_leaves - 1 + j}. A tree with
 * {@code num_leaves=1} is a single leaf. Leaf values already include the shrinkage (the
 * {@code shrinkage} line is informational) and, for the first iteration, the initial score
 * ({@code boost_from_average}); LightGBM adds no separate base score. Cover is the training row
 * count ({@code internal_count}, {@code leaf_count}), the weight LightGBM's own TreeSHAP uses.
 *
 * <p>Splits (see {@link DecisionType}; {@code Tree::NumericalDecision}, {@code CategoricalDecision}):
 * a numeric node sends {@code x <= threshold} left ({@link Thresholds#lessOrEqual}); missing type
 * None reads NaN as 0, Zero sends NaN and {@code |x| <= 1e-35} to the default side, NaN sends NaN
 * to the default side. A categorical node's {@code threshold} is an index {@code c} into
 * {@code cat_boundaries}; the 32-bit words {@code cat_threshold[cat_boundaries[c] ..
 * cat_boundaries[c+1])} hold the bitset of codes sent LEFT (code {@code k}: word {@code k / 32},
 * bit {@code k % 32}); negative codes go right, and so does NaN under every missing type: LightGBM's
 * source reads NaN as category 0 unless the missing type is NaN, but it first tests
 * {@code static_cast<int>(NaN) < 0}, which holds on x86-64 (the cast gives {@code INT_MIN}), as
 * LightGBM's own predictions confirm.
 *
 * <p>Refused with a {@link ModelFormatException} naming file, tree and line: linear trees
 * ({@code is_linear=1}), unknown keys, a missing required line, wrong value counts, children or
 * features out of range, a malformed category set.
 */
final class TreeBlockReader {
  private static final Set<String> KNOWN = Set.of("num_leaves", "num_cat", "split_feature", "split_gain", "threshold",
      "decision_type", "left_child", "right_child", "leaf_value", "leaf_weight", "leaf_count", "internal_value",
      "internal_weight", "internal_count", "cat_boundaries", "cat_threshold", "is_linear", "shrinkage");

  private final ModelText text;
  private final ModelText.TreeBlock block;
  private final String context;

  private TreeBlockReader(ModelText text, ModelText.TreeBlock block) {
    this.text = text;
    this.block = block;
    this.context = "tree " + block.number();
  }

  /**
   * Adds tree {@code block} to {@code builder} as a tree of output {@code output}, every leaf value
   * multiplied by {@code leafScale} (1, or 1/iterations for {@code average_output}).
   */
  static void read(ModelText text, ModelText.TreeBlock block, int numFeatures, int output, double leafScale,
      TreeEnsemble.Builder builder) {
    new TreeBlockReader(text, block).read(numFeatures, output, leafScale, builder);
  }

  private void read(int numFeatures, int output, double leafScale, TreeEnsemble.Builder builder) {
    Map<String, ModelText.Entry> e = block.entries();
    ModelText.Entry linear = e.get("is_linear");
    if (linear != null && text.ints(linear, 1, context)[0] != 0) {
      throw text.error(linear.line(), context + " is a linear tree (is_linear=1, trained with linear_tree=true):"
          + " its leaves hold linear models, which Loupe's trees cannot represent; train without linear_tree");
    }
    for (ModelText.Entry x : e.values()) {
      if (!KNOWN.contains(x.key())) {
        throw text.error(x.line(), context + " has an unknown line '" + x.key() + "'; Loupe cannot promise"
            + " LightGBM's predictions for a tree it does not fully understand");
      }
    }
    int numLeaves = single("num_leaves");
    if (numLeaves < 1) {
      throw text.error(require("num_leaves").line(), context + ": num_leaves must be >= 1, was " + numLeaves);
    }
    int numCat = single("num_cat");
    if (numCat < 0) {
      throw text.error(require("num_cat").line(), context + ": num_cat must be >= 0, was " + numCat);
    }
    double[] leafValue = text.doubles(require("leaf_value"), numLeaves, context);
    int internal = numLeaves - 1;
    try {
      builder.beginTree(output, 2 * numLeaves - 1);
      if (numLeaves == 1) {
        ModelText.Entry lc = e.get("leaf_count");
        double cover = lc == null ? 0 : text.ints(lc, 1, context)[0];
        builder.leaf(0, leafValue[0] * leafScale, cover);
        builder.endTree();
        return;
      }
      int[] feature = text.ints(require("split_feature"), internal, context);
      double[] threshold = text.doubles(require("threshold"), internal, context);
      ModelText.Entry dtEntry = e.get("decision_type");
      int[] decision = dtEntry == null ? new int[internal] : text.ints(dtEntry, internal, context);
      int[] left = text.ints(require("left_child"), internal, context);
      int[] right = text.ints(require("right_child"), internal, context);
      int[] leafCount = text.ints(require("leaf_count"), numLeaves, context);
      int[] internalCount = text.ints(require("internal_count"), internal, context);
      int[] catBoundaries = null;
      long[] catThreshold = null;
      if (numCat > 0) {
        ModelText.Entry cb = require("cat_boundaries");
        catBoundaries = text.ints(cb, numCat + 1, context);
        for (int c = 0; c < numCat; c++) {
          if (catBoundaries[0] != 0 || catBoundaries[c + 1] < catBoundaries[c]) {
            throw text.error(cb.line(), context + ": cat_boundaries must start at 0 and never decrease");
          }
        }
        catThreshold = text.words(require("cat_threshold"), catBoundaries[numCat], context);
      }
      for (int j = 0; j < numLeaves; j++) {
        builder.leaf(internal + j, leafValue[j] * leafScale, leafCount[j]);
      }
      for (int i = 0; i < internal; i++) {
        int f = feature[i];
        if (f < 0 || f >= numFeatures) {
          throw text.error(require("split_feature").line(), context + ": node " + i + " splits on feature " + f
              + " but the model has features 0-" + (numFeatures - 1));
        }
        int dt = decision[i];
        if (!DecisionType.isValid(dt)) {
          throw text.error(dtEntry.line(), context + ": node " + i + " has decision_type " + dt
              + ", which is not a LightGBM decision type (bits: 1 categorical, 2 default left, 4-8 missing type)");
        }
        int l = child(left[i], numLeaves, "left_child", i);
        int r = child(right[i], numLeaves, "right_child", i);
        double cover = internalCount[i];
        boolean defaultLeft = DecisionType.defaultLeft(dt);
        int missingType = DecisionType.missingType(dt);
        if (DecisionType.isCategorical(dt)) {
          int[] members = categories(i, threshold[i], numCat, catBoundaries, catThreshold);
          // NaN goes right whatever the missing type: LightGBM computes static_cast<int>(NaN), which is
          // INT_MIN on x86-64, and sends negative codes right (checked against LightGBM 3.3.5).
          builder.categoricalSplit(i, f, members, true, l, r, false, TreeEnsemble.MISSING_NAN, cover);
        } else {
          byte mode = switch (missingType) {
            case DecisionType.MISSING_ZERO -> TreeEnsemble.MISSING_ZERO;
            case DecisionType.MISSING_NAN -> TreeEnsemble.MISSING_NAN;
            default -> TreeEnsemble.MISSING_NONE;
          };
          builder.numericSplit(i, f, Thresholds.lessOrEqual(threshold[i]), l, r, defaultLeft, mode, cover);
        }
      }
      builder.endTree();
    } catch (IllegalArgumentException | IllegalStateException ex) {
      throw text.error(block.line(), context + ": " + ex.getMessage());
    }
  }

  /** The members of categorical node {@code node}'s bitset. */
  private int[] categories(int node, double threshold, int numCat, int[] catBoundaries, long[] catThreshold) {
    int catIdx = (int) threshold;
    if (catIdx != threshold || catIdx < 0 || catIdx >= numCat) {
      throw text.error(require("threshold").line(), context + ": categorical node " + node + " has threshold "
          + threshold + ", which should be the index of its category set, 0-" + (numCat - 1));
    }
    int from = catBoundaries[catIdx];
    int to = catBoundaries[catIdx + 1];
    int count = 0;
    for (int w = from; w < to; w++) {
      count += Long.bitCount(catThreshold[w]);
    }
    int[] out = new int[count];
    int k = 0;
    for (int w = from; w < to; w++) {
      long bits = catThreshold[w];
      while (bits != 0) {
        int b = Long.numberOfTrailingZeros(bits);
        out[k++] = (w - from) * 32 + b;
        bits &= bits - 1;
      }
    }
    return out;
  }

  /** Loupe's local index of LightGBM child {@code c} (negative: leaf {@code ~c}). */
  private int child(int c, int numLeaves, String key, int node) {
    int internal = numLeaves - 1;
    if (c >= 0) {
      if (c == 0 || c >= internal) {
        throw text.error(require(key).line(), context + ": node " + node + " has " + key + " " + c
            + ", outside the internal nodes 1-" + (internal - 1));
      }
      return c;
    }
    int leaf = ~c;
    if (leaf >= numLeaves) {
      throw text.error(require(key).line(), context + ": node " + node + " has " + key + " " + c + " (leaf " + leaf
          + ") but the tree has leaves 0-" + (numLeaves - 1));
    }
    return internal + leaf;
  }

  private int single(String key) {
    return text.ints(require(key), 1, context)[0];
  }

  private ModelText.Entry require(String key) {
    ModelText.Entry x = block.entries().get(key);
    if (x == null) {
      throw text.error(block.line(), context + " (starting at line " + block.line() + ") has no '" + key
          + "=' line; the file is truncated or damaged");
    }
    return x;
  }
}
