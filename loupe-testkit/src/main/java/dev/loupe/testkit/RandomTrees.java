package dev.loupe.testkit;

import dev.loupe.core.Feature;
import dev.loupe.core.Link;
import dev.loupe.core.Schema;
import dev.loupe.core.TreeEnsemble;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random tree ensembles for testing explainers against brute force: few features (so features
 * repeat along paths), numeric and categorical splits, all three missing modes, random default
 * directions, optional zero-cover leaves; covers add up (a node's cover is its children's sum).
 */
public final class RandomTrees {
  private RandomTrees() {}

  /** Options for {@link #ensemble}. */
  public record Spec(long seed, int trees, int maxDepth, int features, int outputs, int categoricalFeatures,
      boolean zeroCoverLeaves) {}

  public static TreeEnsemble ensemble(Spec spec) {
    SplittableRandom rnd = new SplittableRandom(spec.seed());
    List<Feature> fs = new ArrayList<>();
    for (int j = 0; j < spec.features(); j++) {
      fs.add(j < spec.categoricalFeatures() ? Feature.categorical("c" + j) : Feature.numeric("x" + j));
    }
    Schema schema = new Schema(fs);
    List<String> outs = new ArrayList<>();
    for (int o = 0; o < spec.outputs(); o++) {
      outs.add(Integer.toString(o));
    }
    TreeEnsemble.Builder b = TreeEnsemble.builder(schema, outs)
        .link(spec.outputs() > 1 ? Link.SOFTMAX : Link.IDENTITY)
        .format("random " + spec)
        .digest("random:" + spec.seed());
    double[] base = new double[spec.outputs()];
    for (int o = 0; o < base.length; o++) {
      base[o] = rnd.nextDouble(-1, 1);
    }
    b.baseMargin(base);
    for (int t = 0; t < spec.trees(); t++) {
      // grow a random shape: node list in BFS order
      List<int[]> children = new ArrayList<>(); // [left, right] or null for leaf
      List<Integer> depth = new ArrayList<>();
      children.add(null);
      depth.add(0);
      for (int i = 0; i < children.size(); i++) {
        int d = depth.get(i);
        boolean split = d < spec.maxDepth() && (d == 0 || rnd.nextDouble() < 0.8);
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
      double[] cover = new double[n];
      for (int i = n - 1; i >= 0; i--) {
        int[] c = children.get(i);
        if (c == null) {
          cover[i] = spec.zeroCoverLeaves() && rnd.nextDouble() < 0.1 ? 0 : 1 + rnd.nextInt(100);
        } else {
          cover[i] = cover[c[0]] + cover[c[1]];
        }
      }
      b.beginTree(t % spec.outputs(), n);
      for (int i = 0; i < n; i++) {
        int[] c = children.get(i);
        if (c == null) {
          b.leaf(i, rnd.nextDouble(-1, 1), cover[i]);
          continue;
        }
        int f = rnd.nextInt(spec.features());
        boolean defLeft = rnd.nextBoolean();
        if (f < spec.categoricalFeatures()) {
          List<Integer> cats = new ArrayList<>();
          for (int k = 0; k < 6; k++) {
            if (rnd.nextBoolean()) {
              cats.add(k);
            }
          }
          byte mode = rnd.nextBoolean() ? TreeEnsemble.MISSING_NAN : TreeEnsemble.MISSING_NONE;
          b.categoricalSplit(i, f, cats.stream().mapToInt(Integer::intValue).toArray(), rnd.nextBoolean(), c[0], c[1],
              defLeft, mode, cover[i]);
        } else {
          byte mode = (byte) rnd.nextInt(3);
          b.numericSplit(i, f, rnd.nextDouble(-1, 1), c[0], c[1], defLeft, mode, cover[i]);
        }
      }
      b.endTree();
    }
    return b.build();
  }

  /**
   * Random rows for a model from {@link #ensemble}: numeric values in [-1.5, 1.5] with some exact
   * zeros and NaNs; categorical codes 0-7 (6 and 7 are in no split's set) with some NaNs.
   */
  public static double[] rows(Schema schema, int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int m = schema.size();
    double[] x = new double[n * m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        double u = rnd.nextDouble();
        double v;
        if (u < 0.08) {
          v = Double.NaN;
        } else if (u < 0.14) {
          v = 0.0;
        } else if (schema.feature(j).isCategorical()) {
          v = rnd.nextInt(8);
        } else {
          v = rnd.nextDouble(-1.5, 1.5);
        }
        x[i * m + j] = v;
      }
    }
    return x;
  }
}
