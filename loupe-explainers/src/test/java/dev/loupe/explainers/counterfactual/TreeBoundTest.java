package dev.loupe.explainers.counterfactual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.Counterfactual;
import dev.loupe.core.Counterfactuals;
import dev.loupe.core.Counterfactuals.Status;
import dev.loupe.core.Feature;
import dev.loupe.core.Frame;
import dev.loupe.core.Link;
import dev.loupe.core.Schema;
import dev.loupe.core.TreeEnsemble;
import dev.loupe.testkit.RandomTrees;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The trees' bound and the proofs of "none exists", against brute-force enumeration.
 *
 * <p>The enumeration is independent of {@link TreeBoxes}' intervals: per numeric feature it takes
 * every split threshold, the double just below it, 0 with its neighbours within LightGBM's zero band,
 * and the ends -1.5 and 1.5; per categorical feature every code seen in the training rows; it keeps
 * the values the constraints allow (written out here, not through {@link Space}) and predicts the
 * whole product with the model. Such a grid hits every interval, so its maximum is the true maximum
 * of the margin over the feasible region. Tolerance: {@value #TOL} (sums of the same doubles in a
 * different order).
 */
class TreeBoundTest {
  private static final double TOL = 1e-9;

  /** Per feature, the grid values that may appear in a row derived from {@code x} under the constraints. */
  private static double[][] grid(TreeEnsemble t, Frame training, double[] x, boolean[] immutable, double[] lo,
      double[] hi, int[] dir) {
    int m = t.schema().size();
    double[][] g = new double[m][];
    for (int j = 0; j < m; j++) {
      TreeSet<Double> vals = new TreeSet<>();
      if (t.schema().feature(j).isCategorical()) {
        for (double v : training.column(j)) {
          if (v == v) {
            vals.add(v);
          }
        }
      } else {
        for (int n = 0; n < t.numNodes(); n++) {
          if (!t.isLeaf(n) && t.feature(n) == j) {
            vals.add(t.threshold(n));
            vals.add(Math.nextDown(t.threshold(n)));
          }
        }
        vals.addAll(List.of(0.0, 1e-36, -1e-36, 1e-30, -1e-30, -1.5, 1.5));
      }
      List<Double> ok = new ArrayList<>();
      ok.add(x[j]);
      if (!immutable[j]) {
        for (double v : vals) {
          boolean dirOk = dir[j] == 0 || (x[j] == x[j] && (dir[j] > 0 ? v > x[j] : v < x[j]));
          if (v != x[j] && v >= lo[j] && v <= hi[j] && dirOk) {
            ok.add(v);
          }
        }
      }
      g[j] = ok.stream().mapToDouble(Double::doubleValue).toArray();
    }
    return g;
  }

  /** Margins of output 0 over the whole product of the grid. */
  private static double[] enumerate(TreeEnsemble t, double[][] g) {
    int m = g.length;
    int total = 1;
    for (double[] v : g) {
      total *= v.length;
    }
    double[] rows = new double[total * m];
    for (int r = 0; r < total; r++) {
      int rest = r;
      for (int j = 0; j < m; j++) {
        rows[r * m + j] = g[j][rest % g[j].length];
        rest /= g[j].length;
      }
    }
    double[] out = new double[total * t.numOutputs()];
    t.predict(rows, total, out);
    double[] o0 = new double[total];
    for (int r = 0; r < total; r++) {
      o0[r] = out[r * t.numOutputs()];
    }
    return o0;
  }

  @Test
  void boundIsSoundOnRandomEnsemblesAndExactForOneTree() {
    int exactChecked = 0;
    for (int seed = 0; seed < 60; seed++) {
      int trees = seed % 3 == 0 ? 1 : 2 + seed % 4;
      TreeEnsemble t = RandomTrees.ensemble(new RandomTrees.Spec(seed, trees, 3, 3, 1, 1, false));
      Schema s = t.schema();
      Frame training = Frame.ofRows(s, RandomTrees.rows(s, 200, seed + 1000), 200);
      SplittableRandom rnd = new SplittableRandom(seed);
      double[] x = RandomTrees.rows(s, 1, seed + 2000);
      // random constraints: x0 (categorical) immutable or free, x1 a range, x2 a direction
      boolean[] imm = {rnd.nextBoolean(), false, false};
      double[] lo = {Double.NEGATIVE_INFINITY, rnd.nextDouble(-1, 0), Double.NEGATIVE_INFINITY};
      double[] hi = {Double.POSITIVE_INFINITY, rnd.nextDouble(0, 1), Double.POSITIVE_INFINITY};
      int[] dir = {0, 0, rnd.nextInt(3) - 1};
      CounterfactualOptions.Builder ob = CounterfactualOptions.builder().desiredClass(1).range("x1", lo[1], hi[1]);
      if (imm[0]) {
        ob.immutable("c0");
      }
      if (dir[2] > 0) {
        ob.increaseOnly("x2");
      } else if (dir[2] < 0) {
        ob.decreaseOnly("x2");
      }
      Space space = new Space(s, training, new int[] {0, 1, 2}, ob.build());
      TreeBoxes boxes = new TreeBoxes(t);
      double[][] feasible = new double[3][];
      for (int j = 0; j < 3; j++) {
        double[] rep = boxes.representatives(j, x[j], space);
        feasible[j] = new double[rep.length + 1];
        feasible[j][0] = x[j];
        System.arraycopy(rep, 0, feasible[j], 1, rep.length);
      }
      double[][] b = boxes.bounds(feasible);
      double[] all = enumerate(t, grid(t, training, x, imm, lo, hi, dir));
      double max = Arrays.stream(all).max().orElseThrow();
      double min = Arrays.stream(all).min().orElseThrow();
      assertTrue(b[0][0] >= max - TOL, "seed " + seed + ": bound " + b[0][0] + " below the true max " + max);
      assertTrue(b[1][0] <= min + TOL, "seed " + seed + ": bound " + b[1][0] + " above the true min " + min);
      if (trees == 1) {
        assertEquals(max, b[0][0], TOL, "one tree: the bound is the best reachable leaf, seed " + seed);
        assertEquals(min, b[1][0], TOL, "one tree: lowest reachable leaf, seed " + seed);
        exactChecked++;
      }
      // The search's verdict agrees with the enumeration: a proof of "none" only when none exists.
      double threshold = (max + min) / 2 + (seed % 2 == 0 ? 0 : max - min); // half the cases: out of reach
      CounterfactualOptions o = ob.threshold(threshold).count(3).build();
      Counterfactuals r = CounterfactualSearch.of(t, training, o).explain(x, seed);
      boolean exists = Arrays.stream(all).anyMatch(v -> v > threshold);
      boolean already = all[0] > threshold;
      if (already) {
        assertEquals(Status.ALREADY_DESIRED, r.status(), "seed " + seed);
      } else if (!exists) {
        assertEquals(Status.NONE_EXISTS, r.status(), "seed " + seed + ": " + r);
      } else {
        assertTrue(r.status() == Status.FOUND || r.status() == Status.FOUND_FEWER, "seed " + seed + ": " + r);
        for (Counterfactual c : r.counterfactuals()) {
          double[] out = new double[1];
          t.predict(c.values(), 1, out);
          assertTrue(out[0] > threshold, "re-predicted counterfactual is valid, seed " + seed);
        }
      }
    }
    assertTrue(exactChecked >= 15);
  }

  /**
   * German-credit-like trees by hand: the probability of approval rises above 0.5 only for age
   * under 25 or duration over 24 months. With age immutable (40) and duration at most 24, the
   * highest reachable probability, by enumeration of the four leaf pairs, is
   * sigmoid(-0.3 + 0.1 + -0.2) = sigmoid(-0.4) = 0.401.
   */
  private static TreeEnsemble approval() {
    Schema s = new Schema(List.of(Feature.numeric("duration"), Feature.numeric("age"),
        Feature.categorical("sex", List.of("f", "m"))));
    TreeEnsemble.Builder b = TreeEnsemble.builder(s, List.of("1")).link(Link.LOGISTIC).format("hand").digest("hand:1");
    b.beginTree(0, 3).numericSplit(0, 1, 25, 1, 2, false, TreeEnsemble.MISSING_NAN, 10)
        .leaf(1, 2.0, 5).leaf(2, -0.3, 5).endTree(); // age < 25 -> +2
    b.beginTree(0, 3).numericSplit(0, 0, 24.5, 1, 2, false, TreeEnsemble.MISSING_NAN, 10)
        .leaf(1, 0.1, 5).leaf(2, 1.5, 5).endTree(); // duration > 24 -> +1.5
    b.beginTree(0, 3).categoricalSplit(0, 2, new int[] {0}, true, 1, 2, false, TreeEnsemble.MISSING_NAN, 10)
        .leaf(1, -0.2, 5).leaf(2, -0.5, 5).endTree(); // sex f -> -0.2, m -> -0.5
    return b.build();
  }

  private static Frame approvalTraining(Schema s) {
    SplittableRandom r = new SplittableRandom(1);
    double[][] rows = new double[100][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = new double[] {6 + r.nextInt(43), 19 + r.nextInt(50), r.nextInt(2)};
    }
    return Frame.ofRows(s, rows);
  }

  @Test
  void noneExistsWithTheReasonFromTheBound() {
    TreeEnsemble t = approval();
    Frame training = approvalTraining(t.schema());
    double[] x = {12, 40, 1}; // margin -0.3 + 0.1 - 0.5 = -0.7
    // maxModelRows 1: too small to enumerate, so the proof must come from the bound
    CounterfactualOptions o = CounterfactualOptions.builder().desiredClass(1).immutable("age")
        .range("duration", 6, 24).maxModelRows(1).build();
    Counterfactuals r = CounterfactualSearch.of(t, training, o).explain(x, 17);
    assertEquals(Status.NONE_EXISTS, r.status(), r.toString());
    // brute force: the reachable margins are -0.3 + {0.1} + {-0.2, -0.5}; the best is -0.4
    double best = -0.3 + 0.1 - 0.2;
    String p = String.format(java.util.Locale.ROOT, "%.4g", 1 / (1 + Math.exp(-best)));
    assertEquals("0.4013", p);
    assertTrue(r.reason().contains("age immutable") && r.reason().contains("duration in [6, 24]"), r.reason());
    assertTrue(r.reason().contains("highest reachable probability of '1' is at most " + p), r.reason());
    assertTrue(r.reason().contains("bound"), r.reason());
    assertEquals(0, r.size());

    // Without the range a longer duration works, and the nearest is duration 25 (the first whole month past 24.5).
    Counterfactuals ok = CounterfactualSearch.of(t, training, CounterfactualOptions.builder().desiredClass(1)
        .immutable("age").count(2).build()).explain(x, 17);
    assertNotEquals(Status.NONE_EXISTS, ok.status());
    assertEquals(25, ok.get(0).value(0), 0.0, ok.toString());
    assertEquals("duration 12 \u2192 25", ok.get(0).changes().get(0).toString());
  }

  @Test
  void noneExistsProvenByExhaustiveSearchWhereTheBoundIsLoose() {
    // Two trees on one feature whose best leaves need x < 0 and x >= 0: the bound (1 + 1) allows
    // margin 2 > 1.5, but no single x reaches more than 1 + (-1) = 0 (enumerated: x < 0 gives
    // 1 - 1 = 0, x >= 0 gives -1 + 1 = 0).
    Schema s = Schema.numeric("x", "z");
    TreeEnsemble.Builder b = TreeEnsemble.builder(s, List.of("y")).format("hand").digest("hand:2");
    b.beginTree(0, 3).numericSplit(0, 0, 0, 1, 2, false, TreeEnsemble.MISSING_NAN, 2).leaf(1, 1, 1).leaf(2, -1, 1)
        .endTree();
    b.beginTree(0, 3).numericSplit(0, 0, 0, 1, 2, false, TreeEnsemble.MISSING_NAN, 2).leaf(1, -1, 1).leaf(2, 1, 1)
        .endTree();
    TreeEnsemble t = b.build();
    Frame training = Frame.ofRows(s, new double[][] {{-1, 0}, {1, 1}, {2, 2}});
    Counterfactuals r = CounterfactualSearch.of(t, training, CounterfactualOptions.builder().desiredRange(1.5, 3)
        .build()).explain(new double[] {1, 0}, 0);
    assertEquals(Status.NONE_EXISTS, r.status(), r.toString());
    assertTrue(r.reason().contains("exhaustive search of all 2 combinations"), r.reason());
    assertTrue(r.reason().contains("without constraints"), r.reason());
  }

  @Test
  void featuresTheTreesIgnoreAreNeverChanged() {
    TreeEnsemble t = approval();
    Counterfactuals r = CounterfactualSearch.of(t, approvalTraining(t.schema()),
        CounterfactualOptions.builder().desiredClass(1).count(5).build()).explain(new double[] {12, 40, 1}, 1);
    assertTrue(r.size() >= 2, r.toString());
    for (Counterfactual c : r.counterfactuals()) {
      double[] out = new double[1];
      t.predict(c.values(), 1, out);
      assertTrue(out[0] > 0, c.toString());
    }
    Map<String, String> p = r.provenance().parameters();
    assertEquals("class 1", p.get("desired"));
  }
}
