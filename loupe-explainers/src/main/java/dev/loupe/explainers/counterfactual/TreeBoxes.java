package dev.loupe.explainers.counterfactual;

import dev.loupe.core.TreeEnsemble;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a tree ensemble's structure says about counterfactuals.
 *
 * <p>Each numeric feature's axis splits into intervals at the ensemble's thresholds on it (plus
 * LightGBM's zero band {@code |x| <= 1e-35} where a split treats zero as missing): every value
 * inside one interval takes the same branch at every node, so one value per interval, the one
 * nearest the explained row's value among those the constraints allow, stands for the whole
 * interval. A categorical feature's codes fall into groups with the same branch at every node;
 * one allowed code stands for each group. A feature no node splits on cannot change the
 * prediction and gets no candidate values.
 *
 * <p>{@link #bounds} is a sound bound on every output's margin over a product of candidate sets:
 * the base margin plus, per tree, the largest (smallest) value of a leaf whose box meets the
 * feasible region, found by one depth-first walk per tree that keeps, per feature, the candidates
 * still consistent with the path. Cost: {@code O(nodes x candidates)} per call. Immutable and
 * thread-safe.
 */
final class TreeBoxes {
  final TreeEnsemble model;
  private final int m;
  /** Numeric features: sorted distinct boundaries b; intervals (-inf,b0), [b0,b1), .., [bq-1, inf). */
  private final double[][] boundaries;
  /** Every node splitting on each feature. */
  private final int[][] nodes;

  TreeBoxes(TreeEnsemble model) {
    this.model = model;
    this.m = model.schema().size();
    List<List<Integer>> byFeature = new ArrayList<>();
    List<List<Double>> cuts = new ArrayList<>();
    for (int j = 0; j < m; j++) {
      byFeature.add(new ArrayList<>());
      cuts.add(new ArrayList<>());
    }
    for (int n = 0; n < model.numNodes(); n++) {
      if (model.isLeaf(n)) {
        continue;
      }
      int j = model.feature(n);
      byFeature.get(j).add(n);
      if (!model.isCategorical(n)) {
        cuts.get(j).add(model.threshold(n));
        if (model.missing(n) == TreeEnsemble.MISSING_ZERO) {
          cuts.get(j).add(-TreeEnsemble.ZERO_THRESHOLD);
          cuts.get(j).add(Math.nextUp(TreeEnsemble.ZERO_THRESHOLD));
        }
      }
    }
    this.boundaries = new double[m][];
    this.nodes = new int[m][];
    for (int j = 0; j < m; j++) {
      boundaries[j] = cuts.get(j).stream().mapToDouble(Double::doubleValue).filter(d -> d == d).distinct().sorted()
          .toArray();
      nodes[j] = byFeature.get(j).stream().mapToInt(Integer::intValue).toArray();
    }
  }

  /** Whether any node splits on feature {@code j}. */
  boolean used(int j) {
    return nodes[j].length > 0;
  }

  /**
   * One value per interval (numeric) or code group (categorical) of feature {@code j} that the
   * row's value {@code x} is not in and that the constraints allow a change to: the allowed value
   * of the interval nearest {@code x} (a whole number if the feature holds whole numbers and the
   * interval has one). Ascending for numeric features.
   */
  double[] representatives(int j, double x, Space space) {
    if (space.immutable[j] || !used(j)) {
      return new double[0];
    }
    return space.schema.feature(j).isCategorical() && !hasNumericSplit(j)
        ? categoryRepresentatives(j, x, space) : intervalRepresentatives(j, x, space);
  }

  private boolean hasNumericSplit(int j) {
    for (int n : nodes[j]) {
      if (!model.isCategorical(n)) {
        return true;
      }
    }
    return false;
  }

  private double[] intervalRepresentatives(int j, double x, Space space) {
    double[] b = boundaries[j];
    boolean categorical = space.schema.feature(j).isCategorical();
    int own = x == x ? upperBound(b, x) : -1;
    double lowest = space.lowest(j, x);
    double highest = space.highest(j, x);
    // A missing value has no position: aim at the training median instead.
    double[] u = space.universe[j];
    double target = x == x ? x : (u.length == 0 ? 0 : u[u.length / 2]);
    List<Double> out = new ArrayList<>();
    if (categorical) {
      // A categorical feature split numerically: its candidates are its codes, grouped by interval.
      int last = Integer.MIN_VALUE;
      for (double c : u) {
        int i = upperBound(b, c);
        if (i != own && i != last && space.allowed(j, x, c)) {
          out.add(c);
          last = i;
        }
      }
      return out.stream().mapToDouble(Double::doubleValue).toArray();
    }
    for (int i = 0; i <= b.length; i++) {
      if (i == own) {
        continue;
      }
      double p = Math.max(i == 0 ? Double.NEGATIVE_INFINITY : b[i - 1], lowest);
      double q = Math.min(i == b.length ? Double.POSITIVE_INFINITY : Math.nextDown(b[i]), highest);
      if (!(p <= q)) {
        continue;
      }
      double v;
      if (target <= p) {
        v = p;
        if (space.integral[j] && Math.ceil(p) <= q) {
          v = Math.ceil(p);
        }
      } else if (target >= q) {
        v = q;
        if (space.integral[j] && Math.floor(q) >= p) {
          v = Math.floor(q);
        }
      } else {
        v = space.integral[j] && Math.rint(target) >= p && Math.rint(target) <= q ? Math.rint(target) : target;
      }
      if (Double.isInfinite(v) || !space.allowed(j, x, v)) {
        continue;
      }
      out.add(v);
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private double[] categoryRepresentatives(int j, double x, Space space) {
    int[] ns = nodes[j];
    String own = signature(ns, x);
    Map<String, Double> groups = new LinkedHashMap<>();
    for (double c : space.universe[j]) {
      if (!space.allowed(j, x, c)) {
        continue;
      }
      String s = signature(ns, c);
      if (!s.equals(own)) {
        groups.putIfAbsent(s, c);
      }
    }
    return groups.values().stream().mapToDouble(Double::doubleValue).toArray();
  }

  private String signature(int[] ns, double v) {
    char[] s = new char[ns.length];
    for (int i = 0; i < ns.length; i++) {
      s[i] = model.goesLeft(ns[i], v) ? 'L' : 'R';
    }
    return new String(s);
  }

  /** The number of boundaries {@code <= x}: the index of {@code x}'s interval. */
  private static int upperBound(double[] b, double x) {
    int lo = 0;
    int hi = b.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (b[mid] <= x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * Bounds on each output's margin over every row whose feature {@code j} takes a value in
   * {@code feasible[j]}: {@code {max[k], min[k]}}. Sound: no such row's margin lies outside.
   */
  double[][] bounds(double[][] feasible) {
    int k = model.numOutputs();
    double[] max = new double[k];
    double[] min = new double[k];
    for (int o = 0; o < k; o++) {
      max[o] = model.baseMargin(o);
      min[o] = model.baseMargin(o);
    }
    boolean[][] alive = new boolean[m][];
    for (int j = 0; j < m; j++) {
      alive[j] = new boolean[feasible[j].length];
      Arrays.fill(alive[j], true);
    }
    double[] range = new double[2];
    for (int t = 0; t < model.numTrees(); t++) {
      range[0] = Double.NEGATIVE_INFINITY;
      range[1] = Double.POSITIVE_INFINITY;
      walk(model.treeStart(t), feasible, alive, range);
      int o = model.treeOutput(t);
      max[o] += range[0];
      min[o] += range[1];
    }
    return new double[][] {max, min};
  }

  /** Widens {@code range = {max, min}} by every reachable leaf below {@code node}. */
  private void walk(int node, double[][] feasible, boolean[][] alive, double[] range) {
    if (model.isLeaf(node)) {
      double v = model.value(node);
      range[0] = Math.max(range[0], v);
      range[1] = Math.min(range[1], v);
      return;
    }
    int j = model.feature(node);
    boolean[] here = alive[j];
    double[] vals = feasible[j];
    boolean[] left = new boolean[vals.length];
    boolean[] right = new boolean[vals.length];
    boolean anyLeft = false;
    boolean anyRight = false;
    for (int i = 0; i < vals.length; i++) {
      if (here[i]) {
        if (model.goesLeft(node, vals[i])) {
          left[i] = true;
          anyLeft = true;
        } else {
          right[i] = true;
          anyRight = true;
        }
      }
    }
    if (anyLeft) {
      alive[j] = left;
      walk(model.left(node), feasible, alive, range);
    }
    if (anyRight) {
      alive[j] = right;
      walk(model.right(node), feasible, alive, range);
    }
    alive[j] = here;
  }
}
