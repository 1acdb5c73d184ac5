package dev.loupe.explainers.shapley;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.Attributions;
import dev.loupe.core.Frame;
import dev.loupe.core.Model;
import dev.loupe.core.Output;
import dev.loupe.core.Scale;
import dev.loupe.core.Schema;
import dev.loupe.core.TreeEnsemble;
import dev.loupe.explainers.tree.TreeShap;
import dev.loupe.testkit.RandomTrees;
import dev.loupe.testkit.ShapleyOracle;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Exact Shapley values of the interventional game against independent sources:
 * <ul>
 *   <li>the Shapley definition as the average of marginal contributions over all M! orderings, with
 *       the game's values computed in the test by calling the function on each mixed row
 *       ({@value #ORACLE_TOL});
 *   <li>the linear closed form {@code φ_i = w_i (x_i − Σ_b w_b b_i)} ({@value #ORACLE_TOL});
 *   <li>interventional TreeSHAP on random tree ensembles with three outputs ({@value #TREE_TOL});
 *   <li>feature groups: the subset formula of {@link ShapleyOracle} over the grouped game computed in
 *       the test ({@value #ORACLE_TOL}).
 * </ul>
 */
class ExactShapleyTest {
  /** Both sides in double over at most 2^7 coalitions of O(10) values. */
  static final double ORACLE_TOL = 1e-12;
  /** TreeSHAP sums per-tree contributions in another order. */
  static final double TREE_TOL = 1e-9;

  static final Schema SEVEN = Schema.numeric("a", "b", "c", "d", "e", "f", "g");
  static final Output TWO = new Output(List.of("y0", "y1"), Scale.VALUE);

  /** Two non-linear outputs of seven features, with interactions of up to three features. */
  static void nonLinear(double[] x, int n, double[] out) {
    for (int i = 0; i < n; i++) {
      int r = i * 7;
      double a = x[r], b = x[r + 1], c = x[r + 2], d = x[r + 3], e = x[r + 4], f = x[r + 5], g = x[r + 6];
      out[2 * i] = Math.sin(a) * b + Math.exp(0.3 * c) * d * d + Math.max(e, f) * g + a * c * e;
      out[2 * i + 1] = Math.tanh(b + f * g) - d / (1 + a * a) + (c > 0.2 ? 1.5 : -0.5);
    }
  }

  static Model nonLinearModel() {
    return Model.of("nonlinear-test-v1", SEVEN, TWO, ExactShapleyTest::nonLinear);
  }

  static Frame randomFrame(Schema schema, int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] x = new double[n * schema.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextDouble(-2, 2);
    }
    return Frame.ofRows(schema, x, n);
  }

  static final double[] WEIGHTS = {1, 2, 0.5, 3, 1.5};

  /** v(S) for output o by definition: weighted mean of f over the background with S from x. */
  static double value(Model model, double[] x, Frame bg, double[] w, long mask, int output) {
    int m = x.length;
    int k = model.output().size();
    double sum = 0;
    double total = 0;
    for (int b = 0; b < bg.rows(); b++) {
      double[] row = new double[m];
      for (int j = 0; j < m; j++) {
        row[j] = (mask >>> j & 1) != 0 ? x[j] : bg.get(b, j);
      }
      double[] out = new double[k];
      model.predict(row, 1, out); // row by row on purpose: independent of the batched game
      sum += w[b] * out[output];
      total += w[b];
    }
    return sum / total;
  }

  /** Shapley values by the definition over orderings: mean over all m! orderings of v(pre ∪ i) − v(pre). */
  static double[] byOrderings(double[] v, int m) {
    double[] phi = new double[m];
    int[] perm = new int[m];
    for (int i = 0; i < m; i++) {
      perm[i] = i;
    }
    long count = 0;
    do {
      long mask = 0;
      for (int t = 0; t < m; t++) {
        long next = mask | 1L << perm[t];
        phi[perm[t]] += v[(int) next] - v[(int) mask];
        mask = next;
      }
      count++;
    } while (nextPermutation(perm));
    for (int i = 0; i < m; i++) {
      phi[i] /= count;
    }
    return phi;
  }

  /** Lexicographic next permutation; false after the last. */
  static boolean nextPermutation(int[] a) {
    int i = a.length - 2;
    while (i >= 0 && a[i] >= a[i + 1]) {
      i--;
    }
    if (i < 0) {
      return false;
    }
    int j = a.length - 1;
    while (a[j] <= a[i]) {
      j--;
    }
    int t = a[i];
    a[i] = a[j];
    a[j] = t;
    for (int l = i + 1, r = a.length - 1; l < r; l++, r--) {
      t = a[l];
      a[l] = a[r];
      a[r] = t;
    }
    return true;
  }

  @Test
  void equalsTheDefinitionOverAllOrderings() {
    Model model = nonLinearModel();
    Frame bg = randomFrame(SEVEN, WEIGHTS.length, 1);
    Frame data = randomFrame(SEVEN, 4, 2);
    Attributions a = ExactShapley.of(model, Background.of(bg, WEIGHTS)).threads(1).explain(data);
    assertEquals("exact", a.provenance().method());
    assertFalse(a.diagnostics().hasStandardErrors());
    assertEquals(4L * 128, a.diagnostics().samples());
    for (int i = 0; i < data.rows(); i++) {
      double[] x = data.row(i);
      for (int o = 0; o < 2; o++) {
        double[] v = new double[128];
        for (int s = 0; s < 128; s++) {
          v[s] = value(model, x, bg, WEIGHTS, s, o);
        }
        double[] expected = byOrderings(v, 7);
        for (int j = 0; j < 7; j++) {
          assertEquals(expected[j], a.value(i, o, j), ORACLE_TOL, "row " + i + " output " + o + " feature " + j);
        }
        assertEquals(v[0], a.baseValue(i, o), ORACLE_TOL, "base value = weighted background mean");
      }
    }
    assertTrue(a.maxAdditivityError() <= ORACLE_TOL, "efficiency: " + a.maxAdditivityError());
  }

  @Test
  void linearModelClosedForm() {
    Schema s = Schema.numeric("x0", "x1", "x2", "x3", "x4");
    double[] w = {1.5, -2, 0.25, 3, -0.75};
    double c = 0.4;
    Model linear = Model.of("linear-test-v1", s, new Output(List.of("y"), Scale.VALUE), (x, n, out) -> {
      for (int i = 0; i < n; i++) {
        double sum = c;
        for (int j = 0; j < 5; j++) {
          sum += w[j] * x[i * 5 + j];
        }
        out[i] = sum;
      }
    });
    Frame bg = randomFrame(s, WEIGHTS.length, 3);
    Frame data = randomFrame(s, 6, 4);
    double total = 0;
    double[] mean = new double[5];
    for (int b = 0; b < bg.rows(); b++) {
      total += WEIGHTS[b];
      for (int j = 0; j < 5; j++) {
        mean[j] += WEIGHTS[b] * bg.get(b, j);
      }
    }
    Background background = Background.of(bg, WEIGHTS);
    Attributions exact = ExactShapley.of(linear, background).explain(data);
    // marginal contributions of a linear model are the same in every ordering: sampling is exact
    Attributions perm = PermutationShap.of(linear, background).permutations(3).seed(5).explain(data);
    for (int i = 0; i < data.rows(); i++) {
      for (int j = 0; j < 5; j++) {
        double expected = w[j] * (data.get(i, j) - mean[j] / total); // closed form
        assertEquals(expected, exact.value(i, 0, j), ORACLE_TOL, "exact, row " + i + " feature " + j);
        assertEquals(expected, perm.value(i, 0, j), ORACLE_TOL, "permutation, row " + i + " feature " + j);
        assertTrue(perm.standardError(i, 0, j) <= ORACLE_TOL, "every pair gives the same estimate");
      }
    }
  }

  @Test
  void equalsInterventionalTreeShapOnMultiOutputTrees() {
    for (long seed = 1; seed <= 3; seed++) {
      TreeEnsemble model = RandomTrees.ensemble(new RandomTrees.Spec(seed, 12, 5, 7, 3, 2, false));
      Frame bg = Frame.ofRows(model.schema(), RandomTrees.rows(model.schema(), 20, seed * 11), 20);
      Frame data = Frame.ofRows(model.schema(), RandomTrees.rows(model.schema(), 15, seed * 13), 15);
      Attributions expected = TreeShap.interventional(model, bg).threads(1).explain(data);
      Attributions actual = ExactShapley.of(model, Background.of(bg)).threads(2).explain(data);
      int m = model.schema().size();
      for (int i = 0; i < data.rows(); i++) {
        for (int o = 0; o < 3; o++) {
          assertEquals(expected.baseValue(i, o), actual.baseValue(i, o), TREE_TOL);
          for (int j = 0; j < m; j++) {
            assertEquals(expected.value(i, o, j), actual.value(i, o, j), TREE_TOL,
                "seed " + seed + " row " + i + " output " + o + " feature " + j);
          }
        }
      }
    }
  }

  @Test
  void featureGroupsEqualTheGroupedGame() {
    Model model = nonLinearModel();
    Map<String, List<String>> groups = new LinkedHashMap<>();
    groups.put("ce", List.of("c", "e"));
    groups.put("dfg", List.of("d", "f", "g"));
    Players players = Players.groups(SEVEN, groups); // ce, dfg, a, b
    int[][] features = {{2, 4}, {3, 5, 6}, {0}, {1}}; // written out independently of Players
    Frame bg = randomFrame(SEVEN, WEIGHTS.length, 5);
    Frame data = randomFrame(SEVEN, 3, 6);
    Attributions a = ExactShapley.of(model, Background.of(bg, WEIGHTS), players).explain(data);
    assertEquals(List.of("ce", "dfg", "a", "b"), a.schema().names());
    for (int i = 0; i < data.rows(); i++) {
      double[] x = data.row(i);
      for (int o = 0; o < 2; o++) {
        int output = o;
        ShapleyOracle.Game game = groupMask -> {
          long mask = 0;
          for (int g = 0; g < features.length; g++) {
            if ((groupMask >>> g & 1) != 0) {
              for (int f : features[g]) {
                mask |= 1L << f;
              }
            }
          }
          return value(model, x, bg, WEIGHTS, mask, output);
        };
        assertArrayEquals(ShapleyOracle.shapley(game, 4), a.get(i, o).values(), ORACLE_TOL, "row " + i + " output " + o);
      }
    }
  }

  @Test
  void deterministicAcrossThreadsAndRowSets() {
    TreeEnsemble model = RandomTrees.ensemble(new RandomTrees.Spec(4, 10, 5, 6, 2, 2, false));
    Frame bg = Frame.ofRows(model.schema(), RandomTrees.rows(model.schema(), 10, 41), 10);
    Frame data = Frame.ofRows(model.schema(), RandomTrees.rows(model.schema(), 12, 43), 12);
    ExactShapley exact = ExactShapley.of(model, Background.of(bg));
    Attributions one = exact.threads(1).explain(data);
    Attributions two = exact.threads(2).explain(data);
    Attributions alone = exact.threads(1).explain(data, new int[] {7});
    for (int o = 0; o < 2; o++) {
      for (int i = 0; i < data.rows(); i++) {
        assertArrayEquals(one.get(i, o).values(), two.get(i, o).values(), 0.0);
      }
      assertArrayEquals(one.get(7, o).values(), alone.get(0, o).values(), 0.0);
    }
    assertEquals(7, alone.rowId(0));
  }

  @Test
  void callsTheModelInLargeBatches() {
    java.util.concurrent.atomic.AtomicLong calls = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.atomic.AtomicLong rows = new java.util.concurrent.atomic.AtomicLong();
    Model counted = Model.of("nonlinear-test-v1", SEVEN, TWO, (x, n, out) -> {
      calls.incrementAndGet();
      rows.addAndGet(n);
      nonLinear(x, n, out);
    });
    Frame bg = randomFrame(SEVEN, WEIGHTS.length, 1);
    Frame data = randomFrame(SEVEN, 3, 2);
    Attributions a = ExactShapley.of(counted, Background.of(bg, WEIGHTS)).threads(1).explain(data);
    // per row: 126 coalitions (v(∅), v(N) known) × 5 background rows in one call; plus v(∅) and f(x)
    assertEquals(3 + 2, calls.get());
    assertEquals(3L * 126 * 5 + 5 + 3, rows.get());
    assertEquals(calls.get(), a.diagnostics().modelCalls());
    assertEquals(rows.get(), a.diagnostics().rowsPredicted());
  }

  @Test
  void badInput() {
    Model model = nonLinearModel();
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
        () -> Background.of(Frame.ofRows(SEVEN, new double[0], 0)));
    assertTrue(empty.getMessage().contains("no rows"), empty.getMessage());

    Schema lacksD = Schema.numeric("a", "b", "c", "e", "f", "g");
    Background partial = Background.of(randomFrame(lacksD, 3, 1));
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> ExactShapley.of(model, partial));
    assertTrue(missing.getMessage().contains("background") && missing.getMessage().contains("'d'"),
        missing.getMessage());
    IllegalArgumentException missingPerm = assertThrows(IllegalArgumentException.class,
        () -> PermutationShap.of(model, partial));
    assertTrue(missingPerm.getMessage().contains("'d'"), missingPerm.getMessage());

    String[] names = new String[40];
    for (int j = 0; j < 40; j++) {
      names[j] = "x" + j;
    }
    Schema forty = Schema.numeric(names);
    Model wide = Model.of("wide-v1", forty, new Output(List.of("y"), Scale.VALUE), (x, n, out) -> { });
    IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
        () -> ExactShapley.of(wide, Background.of(randomFrame(forty, 2, 1))));
    String msg = tooMany.getMessage();
    assertTrue(msg.contains("40") && msg.contains("20") && msg.contains("PermutationShap") && msg.contains("KernelShap")
        && msg.contains("--method") && msg.contains("Players.groups"), msg);

    Players other = Players.features(Schema.numeric("a", "b"));
    assertThrows(IllegalArgumentException.class,
        () -> ExactShapley.of(model, Background.of(randomFrame(SEVEN, 2, 1)), other));
    assertThrows(IllegalArgumentException.class,
        () -> ExactShapley.of(model, Background.of(randomFrame(SEVEN, 2, 1))).threads(0));
  }
}
