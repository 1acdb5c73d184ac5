package dev.loupe.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fast batch predictor against the plain walk: for random ensembles (numeric and categorical
 * splits, the three missing modes, both default directions, thresholds from XGBoost's float rule,
 * LightGBM's {@code <=} rule and raw doubles, infinite and NaN thresholds, trees deeper than the
 * complete layout takes, single-leaf trees, several outputs) and rows built from the thresholds'
 * own neighbourhoods (each threshold, the doubles next to it, the floats around it, zeros of both
 * signs, values inside LightGBM's zero band, infinities, NaN), every margin of {@link FlatForest}
 * must equal, bit for bit, the base margin plus the leaf values of {@link TreeEnsemble#leaf} added
 * tree by tree in model order. Tolerance 0: the fast path changes the layout, not the arithmetic.
 */
class FlatForestTest {

  /** How thresholds are made: XGBoost's float rule, LightGBM's {@code <=}, or any double. */
  private enum Rule { FLOAT, LIGHTGBM, RAW }

  private record Spec(long seed, int trees, int maxDepth, int features, int outputs, int categorical,
      Rule rule, boolean specials, boolean anyMissingMode) {}

  @Test
  void xgboostLikeEnsemblesUseFloatKeysAndMatchThePlainWalk() {
    for (long seed = 1; seed <= 20; seed++) {
      Spec s = new Spec(seed, 40, 1 + (int) (seed % 7), 6, 1 + (int) (seed % 3), 0, Rule.FLOAT, false, false);
      TreeEnsemble e = ensemble(s);
      FlatForest auto = forest(e, FlatForest.Layout.AUTO);
      assertTrue(auto.usesFloatKeys(), "float thresholds must take the float-key path, seed " + seed);
      assertEquals(e.numTrees(), auto.completeTrees() + constantTrees(e), "every tree complete, seed " + seed);
      checkAllLayouts(e, s, auto);
    }
  }

  @Test
  void lightgbmLikeEnsemblesWithEveryMissingModeMatchThePlainWalk() {
    for (long seed = 100; seed <= 120; seed++) {
      Spec s = new Spec(seed, 40, 1 + (int) (seed % 8), 5, 1 + (int) (seed % 2), 0, Rule.LIGHTGBM, true, true);
      TreeEnsemble e = ensemble(s);
      FlatForest auto = forest(e, FlatForest.Layout.AUTO);
      assertTrue(auto.completeTrees() > 0, "seed " + seed);
      checkAllLayouts(e, s, auto);
    }
  }

  @Test
  void categoricalSplitsDeepTreesAndSpecialThresholdsMatchThePlainWalk() {
    for (long seed = 200; seed <= 230; seed++) {
      Rule rule = Rule.values()[(int) (seed % 3)];
      int depth = seed % 4 == 0 ? FlatForest.MAX_COMPLETE_DEPTH + 2 : 1 + (int) (seed % 9);
      Spec s = new Spec(seed, 30, depth, 6, 1 + (int) (seed % 3), seed % 2 == 0 ? 2 : 0, rule, true, true);
      TreeEnsemble e = ensemble(s);
      checkAllLayouts(e, s, forest(e, FlatForest.Layout.AUTO));
    }
  }

  @Test
  void floatImageIsExactlyTheThresholdOfAFloatComparison() {
    // Source: the definition. floatImage(d) = t must satisfy x < d <=> (float) x < t around d.
    SplittableRandom rnd = new SplittableRandom(7);
    int found = 0;
    for (int i = 0; i < 100_000; i++) {
      double d = switch (i % 3) {
        case 0 -> Thresholds.floatLessThan((float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(-8, 8))));
        case 1 -> Thresholds.floatLessThan(Float.intBitsToFloat(rnd.nextInt()));
        default -> rnd.nextGaussian();
      };
      float t = FlatForest.floatImage(d);
      if (Float.isNaN(t)) {
        assertTrue(i % 3 == 2 || Double.isNaN(d), "an image of a float threshold must be found: " + d);
        continue;
      }
      found++;
      for (double x : new double[] {d, Math.nextUp(d), Math.nextDown(d), Math.nextDown(Math.nextDown(d)), t,
          Math.nextUp((double) t), Math.nextDown((double) t)}) {
        if (!Double.isNaN(x)) {
          assertEquals(x < d, (float) x < t, "d=" + d + " t=" + t + " x=" + x);
        }
      }
    }
    assertTrue(found > 60_000, "found " + found);
    assertTrue(Float.isNaN(FlatForest.floatImage(0.0)), "x < 0.0 is no float comparison (-MIN_VALUE rounds to -0f)");
    assertTrue(Float.isNaN(FlatForest.floatImage(Double.POSITIVE_INFINITY)));
  }

  @Test
  void keysOrderFloatsAsTheyCompare() {
    // Source: IEEE 754 order; -0.0 is the one pair keys separate, thresholdKey handles it.
    float[] v = {Float.NEGATIVE_INFINITY, -Float.MAX_VALUE, -1f, -Float.MIN_VALUE, 0f, Float.MIN_VALUE, 1f,
        Float.MAX_VALUE, Float.POSITIVE_INFINITY};
    for (int i = 0; i < v.length; i++) {
      for (int j = 0; j < v.length; j++) {
        assertEquals(v[i] < v[j], FlatForest.key(v[i]) < FlatForest.key(v[j]), v[i] + " " + v[j]);
      }
    }
    assertTrue(FlatForest.key(-0.0f) < FlatForest.key(0.0f));
    assertFalse(FlatForest.key(-0.0f) < FlatForest.key(-0.0f));
  }

  @Test
  void oneRowPartialBlocksAndEmptyBatches() {
    Spec s = new Spec(5, 25, 6, 4, 2, 1, Rule.FLOAT, true, true);
    TreeEnsemble e = ensemble(s);
    for (int n : new int[] {0, 1, 7, 8, 9, 63, 64, 65, 130}) {
      double[] x = rows(e, s, n, 11);
      assertBitIdentical(expected(e, x, n), predicted(forest(e, FlatForest.Layout.AUTO), e, x, n), "n=" + n);
    }
  }

  @Test
  void everyThreadCountGivesTheSameBits() {
    Spec s = new Spec(9, 60, 6, 5, 2, 1, Rule.FLOAT, true, true);
    TreeEnsemble e = ensemble(s);
    int n = 1000; // 16 blocks, the last one partial
    double[] x = rows(e, s, n, 3);
    double[] want = expected(e, x, n);
    for (int threads : new int[] {1, 2, 3, 7, 64}) {
      double[] got = new double[n * e.numOutputs()];
      e.predict(x, n, got, threads);
      assertBitIdentical(want, got, "threads " + threads);
    }
    IllegalArgumentException bad =
        assertThrows(IllegalArgumentException.class, () -> e.predict(x, n, new double[n * 2], 0));
    assertEquals("threads must be >= 1, was 0", bad.getMessage());
    double[] shortRows = Arrays.copyOf(x, x.length - 1); // the last block reads past the end
    assertThrows(ArrayIndexOutOfBoundsException.class, () -> e.predict(shortRows, n, new double[n * 2], 2),
        "a worker's failure reaches the caller");
  }

  // ---------------------------------------------------------------- helpers

  private static void checkAllLayouts(TreeEnsemble e, Spec s, FlatForest auto) {
    int n = 300;
    double[] x = rows(e, s, n, s.seed() * 31 + 1);
    double[] want = expected(e, x, n);
    assertBitIdentical(want, predicted(auto, e, x, n), "AUTO " + s);
    assertBitIdentical(want, predicted(forest(e, FlatForest.Layout.DOUBLE), e, x, n), "DOUBLE " + s);
    assertBitIdentical(want, predicted(forest(e, FlatForest.Layout.GENERAL), e, x, n), "GENERAL " + s);
    double[] viaModel = new double[n * e.numOutputs()];
    e.predict(x, n, viaModel);
    assertBitIdentical(want, viaModel, "TreeEnsemble.predict " + s);
  }

  private static void assertBitIdentical(double[] want, double[] got, String what) {
    assertEquals(want.length, got.length);
    for (int i = 0; i < want.length; i++) {
      if (Double.doubleToLongBits(want[i]) != Double.doubleToLongBits(got[i])) {
        throw new AssertionError(what + ": value " + i + ": plain walk " + want[i] + ", fast " + got[i]);
      }
    }
  }

  private static int constantTrees(TreeEnsemble e) {
    int c = 0;
    for (int t = 0; t < e.numTrees(); t++) {
      c += e.isLeaf(e.treeStart(t)) ? 1 : 0;
    }
    return c;
  }

  private static FlatForest forest(TreeEnsemble e, FlatForest.Layout layout) {
    int trees = e.numTrees();
    int[] start = new int[trees + 1];
    int[] output = new int[trees];
    for (int t = 0; t < trees; t++) {
      start[t] = e.treeStart(t);
      output[t] = e.treeOutput(t);
    }
    start[trees] = e.numNodes();
    return new FlatForest(e, start, output, layout);
  }

  /** The independent reference: base margin, then each tree's {@link TreeEnsemble#leaf} in model order. */
  private static double[] expected(TreeEnsemble e, double[] x, int n) {
    int m = e.schema().size();
    int k = e.numOutputs();
    double[] out = new double[n * k];
    for (int i = 0; i < n; i++) {
      for (int o = 0; o < k; o++) {
        out[i * k + o] = e.baseMargin(o);
      }
      for (int t = 0; t < e.numTrees(); t++) {
        out[i * k + e.treeOutput(t)] += e.value(e.leaf(e.treeStart(t), x, i * m));
      }
    }
    return out;
  }

  private static double[] predicted(FlatForest f, TreeEnsemble e, double[] x, int n) {
    int k = e.numOutputs();
    double[] out = new double[n * k];
    for (int i = 0; i < n; i++) {
      for (int o = 0; o < k; o++) {
        out[i * k + o] = e.baseMargin(o);
      }
    }
    f.addLeaves(x, e.schema().size(), n, out, k);
    return out;
  }

  private static double threshold(SplittableRandom rnd, Spec s) {
    if (s.specials() && rnd.nextInt(12) == 0) {
      double[] special = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 0.0, -0.0,
          TreeEnsemble.ZERO_THRESHOLD, -TreeEnsemble.ZERO_THRESHOLD, Double.MIN_VALUE};
      double d = special[rnd.nextInt(special.length)];
      return switch (s.rule()) {
        case FLOAT -> Thresholds.floatLessThan((float) d);
        case LIGHTGBM -> Thresholds.lessOrEqual(d);
        case RAW -> d;
      };
    }
    double v = rnd.nextDouble(-1, 1);
    return switch (s.rule()) {
      case FLOAT -> Thresholds.floatLessThan((float) v);
      case LIGHTGBM -> Thresholds.lessOrEqual(v);
      case RAW -> v;
    };
  }

  private static TreeEnsemble ensemble(Spec s) {
    SplittableRandom rnd = new SplittableRandom(s.seed());
    List<Feature> fs = new ArrayList<>();
    for (int j = 0; j < s.features(); j++) {
      fs.add(j < s.categorical() ? Feature.categorical("c" + j) : Feature.numeric("x" + j));
    }
    List<String> outs = new ArrayList<>();
    for (int o = 0; o < s.outputs(); o++) {
      outs.add("y" + o);
    }
    TreeEnsemble.Builder b = TreeEnsemble.builder(new Schema(fs), outs).digest("random:" + s.seed());
    double[] base = new double[s.outputs()];
    for (int o = 0; o < base.length; o++) {
      base[o] = rnd.nextDouble(-1, 1);
    }
    b.baseMargin(base);
    for (int t = 0; t < s.trees(); t++) {
      List<int[]> children = new ArrayList<>();
      List<Integer> depth = new ArrayList<>();
      children.add(null);
      depth.add(0);
      boolean constant = rnd.nextInt(15) == 0;
      for (int i = 0; i < children.size(); i++) {
        int d = depth.get(i);
        // some trees run down one long path to reach the full depth
        boolean split = !constant && d < s.maxDepth() && (d == 0 || rnd.nextDouble() < (t % 5 == 0 ? 0.95 : 0.75));
        if (split) {
          int l = children.size();
          children.add(null);
          depth.add(d + 1);
          children.add(null);
          depth.add(d + 1);
          children.set(i, new int[] {l, l + 1});
        }
      }
      int n = children.size();
      b.beginTree(t % s.outputs(), n);
      for (int i = 0; i < n; i++) {
        int[] c = children.get(i);
        if (c == null) {
          b.leaf(i, rnd.nextDouble(-1, 1), 1);
          continue;
        }
        int f = rnd.nextInt(s.features());
        boolean defLeft = rnd.nextBoolean();
        if (f < s.categorical()) {
          List<Integer> cats = new ArrayList<>();
          for (int k = 0; k < 6; k++) {
            if (rnd.nextBoolean()) {
              cats.add(k);
            }
          }
          byte mode = rnd.nextBoolean() ? TreeEnsemble.MISSING_NAN : TreeEnsemble.MISSING_NONE;
          b.categoricalSplit(i, f, cats.stream().mapToInt(Integer::intValue).toArray(), rnd.nextBoolean(), c[0], c[1],
              defLeft, mode, 1);
        } else {
          byte mode = s.anyMissingMode() ? (byte) rnd.nextInt(3) : TreeEnsemble.MISSING_NAN;
          b.numericSplit(i, f, threshold(rnd, s), c[0], c[1], defLeft, mode, 1);
        }
      }
      b.endTree();
    }
    return b.build();
  }

  /**
   * Rows whose values sit on the model's decision boundaries: for a numeric feature, one of its
   * thresholds or the double or float next to it, a special value, or a uniform draw.
   */
  private static double[] rows(TreeEnsemble e, Spec s, int n, long seed) {
    int m = e.schema().size();
    List<List<Double>> near = new ArrayList<>();
    for (int j = 0; j < m; j++) {
      near.add(new ArrayList<>());
    }
    for (int node = 0; node < e.numNodes(); node++) {
      if (!e.isLeaf(node) && !e.isCategorical(node)) {
        double d = e.threshold(node);
        List<Double> l = near.get(e.feature(node));
        float f = (float) d;
        for (double v : new double[] {d, Math.nextUp(d), Math.nextDown(d), f, Math.nextUp(f), Math.nextDown(f),
            ((double) Math.nextDown(f) + f) / 2}) {
          if (!Double.isNaN(v)) {
            l.add(v);
          }
        }
      }
    }
    double[] special = {Double.NaN, 0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        TreeEnsemble.ZERO_THRESHOLD, -TreeEnsemble.ZERO_THRESHOLD, Math.nextUp(TreeEnsemble.ZERO_THRESHOLD),
        1e-36, -1e-300, Double.MIN_VALUE, Float.MAX_VALUE, (double) Float.MAX_VALUE + Math.ulp(Float.MAX_VALUE) / 2};
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] x = new double[n * m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        double u = rnd.nextDouble();
        double v;
        if (j < s.categorical()) {
          v = u < 0.1 ? Double.NaN : u < 0.15 ? -1 : u < 0.2 ? 3.7 : rnd.nextInt(8);
        } else if (u < 0.5 && !near.get(j).isEmpty()) {
          v = near.get(j).get(rnd.nextInt(near.get(j).size()));
        } else if (u < 0.7) {
          v = special[rnd.nextInt(special.length)];
        } else {
          v = rnd.nextDouble(-1.5, 1.5);
        }
        x[i * m + j] = v;
      }
    }
    return x;
  }
}
