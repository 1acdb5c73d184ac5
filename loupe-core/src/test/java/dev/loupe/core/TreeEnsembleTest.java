package dev.loupe.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The canonical tree form: split semantics by hand, and the builder's checks. */
class TreeEnsembleTest {
  private static final Schema SCHEMA = new Schema(List.of(Feature.numeric("x"), Feature.categorical("c")));

  /** One stump per rule; each leaf value says where the row went (left 1, right 0). */
  private static TreeEnsemble stump(boolean categorical, byte missing, boolean defaultLeft, boolean membersLeft) {
    TreeEnsemble.Builder b = TreeEnsemble.builder(SCHEMA, List.of("y")).digest("hand").beginTree(0, 3);
    if (categorical) {
      b.categoricalSplit(0, 1, new int[] {1, 3, 70}, membersLeft, 1, 2, defaultLeft, missing, 2);
    } else {
      b.numericSplit(0, 0, 0.5, 1, 2, defaultLeft, missing, 2);
    }
    return b.leaf(1, 1, 1).leaf(2, 0, 1).endTree().build();
  }

  private static double go(TreeEnsemble m, double x, double c) {
    double[] out = new double[1];
    m.predict(new double[] {x, c}, 1, out);
    return out[0];
  }

  @Test
  void numericSplitsAndTheThreeMissingModes() {
    TreeEnsemble nan = stump(false, TreeEnsemble.MISSING_NAN, false, false);
    assertEquals(1, go(nan, 0.4, 0));
    assertEquals(0, go(nan, 0.5, 0), "x < threshold goes left, equal goes right");
    assertEquals(0, go(nan, Double.NaN, 0), "missing goes to the default child (right)");
    assertEquals(1, go(stump(false, TreeEnsemble.MISSING_NAN, true, false), Double.NaN, 0));
    TreeEnsemble none = stump(false, TreeEnsemble.MISSING_NONE, false, false);
    assertEquals(1, go(none, Double.NaN, 0), "missing type None: NaN is 0.0, and 0.0 < 0.5");
    TreeEnsemble zero = stump(false, TreeEnsemble.MISSING_ZERO, false, false);
    assertEquals(0, go(zero, 0.0, 0), "missing type Zero: 0 goes to the default child");
    assertEquals(0, go(zero, 1e-36, 0));
    assertEquals(0, go(zero, Double.NaN, 0));
    assertEquals(1, go(zero, -1e-30, 0), "beyond the zero threshold a value is compared");
  }

  @Test
  void categoricalSplits() {
    TreeEnsemble membersLeft = stump(true, TreeEnsemble.MISSING_NAN, false, true);
    assertEquals(1, go(membersLeft, 0, 3));
    assertEquals(1, go(membersLeft, 0, 70), "codes beyond the first 64-bit word");
    assertEquals(1, go(membersLeft, 0, 3.7), "codes are truncated");
    assertEquals(0, go(membersLeft, 0, 2));
    assertEquals(0, go(membersLeft, 0, -1), "negative codes are never members");
    assertEquals(0, go(membersLeft, 0, 1e12), "huge codes are never members");
    assertEquals(0, go(membersLeft, 0, Double.NaN), "missing goes to the default child");
    TreeEnsemble membersRight = stump(true, TreeEnsemble.MISSING_NAN, false, false);
    assertEquals(0, go(membersRight, 0, 3));
    assertEquals(1, go(membersRight, 0, 2));
    assertArrayEquals(new int[] {1, 3, 70}, membersRight.categories(0));
  }

  @Test
  void builderRejectsMalformedTrees() {
    TreeEnsemble.Builder b = TreeEnsemble.builder(SCHEMA, List.of("y")).beginTree(0, 3);
    b.numericSplit(0, 0, 0.5, 1, 2, true, TreeEnsemble.MISSING_NAN, 2).leaf(1, 0, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::endTree);
    assertTrue(e.getMessage().contains("node 2 was never defined"), e.getMessage());
    TreeEnsemble.Builder c = TreeEnsemble.builder(SCHEMA, List.of("y")).beginTree(0, 3);
    e = assertThrows(IllegalArgumentException.class,
        () -> c.numericSplit(0, 5, 0.5, 1, 2, true, TreeEnsemble.MISSING_NAN, 2));
    assertTrue(e.getMessage().contains("feature 5"), e.getMessage());
    TreeEnsemble.Builder d = TreeEnsemble.builder(SCHEMA, List.of("y")).beginTree(0, 3);
    e = assertThrows(IllegalArgumentException.class,
        () -> d.numericSplit(0, 0, 0.5, 1, 3, true, TreeEnsemble.MISSING_NAN, 2));
    assertTrue(e.getMessage().contains("child 3"), e.getMessage());
    TreeEnsemble.Builder f = TreeEnsemble.builder(SCHEMA, List.of("y")).beginTree(0, 3);
    f.numericSplit(0, 0, 0.5, 1, 1, true, TreeEnsemble.MISSING_NAN, 2).leaf(1, 0, 1).leaf(2, 0, 1);
    e = assertThrows(IllegalArgumentException.class, f::endTree);
    assertTrue(e.getMessage().contains("parents"), e.getMessage());
  }

  @Test
  void marginsAddTreesPerOutputOnTheBase() {
    TreeEnsemble m = TreeEnsemble.builder(SCHEMA, List.of("a", "b")).baseMargin(0.25, -1).link(Link.SOFTMAX)
        .beginTree(0, 1).leaf(0, 2, 1).endTree()
        .beginTree(1, 1).leaf(0, 3, 1).endTree()
        .beginTree(0, 1).leaf(0, 0.5, 1).endTree()
        .build();
    double[] out = new double[2];
    m.predict(new double[] {0, 0}, 1, out);
    assertArrayEquals(new double[] {2.75, 2.0}, out, 0.0);
    m.predictResponse(new double[] {0, 0}, 1, out);
    double e = Math.exp(0.75);
    assertArrayEquals(new double[] {e / (e + 1), 1 / (e + 1)}, out, 1e-15);
  }

  /**
   * The batch predictor ({@code predict}) must reach the same leaf as {@link TreeEnsemble#leaf} for
   * every input, including NaN and infinite thresholds and inputs, categorical splits and the three
   * missing modes (source of truth: {@code goesLeft}, checked by hand above).
   */
  @Test
  void batchPredictionReachesTheSameLeafAsTheWalk() {
    double[] thresholds = {0.5, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0};
    double[] inputs = {0.4, 0.5, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, 1e-36, 3};
    for (double thr : thresholds) {
      for (byte mode = 0; mode <= 2; mode++) {
        for (boolean defLeft : new boolean[] {true, false}) {
          TreeEnsemble m = TreeEnsemble.builder(SCHEMA, List.of("y")).digest("hand").beginTree(0, 5)
              .numericSplit(0, 0, thr, 1, 2, defLeft, mode, 2)
              .leaf(1, 1, 1)
              .categoricalSplit(2, 1, new int[] {3}, true, 3, 4, !defLeft, TreeEnsemble.MISSING_NAN, 1)
              .leaf(3, 2, 1).leaf(4, 3, 1).endTree().build();
          for (double x : inputs) {
            for (double c : inputs) {
              double[] row = {x, c};
              double[] out = new double[1];
              m.predict(row, 1, out);
              assertEquals(m.value(m.leaf(0, row, 0)), out[0], 0.0,
                  "threshold " + thr + " mode " + mode + " x " + x + " c " + c);
            }
          }
        }
      }
    }
  }
}
