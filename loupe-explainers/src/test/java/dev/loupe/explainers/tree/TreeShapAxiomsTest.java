package dev.loupe.explainers.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.Attribution;
import dev.loupe.core.Attributions;
import dev.loupe.core.Frame;
import dev.loupe.core.Link;
import dev.loupe.core.Schema;
import dev.loupe.core.TreeEnsemble;
import dev.loupe.testkit.RandomTrees;
import dev.loupe.testkit.ShapleyOracle;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * TreeSHAP against the mathematics: the Shapley definition enumerated by brute force
 * ({@link ShapleyOracle}) on random trees, and the axioms (efficiency, dummy, symmetry) on trees
 * built by hand. Random trees use few features so that features repeat along paths, all three
 * missing modes, categorical splits and zero-cover leaves.
 */
class TreeShapAxiomsTest {

  private static final double TOL = 1e-10; // rounding of sums of O(10) terms of size O(1)

  private static RandomTrees.Spec spec(long seed, int outputs, boolean zeroCover) {
    return new RandomTrees.Spec(seed, 6, 6, 7, outputs, 2, zeroCover);
  }

  @Test
  void pathDependentEqualsShapleyDefinitionByEnumeration() {
    for (long seed = 1; seed <= 12; seed++) {
      int outputs = seed % 3 == 0 ? 3 : 1;
      TreeEnsemble model = RandomTrees.ensemble(spec(seed, outputs, seed % 2 == 0));
      int m = model.schema().size();
      int n = 15;
      double[] x = RandomTrees.rows(model.schema(), n, seed * 31);
      double[] out = new double[n * outputs * (m + 1)];
      TreeShap.pathDependent(model).threads(1).shapValues(x, n, out);
      for (int i = 0; i < n; i++) {
        double[] row = java.util.Arrays.copyOfRange(x, i * m, (i + 1) * m);
        for (int o = 0; o < outputs; o++) {
          ShapleyOracle.Game game = ShapleyOracle.pathDependent(model, row, o);
          double[] expected = ShapleyOracle.shapley(game, m);
          int off = (i * outputs + o) * (m + 1);
          for (int j = 0; j < m; j++) {
            assertEquals(expected[j], out[off + j], TOL, "seed " + seed + " row " + i + " output " + o + " feature " + j);
          }
          assertEquals(game.value(0), out[off + m], TOL, "bias = v(empty set), seed " + seed);
        }
      }
    }
  }

  @Test
  void interactionsEqualShapleyInteractionIndexByEnumeration() {
    for (long seed = 20; seed <= 27; seed++) {
      int outputs = seed % 4 == 0 ? 2 : 1;
      TreeEnsemble model = RandomTrees.ensemble(spec(seed, outputs, seed % 3 == 0));
      int m = model.schema().size();
      int m1 = m + 1;
      int n = 8;
      double[] x = RandomTrees.rows(model.schema(), n, seed * 17);
      double[] out = new double[n * outputs * m1 * m1];
      TreeShap.pathDependent(model).threads(1).interactionValues(x, n, out);
      double[] shap = new double[n * outputs * m1];
      TreeShap.pathDependent(model).threads(1).shapValues(x, n, shap);
      for (int i = 0; i < n; i++) {
        double[] row = java.util.Arrays.copyOfRange(x, i * m, (i + 1) * m);
        for (int o = 0; o < outputs; o++) {
          double[] expected = ShapleyOracle.interactions(ShapleyOracle.pathDependent(model, row, o), m);
          int off = (i * outputs + o) * m1 * m1;
          for (int a = 0; a < m; a++) {
            double rowSum = 0;
            for (int b = 0; b < m; b++) {
              assertEquals(expected[a * m + b], out[off + a * m1 + b], TOL,
                  "seed " + seed + " row " + i + " output " + o + " entry " + a + "," + b);
              rowSum += out[off + a * m1 + b];
            }
            // rows of the matrix add up to the SHAP value
            assertEquals(shap[(i * outputs + o) * m1 + a], rowSum, TOL);
            assertEquals(0.0, out[off + a * m1 + m], 0.0, "bias column is zero");
          }
          assertEquals(shap[(i * outputs + o) * m1 + m], out[off + m * m1 + m], 0.0, "bias entry");
        }
      }
    }
  }

  @Test
  void interventionalEqualsShapleyDefinitionByEnumeration() {
    for (long seed = 40; seed <= 47; seed++) {
      int outputs = seed % 4 == 0 ? 2 : 1;
      TreeEnsemble model = RandomTrees.ensemble(spec(seed, outputs, false));
      int m = model.schema().size();
      int bgRows = 7;
      double[] bg = RandomTrees.rows(model.schema(), bgRows, seed * 101);
      int n = 6;
      double[] x = RandomTrees.rows(model.schema(), n, seed * 103);
      double[] out = new double[n * outputs * (m + 1)];
      TreeShap.interventional(model, Frame.ofRows(model.schema(), bg, bgRows)).threads(1).shapValues(x, n, out);
      for (int i = 0; i < n; i++) {
        double[] row = java.util.Arrays.copyOfRange(x, i * m, (i + 1) * m);
        for (int o = 0; o < outputs; o++) {
          ShapleyOracle.Game game = ShapleyOracle.interventional(model, row, bg, bgRows, o);
          double[] expected = ShapleyOracle.shapley(game, m);
          int off = (i * outputs + o) * (m + 1);
          for (int j = 0; j < m; j++) {
            // the tolerance for interventional against brute force
            assertEquals(expected[j], out[off + j], 1e-9, "seed " + seed + " row " + i + " feature " + j);
          }
          assertEquals(game.value(0), out[off + m], 1e-12, "bias = mean background prediction");
        }
      }
    }
  }

  /**
   * Trees deeper than the unrolled kernel serves (more than 8 distinct features on a path) take
   * the generic quadrature path: it must equal the Shapley definition and the Shapley interaction
   * index enumerated by brute force (12 features, depth 12, up to 12 distinct features, 6 points).
   */
  @Test
  void genericQuadratureForDeepTreesEqualsBruteForce() {
    int deep = 0;
    for (long seed = 1; seed <= 6; seed++) {
      TreeEnsemble model = RandomTrees.ensemble(
          new RandomTrees.Spec(seed, 4, 12, 12, seed % 2 == 0 ? 2 : 1, 2, seed % 3 == 0));
      if (new PathDependentTrees(model).points == PathDependentTrees.UNROLLED_POINTS) {
        continue;
      }
      deep++;
      int m = model.schema().size();
      int k = model.numOutputs();
      int m1 = m + 1;
      int n = 4;
      double[] x = RandomTrees.rows(model.schema(), n, seed * 7);
      double[] shap = new double[n * k * m1];
      double[] inter = new double[n * k * m1 * m1];
      TreeShap.pathDependent(model).threads(1).shapValues(x, n, shap);
      TreeShap.pathDependent(model).threads(1).interactionValues(x, n, inter);
      for (int i = 0; i < n; i++) {
        double[] row = java.util.Arrays.copyOfRange(x, i * m, (i + 1) * m);
        for (int o = 0; o < k; o++) {
          ShapleyOracle.Game game = ShapleyOracle.pathDependent(model, row, o);
          double[] phi = ShapleyOracle.shapley(game, m);
          double[] phiIJ = ShapleyOracle.interactions(game, m);
          for (int a = 0; a < m; a++) {
            assertEquals(phi[a], shap[(i * k + o) * m1 + a], TOL, "seed " + seed + " feature " + a);
            for (int b = 0; b < m; b++) {
              assertEquals(phiIJ[a * m + b], inter[((i * k + o) * m1 + a) * m1 + b], TOL,
                  "seed " + seed + " entry " + a + "," + b);
            }
          }
        }
      }
    }
    assertTrue(deep > 0, "no random tree reached the generic path");
  }

  /** Efficiency on deep trees with many features, beyond brute force: base + sum(phi) = f(x). */
  @Test
  void efficiencyOnDeepTrees() {
    TreeEnsemble model = RandomTrees.ensemble(new RandomTrees.Spec(99, 40, 14, 25, 2, 5, true));
    int n = 50;
    double[] x = RandomTrees.rows(model.schema(), n, 5);
    Frame frame = Frame.ofRows(model.schema(), x, n);
    Attributions a = TreeShap.pathDependent(model).explain(frame);
    assertTrue(a.maxAdditivityError() < 1e-9, "path-dependent additivity error " + a.maxAdditivityError());
    Attributions b = TreeShap.interventional(model, frame.slice(0, 20)).explain(frame.slice(20, 50));
    assertTrue(b.maxAdditivityError() < 1e-9, "interventional additivity error " + b.maxAdditivityError());
    // the explanation's prediction is the model's own margin (independent check of the layout)
    double[] margins = model.predict(frame);
    for (int i = 0; i < n; i++) {
      assertEquals(margins[i * 2 + 1], a.get(i, 1).prediction(), 0.0);
    }
  }

  @Test
  void resultsDoNotDependOnThreadCount() {
    TreeEnsemble model = RandomTrees.ensemble(new RandomTrees.Spec(7, 30, 8, 12, 3, 3, true));
    int m = model.schema().size();
    int n = 500;
    double[] x = RandomTrees.rows(model.schema(), n, 11);
    double[] one = new double[n * 3 * (m + 1)];
    TreeShap.pathDependent(model).threads(1).shapValues(x, n, one);
    for (int t : new int[] {2, 3, 8}) {
      double[] many = new double[one.length];
      TreeShap.pathDependent(model).threads(t).shapValues(x, n, many);
      assertArrayEquals(one, many, "bit-identical with " + t + " threads");
    }
    int m1 = m + 1;
    double[] i1 = new double[40 * 3 * m1 * m1];
    double[] i3 = new double[i1.length];
    TreeShap.pathDependent(model).threads(1).interactionValues(x, 40, i1);
    TreeShap.pathDependent(model).threads(3).interactionValues(x, 40, i3);
    assertArrayEquals(i1, i3);
    Frame bg = Frame.ofRows(model.schema(), RandomTrees.rows(model.schema(), 30, 12), 30);
    double[] v1 = new double[100 * 3 * m1];
    double[] v2 = new double[v1.length];
    TreeShap.interventional(model, bg).threads(1).shapValues(x, 100, v1);
    TreeShap.interventional(model, bg).threads(2).shapValues(x, 100, v2);
    assertArrayEquals(v1, v2);
  }

  /**
   * A hand-built tree on x0, x1 (x2 unused): f = 0, 1, 1, 3 for (x0 > 0, x1 > 0) = (n,n), (n,y),
   * (y,n), (y,y), covers 25 each. f and the covers are symmetric in x0 and x1.
   */
  private static TreeEnsemble symmetricTree(boolean x0First) {
    int a = x0First ? 0 : 1;
    int b = x0First ? 1 : 0;
    Schema schema = Schema.numeric("x0", "x1", "x2");
    return TreeEnsemble.builder(schema, List.of("y")).link(Link.IDENTITY).digest("hand")
        .beginTree(0, 7)
        .numericSplit(0, a, 0.0, 1, 2, true, TreeEnsemble.MISSING_NAN, 100)
        .numericSplit(1, b, 0.0, 3, 4, true, TreeEnsemble.MISSING_NAN, 50)
        .numericSplit(2, b, 0.0, 5, 6, true, TreeEnsemble.MISSING_NAN, 50)
        .leaf(3, 0, 25).leaf(4, 1, 25).leaf(5, 1, 25).leaf(6, 3, 25)
        .endTree().build();
  }

  @Test
  void symmetryDummyAndEfficiencyOnAHandBuiltTree() {
    Frame x = Frame.ofRows(Schema.numeric("x0", "x1", "x2"), new double[][] {{1, 1, 5}, {-1, -1, 0}, {1, -1, 2}});
    for (boolean order : new boolean[] {true, false}) {
      Attributions a = TreeShap.pathDependent(symmetricTree(order)).explain(x);
      // Row (1, 1): the game is v({}) = 1.25, v({0}) = v({1}) = 2, v({0,1}) = 3, so by symmetry
      // phi0 = phi1 = (3 - 1.25) / 2 = 0.875 (hand computation).
      Attribution r0 = a.get(0, 0);
      assertEquals(0.875, r0.value("x0"), 1e-15);
      assertEquals(0.875, r0.value("x1"), 1e-15);
      assertEquals(0.0, r0.value("x2"), 0.0, "dummy: x2 is never used");
      assertEquals(1.25, r0.baseValue(), 1e-15);
      // Row (-1, -1): v({0}) = v({1}) = 0.5, v({0,1}) = 0 -> phi0 = phi1 = -0.625
      assertEquals(-0.625, a.get(1, 0).value("x0"), 1e-15);
      assertEquals(-0.625, a.get(1, 0).value("x1"), 1e-15);
      // Row (1, -1): v({0}) = 2, v({1}) = 0.5, v({0,1}) = 1: phi0 = ((2-1.25) + (1-0.5))/2 = 0.625,
      // phi1 = ((0.5-1.25) + (1-2))/2 = -0.875
      assertEquals(0.625, a.get(2, 0).value("x0"), 1e-15);
      assertEquals(-0.875, a.get(2, 0).value("x1"), 1e-15);
      assertTrue(a.maxAdditivityError() < 1e-15);
    }
  }

  @Test
  void singleLeafTreesOnlyShiftTheBias() {
    Schema schema = Schema.numeric("a", "b");
    TreeEnsemble model = TreeEnsemble.builder(schema, List.of("y")).baseMargin(0.5).digest("hand")
        .beginTree(0, 1).leaf(0, 2.0, 10).endTree()
        .beginTree(0, 3).numericSplit(0, 1, 0.0, 1, 2, false, TreeEnsemble.MISSING_NAN, 10)
        .leaf(1, -1, 4).leaf(2, 1, 6).endTree()
        .build();
    Attributions a = TreeShap.pathDependent(model).explain(Frame.ofRows(schema, new double[][] {{3, 1}}));
    assertEquals(0.0, a.get(0, 0).value("a"), 0.0);
    // bias = 0.5 + 2 + (-1 * 0.4 + 1 * 0.6) = 2.7; phi_b = 1 - 0.2 = 0.8
    assertEquals(2.7, a.get(0, 0).baseValue(), 1e-15);
    assertEquals(0.8, a.get(0, 0).value("b"), 1e-15);
  }

  @Test
  void anEmptyBackgroundIsAClearError() {
    TreeEnsemble model = symmetricTree(true);
    Frame empty = Frame.ofRows(model.schema(), new double[0], 0);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TreeShap.interventional(model, empty));
    assertTrue(e.getMessage().contains("background has no rows"), e.getMessage());
  }

  @Test
  void interactionsNeedThePathDependentGame() {
    TreeEnsemble model = symmetricTree(true);
    Frame bg = Frame.ofRows(model.schema(), new double[][] {{0, 0, 0}});
    assertThrows(UnsupportedOperationException.class,
        () -> TreeShap.interventional(model, bg).interactionValues(new double[3], 1, new double[16]));
  }
}
