package dev.loupe.explainers.shapley;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.Attributions;
import dev.loupe.core.BatchFunction;
import dev.loupe.core.Frame;
import dev.loupe.core.Model;
import dev.loupe.core.Output;
import dev.loupe.core.Scale;
import dev.loupe.core.Schema;
import dev.loupe.core.TreeEnsemble;
import dev.loupe.explainers.shapley.KernelShap.Sampling;
import dev.loupe.explainers.tree.TreeShap;
import dev.loupe.testkit.RandomTrees;
import dev.loupe.testkit.ShapleyOracle;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * KernelSHAP against the mathematics.
 *
 * <ul>
 *   <li>Budget ≥ 2^M: the Shapley definition enumerated by {@link ShapleyOracle} over an
 *       interventional game evaluated here by direct loops (not through {@code CoalitionGame}),
 *       within {@value #EXACT} (rounding of O(2^M) sums of O(1) terms); trees against exact
 *       interventional TreeSHAP, same tolerance.
 *   <li>Linear model, sampled: the closed form {@code φ_i = w_i (x_i − Σ_b w_b b_i)}, within
 *       {@value #EXACT}: the kernel regression reproduces additive games exactly from any
 *       full-rank design.
 *   <li>Efficiency {@code Σφ = f(x) − base} within {@value #EXACT}, always.
 *   <li>Standard errors: against the spread of the estimates over 200 seeds (Monte Carlo), the
 *       mean reported SE within 20% of the observed standard deviation (the Monte Carlo standard
 *       deviation itself has ~5% relative error at 200 seeds; the linearisation is first order;
 *       measured ratios 1.05 leverage, 1.01 kernel, 0.99 plain).
 * </ul>
 */
class KernelShapTest {
  private static final double EXACT = 1e-9;

  // ------------------------------------------------------------------------------ fixtures

  /** A non-additive function of 7 features with 2 outputs. */
  private static final BatchFunction NONLINEAR = (rows, n, out) -> {
    for (int i = 0; i < n; i++) {
      int r = i * 7;
      double x0 = rows[r];
      double x1 = rows[r + 1];
      double x2 = rows[r + 2];
      double x3 = rows[r + 3];
      double x4 = rows[r + 4];
      double x5 = rows[r + 5];
      double x6 = rows[r + 6];
      out[2 * i] = x0 * x1 + Math.sin(x2) * x3 + Math.max(x4, x5) + x6 * x6 + x0 * x2 * x6;
      out[2 * i + 1] = Math.exp(0.3 * x1) - x3 * x5 + (x4 > 0 ? 1 : 0);
    }
  };

  private static Model nonlinear() {
    return Model.of("nonlinear-v1", Schema.numeric("a", "b", "c", "d", "e", "f", "g"),
        new Output(List.of("y", "z"), Scale.VALUE), NONLINEAR);
  }

  private static Frame gaussian(Schema schema, int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] x = new double[n * schema.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = nextGaussian(r);
    }
    return Frame.ofRows(schema, x, n);
  }

  private static double nextGaussian(SplittableRandom r) {
    double u = r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
  }

  private static Background weighted(Frame rows, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] w = new double[rows.rows()];
    for (int i = 0; i < w.length; i++) {
      w[i] = 0.2 + r.nextDouble();
    }
    return Background.of(rows, w);
  }

  /**
   * The exact Shapley values (over {@code groups}) of output {@code o} at row {@code x}, by the
   * definition: v(S) evaluated by direct loops, φ enumerated by {@link ShapleyOracle}.
   */
  private static double[] bruteForce(Model model, double[] x, Background bg, int[][] groups, int o) {
    int m = model.schema().size();
    int k = model.output().size();
    double[] b = bg.rows().rowMajor(model.schema());
    double[] w = bg.weights();
    int nb = w.length;
    ShapleyOracle.Game game = S -> {
      double[] rows = new double[nb * m];
      for (int r = 0; r < nb; r++) {
        for (int j = 0; j < m; j++) {
          rows[r * m + j] = b[r * m + j];
        }
        for (int g = 0; g < groups.length; g++) {
          if ((S & (1L << g)) != 0) {
            for (int j : groups[g]) {
              rows[r * m + j] = x[j];
            }
          }
        }
      }
      double[] out = new double[nb * k];
      model.predict(rows, nb, out);
      double v = 0;
      for (int r = 0; r < nb; r++) {
        v += w[r] * out[r * k + o];
      }
      return v;
    };
    return ShapleyOracle.shapley(game, groups.length);
  }

  private static int[][] singletons(int m) {
    int[][] g = new int[m][];
    for (int j = 0; j < m; j++) {
      g[j] = new int[] {j};
    }
    return g;
  }

  private static double[] values(Attributions a, int row, int output) {
    int m = a.schema().size();
    double[] v = new double[m];
    for (int j = 0; j < m; j++) {
      v[j] = a.value(row, output, j);
    }
    return v;
  }

  private static void assertEfficient(Attributions a, double tol) {
    assertTrue(a.maxAdditivityError() <= tol, "efficiency error " + a.maxAdditivityError());
  }

  // ------------------------------------------------------------------------------ exact

  @Test
  void fullBudgetEqualsBruteForceOnNonlinearMultiOutputModel() {
    Model model = nonlinear();
    Frame data = gaussian(model.schema(), 6, 1);
    Background bg = weighted(gaussian(model.schema(), 9, 2), 3);
    for (Sampling s : Sampling.values()) {
      Attributions a = KernelShap.of(model, bg).budget(1 << 7).sampling(s).seed(5).threads(1).explain(data);
      for (int i = 0; i < data.rows(); i++) {
        for (int o = 0; o < 2; o++) {
          double[] expected = bruteForce(model, data.row(i), bg, singletons(7), o);
          assertArrayEquals(expected, values(a, i, o), EXACT, s + " row " + i + " output " + o);
          for (int j = 0; j < 7; j++) {
            assertEquals(0.0, a.standardError(i, o, j), "all coalitions evaluated: no sampling error");
          }
        }
      }
      assertEquals(6L * (1 << 7), a.diagnostics().samples(), "2^7 coalitions per row");
      assertEfficient(a, EXACT);
    }
  }

  @Test
  void budgetAboveTwoToTheMStillEnumeratesOnce() {
    Model model = nonlinear();
    Frame data = gaussian(model.schema(), 2, 4);
    Background bg = Background.of(gaussian(model.schema(), 5, 5));
    Attributions a = KernelShap.of(model, bg).budget(100_000).threads(1).explain(data);
    assertEquals(2L * 128, a.diagnostics().samples());
    assertArrayEquals(bruteForce(model, data.row(1), bg, singletons(7), 1), values(a, 1, 1), EXACT);
  }

  @Test
  void fullBudgetEqualsInterventionalTreeShapOnRandomTrees() {
    for (long seed = 1; seed <= 4; seed++) {
      TreeEnsemble trees = RandomTrees.ensemble(new RandomTrees.Spec(seed, 8, 5, 8, seed == 2 ? 3 : 1, 2, false));
      int k = trees.numOutputs();
      Frame data = Frame.ofRows(trees.schema(), RandomTrees.rows(trees.schema(), 5, seed * 7), 5);
      Frame bgRows = Frame.ofRows(trees.schema(), RandomTrees.rows(trees.schema(), 12, seed * 11), 12);
      Attributions exact = TreeShap.interventional(trees, bgRows).threads(1).explain(data);
      Attributions kernel = KernelShap.of(trees, Background.of(bgRows)).budget(1 << 8).threads(1).explain(data);
      for (int i = 0; i < 5; i++) {
        for (int o = 0; o < k; o++) {
          assertArrayEquals(values(exact, i, o), values(kernel, i, o), EXACT, "seed " + seed + " row " + i);
          assertEquals(exact.baseValue(i, o), kernel.baseValue(i, o), EXACT);
        }
      }
    }
  }

  @Test
  void fullBudgetWithGroupsEqualsBruteForceOverGroups() {
    Model model = nonlinear();
    Frame data = gaussian(model.schema(), 4, 6);
    Background bg = weighted(gaussian(model.schema(), 7, 7), 8);
    Map<String, List<String>> groups = new LinkedHashMap<>();
    groups.put("ab", List.of("a", "b"));
    groups.put("dfe", List.of("d", "f", "e"));
    // players: ab, dfe, c, g
    int[][] members = {{0, 1}, {3, 5, 4}, {2}, {6}};
    Attributions a = KernelShap.of(model, bg).groups(groups).budget(16).threads(1).explain(data);
    assertEquals(List.of("ab", "dfe", "c", "g"), a.schema().names());
    for (int i = 0; i < 4; i++) {
      for (int o = 0; o < 2; o++) {
        assertArrayEquals(bruteForce(model, data.row(i), bg, members, o), values(a, i, o), EXACT);
      }
    }
    assertEfficient(a, EXACT);
  }

  @Test
  void playersFactoryEqualsGroupsAndRecordsTheGroups() {
    Model model = nonlinear();
    Frame data = gaussian(model.schema(), 4, 6);
    Background bg = weighted(gaussian(model.schema(), 7, 7), 8);
    Map<String, List<String>> groups = new LinkedHashMap<>();
    groups.put("ab", List.of("a", "b"));
    groups.put("dfe", List.of("d", "f", "e"));
    Attributions byMap = KernelShap.of(model, bg).groups(groups).budget(10).seed(3).threads(1).explain(data);
    Attributions byPlayers = KernelShap.of(model, bg, Players.groups(model.schema(), groups)).budget(10).seed(3)
        .threads(1).explain(data);
    for (int i = 0; i < 4; i++) {
      for (int o = 0; o < 2; o++) {
        assertArrayEquals(values(byMap, i, o), values(byPlayers, i, o), 0.0);
      }
    }
    assertEquals("{ab=[a, b], dfe=[d, f, e]}", byMap.provenance().parameters().get("players"));
    assertEquals(byMap.provenance().parameters(), byPlayers.provenance().parameters());
    Attributions perFeature = KernelShap.of(model, bg, Players.features(model.schema())).budget(16).threads(1)
        .explain(data);
    assertEquals("features", perFeature.provenance().parameters().get("players"));
    assertThrows(IllegalArgumentException.class,
        () -> KernelShap.of(model, bg, Players.features(Schema.numeric("a", "b"))));
  }

  // ------------------------------------------------------------------------------ sampled

  @Test
  void linearModelIsExactEvenWhenSampled() {
    int m = 12;
    double[] coef = new double[m];
    for (int j = 0; j < m; j++) {
      coef[j] = (j % 3 - 1) * (1 + 0.5 * j);
    }
    Schema schema = Schema.positional(m);
    Model linear = Model.of("linear-v1", schema, new Output(List.of("y"), Scale.VALUE), (rows, n, out) -> {
      for (int i = 0; i < n; i++) {
        double s = 0.7;
        for (int j = 0; j < m; j++) {
          s += coef[j] * rows[i * m + j];
        }
        out[i] = s;
      }
    });
    Frame data = gaussian(schema, 5, 9);
    Background bg = weighted(gaussian(schema, 20, 10), 11);
    double[] b = bg.rows().rowMajor();
    double[] w = bg.weights();
    for (Sampling s : Sampling.values()) {
      Attributions a = KernelShap.of(linear, bg).budget(60).sampling(s).seed(3).threads(1).explain(data);
      for (int i = 0; i < 5; i++) {
        for (int j = 0; j < m; j++) {
          double mean = 0;
          for (int r = 0; r < w.length; r++) {
            mean += w[r] * b[r * m + j];
          }
          // closed form: φ_j = w_j (x_j − E_bg[x_j])
          assertEquals(coef[j] * (data.get(i, j) - mean), a.value(i, 0, j), EXACT, s + " row " + i + " feature " + j);
          assertEquals(0, a.standardError(i, 0, j), EXACT, "an additive game has zero residuals");
        }
      }
      assertEquals(5L * 60, a.diagnostics().samples(), s + ": the whole budget");
    }
  }

  @Test
  void efficiencyHoldsWhenSampled() {
    Model model = nonlinear();
    Frame data = gaussian(model.schema(), 10, 12);
    Background bg = Background.of(gaussian(model.schema(), 8, 13));
    for (Sampling s : Sampling.values()) {
      Attributions a = KernelShap.of(model, bg).budget(40).sampling(s).seed(1).explain(data);
      assertEfficient(a, EXACT);
      assertTrue(a.diagnostics().hasStandardErrors());
    }
  }

  /**
   * f = h(x0 + x1) + x2·x3 + x4 with x5 unused; the background has equal columns 0 and 1 and the
   * explained rows have x0 = x1, so players 0 and 1 are symmetric and player 5 is a dummy.
   */
  @Test
  void symmetryAndDummy() {
    Schema schema = Schema.numeric("x0", "x1", "x2", "x3", "x4", "x5");
    Model model = Model.of("sym-v1", schema, new Output(List.of("y"), Scale.VALUE), (rows, n, out) -> {
      for (int i = 0; i < n; i++) {
        int r = i * 6;
        out[i] = Math.tanh(rows[r] + rows[r + 1]) * 3 + rows[r + 2] * rows[r + 3] + rows[r + 4];
      }
    });
    double[] bgRows = gaussian(schema, 10, 14).rowMajor();
    double[] xs = gaussian(schema, 4, 15).rowMajor();
    for (int i = 0; i < 10; i++) {
      bgRows[i * 6 + 1] = bgRows[i * 6];
    }
    for (int i = 0; i < 4; i++) {
      xs[i * 6 + 1] = xs[i * 6];
    }
    Background bg = Background.of(Frame.ofRows(schema, bgRows, 10));
    Frame data = Frame.ofRows(schema, xs, 4);
    // exact (64 >= 2^6): the axioms hold to rounding
    Attributions exact = KernelShap.of(model, bg).budget(64).threads(1).explain(data);
    // sampled: symmetric players agree and the dummy is 0 within 4 standard errors
    Attributions sampled = KernelShap.of(model, bg).budget(30).seed(2).threads(1).explain(data);
    for (int i = 0; i < 4; i++) {
      assertEquals(exact.value(i, 0, 0), exact.value(i, 0, 1), 1e-12, "symmetry");
      assertEquals(0, exact.value(i, 0, 5), 1e-12, "dummy");
      double se5 = sampled.standardError(i, 0, 5);
      assertTrue(Math.abs(sampled.value(i, 0, 5)) <= 4 * se5 + 1e-12,
          "dummy " + sampled.value(i, 0, 5) + " vs SE " + se5);
      double d = sampled.value(i, 0, 0) - sampled.value(i, 0, 1);
      double seD = Math.hypot(sampled.standardError(i, 0, 0), sampled.standardError(i, 0, 1));
      assertTrue(Math.abs(d) <= 4 * seD + 1e-12, "symmetry " + d + " vs SE " + seD);
    }
  }

  @Test
  void standardErrorsMatchTheSpreadOverSeeds() {
    Model model = nonlinear();
    Frame one = gaussian(model.schema(), 1, 16);
    Background bg = Background.of(gaussian(model.schema(), 10, 17));
    int seeds = 200;
    for (Sampling s : Sampling.values()) {
      double[] sum = new double[14];
      double[] sumSq = new double[14];
      double[] seSum = new double[14];
      for (int seed = 0; seed < seeds; seed++) {
        Attributions a = KernelShap.of(model, bg).budget(48).sampling(s).seed(seed).threads(1).explain(one);
        for (int o = 0; o < 2; o++) {
          for (int j = 0; j < 7; j++) {
            double v = a.value(0, o, j);
            sum[o * 7 + j] += v;
            sumSq[o * 7 + j] += v * v;
            seSum[o * 7 + j] += a.standardError(0, o, j);
          }
        }
      }
      double reported = 0;
      double observed = 0;
      for (int i = 0; i < 14; i++) {
        double mean = sum[i] / seeds;
        observed += Math.sqrt(Math.max(0, (sumSq[i] - seeds * mean * mean) / (seeds - 1)));
        reported += seSum[i] / seeds;
      }
      double ratio = reported / observed;
      assertTrue(ratio > 0.8 && ratio < 1.2,
          s + ": mean reported SE / observed SD over " + seeds + " seeds = " + ratio);
    }
  }

  // ------------------------------------------------------------------------------ determinism

  @Test
  void sameSeedSameBitsForAnyThreadCountAndBatch() {
    Model model = nonlinear();
    Frame data = gaussian(model.schema(), 9, 18);
    Background bg = Background.of(gaussian(model.schema(), 6, 19));
    KernelShap k = KernelShap.of(model, bg).budget(50).seed(77);
    Attributions one = k.threads(1).explain(data);
    Attributions two = k.threads(2).explain(data);
    Attributions alone = k.threads(1).explain(data, new int[] {6});
    double[] v1 = one.diagnostics().standardErrors();
    assertArrayEquals(v1, two.diagnostics().standardErrors());
    for (int i = 0; i < 9; i++) {
      for (int o = 0; o < 2; o++) {
        assertArrayEquals(values(one, i, o), values(two, i, o), 0.0);
      }
    }
    for (int o = 0; o < 2; o++) {
      assertArrayEquals(values(one, 6, o), values(alone, 0, o), 0.0, "row 6 alone");
      for (int j = 0; j < 7; j++) {
        assertEquals(one.standardError(6, o, j), alone.standardError(0, o, j), 0.0);
      }
    }
    assertEquals(6, alone.rowId(0));
    Attributions other = k.seed(78).threads(1).explain(data);
    assertTrue(Math.abs(other.value(0, 0, 0) - one.value(0, 0, 0)) > 0, "another seed, other draws");
  }

  // ------------------------------------------------------------------------------ early stop

  @Test
  void targetAccuracyStopsEarlyAndReportsFewerCoalitions() {
    Model model = nonlinear();
    Frame data = gaussian(model.schema(), 8, 20);
    Background bg = Background.of(gaussian(model.schema(), 6, 21));
    KernelShap k = KernelShap.of(model, bg).budget(120).seed(4).threads(1);
    Attributions full = k.explain(data);
    assertEquals(8L * 120, full.diagnostics().samples());
    Attributions loose = k.targetRelativeError(0.5).explain(data);
    assertTrue(loose.diagnostics().samples() < full.diagnostics().samples(),
        "stopped early: " + loose.diagnostics().samples());
    assertEfficient(loose, EXACT);
    Attributions unreachable = k.targetError(1e-12).explain(data);
    assertEquals(8L * 120, unreachable.diagnostics().samples(), "an unreachable target uses the whole budget");
    assertArrayEquals(full.diagnostics().standardErrors(), unreachable.diagnostics().standardErrors(), 0.0,
        "the whole budget gives the same estimate with or without checkpoints");
  }

  // ------------------------------------------------------------------------------ bad input

  @Test
  void badInputNamesTheProblem() {
    Model model = nonlinear();
    Background bg = Background.of(gaussian(model.schema(), 3, 22));
    IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
        () -> KernelShap.of(model, bg).budget(15));
    assertTrue(small.getMessage().contains(">= 16") && small.getMessage().contains("7 players"), small.getMessage());
    assertThrows(IllegalArgumentException.class, () -> KernelShap.of(model, bg).budget(0));
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> KernelShap.of(model, bg).groups(Map.of("g", List.of("a", "nope"))));
    assertTrue(unknown.getMessage().contains("nope"), unknown.getMessage());
    assertThrows(IllegalArgumentException.class, () -> KernelShap.of(model, bg).threads(0));
    assertThrows(IllegalArgumentException.class, () -> KernelShap.of(model, bg).targetError(-1));
    assertThrows(IllegalArgumentException.class, () -> KernelShap.of(model, bg).targetRelativeError(Double.NaN));
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
        () -> KernelShap.of(model, Background.of(gaussian(model.schema(), 0, 1))));
    assertTrue(empty.getMessage().contains("no rows"), empty.getMessage());
    IllegalArgumentException columns = assertThrows(IllegalArgumentException.class,
        () -> KernelShap.of(model, Background.of(gaussian(Schema.numeric("a", "b"), 3, 1))));
    assertTrue(columns.getMessage().startsWith("background"), columns.getMessage());
    // with groups the minimum is for the players: 2 groups + 2 features = 4 players, 2^4 = 16 > 2*4+2
    KernelShap grouped = KernelShap.of(model, bg)
        .groups(Map.of("p", List.of("a", "b", "c"), "q", List.of("d", "e")));
    assertEquals(4, grouped.players().size());
    assertEquals(10, grouped.budget(10).budget());
    assertThrows(IllegalArgumentException.class, () -> grouped.budget(9));
  }

  // ------------------------------------------------------------------------------ design

  /**
   * With one all-zero background row and an all-one explained row, every predicted row is the
   * indicator of its coalition: the model sees exactly which coalitions were evaluated.
   */
  @Test
  void pairedSchemesEvaluateDistinctComplementaryPairsAndPlainDrawsWithReplacement() {
    int m = 9;
    Schema schema = Schema.positional(m);
    for (Sampling s : Sampling.values()) {
      java.util.List<Integer> seen = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
      Model recorder = Model.of("recorder-v1", schema, new Output(List.of("y"), Scale.VALUE), (rows, n, out) -> {
        for (int i = 0; i < n; i++) {
          int mask = 0;
          for (int j = 0; j < m; j++) {
            mask |= rows[i * m + j] == 1 ? 1 << j : 0;
          }
          seen.add(mask);
          out[i] = Integer.bitCount(mask & 0b101) * Integer.bitCount(mask); // not additive
        }
      });
      double[] ones = new double[m];
      Arrays.fill(ones, 1);
      Background zero = Background.of(Frame.ofRows(schema, new double[m], 1));
      KernelShap.of(recorder, zero).budget(202).sampling(s).seed(9).threads(1)
          .explain(Frame.ofRows(schema, ones, 1));
      java.util.Set<Integer> proper = new java.util.HashSet<>();
      int count = 0;
      for (int mask : seen) {
        if (mask != 0 && mask != (1 << m) - 1) {
          proper.add(mask);
          count++;
        }
      }
      assertEquals(200, count, s + ": 202 coalitions minus v(∅) and v(N)");
      if (s == Sampling.PLAIN) {
        assertTrue(proper.size() < 200, "200 draws with replacement among 510 coalitions repeat some (birthday)");
      } else {
        assertEquals(200, proper.size(), s + ": without replacement");
        for (int mask : proper) {
          assertTrue(proper.contains(~mask & ((1 << m) - 1)), s + ": the complement of " + mask + " is evaluated");
        }
      }
    }
  }

  @Test
  void designSpendsTheBudgetAndEnumeratesSmallSizesFirst() {
    for (int m : new int[] {4, 5, 8, 10, 23, 40}) {
      for (Sampling s : new Sampling[] {Sampling.LEVERAGE, Sampling.KERNEL}) {
        for (long budget : new long[] {2L * m + 2, 3L * m + 7, 200, 2048, 5000}) {
          if (KernelDesign.exhaustive(m, budget) || budget < KernelDesign.minimumBudget(m)) {
            continue;
          }
          KernelDesign d = KernelDesign.of(m, budget, s);
          assertEquals(2 + 2 * ((budget - 2) / 2), d.coalitions, m + " " + s + " " + budget);
          boolean sampledSeen = false;
          for (int st = 0; st < d.strata(); st++) {
            assertTrue(d.draws[st] >= Math.min(2, d.population[st]), "at least 2 pairs per stratum");
            assertTrue(d.draws[st] <= d.population[st]);
            boolean complete = d.complete(st, d.draws[st]);
            assertTrue(!(complete && sampledSeen) || d.population[st] <= 2,
                "enumerated strata are the smallest sizes: m " + m + " " + s + " budget " + budget);
            sampledSeen |= !complete;
          }
          assertTrue(sampledSeen, "below 2^M something is sampled");
        }
      }
    }
    // credit default at 2,048 (1,023 pairs): leverage water-fills 23 + 10 x 100 pairs, enumerating
    // size 1 (23 pairs) and sampling 100 of the pairs of every other size
    KernelDesign d = KernelDesign.of(23, 2048, Sampling.LEVERAGE);
    assertArrayEquals(new int[] {23, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100}, d.draws);
  }
}
