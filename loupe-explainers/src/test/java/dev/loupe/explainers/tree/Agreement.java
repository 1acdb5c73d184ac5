package dev.loupe.explainers.tree;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.Frame;
import dev.loupe.core.TreeEnsemble;
import dev.loupe.testkit.Datasets;

/**
 * Entry-by-entry comparison of Loupe's TreeSHAP blocks with a reference's, for the reference tests:
 * the largest absolute difference, and on failure (and in the log) the worst entry with its index
 * in the block's shape and the scale of the expected values, so that a float32 rounding effect
 * can be told from a wrong value. Also what the reference tests ask of a model.
 */
final class Agreement {
  private Agreement() {}

  /**
   * Asserts {@code max |expected - actual| <= tolerance} over all entries (NaN never passes) and
   * returns the maximum.
   *
   * @param shape the dimensions of the row-major block, e.g. {@code n, k, m + 1}, for messages
   */
  static double check(String what, double[] expected, double[] actual, double tolerance, int... shape) {
    double max = Datasets.maxAbsDiff(expected, actual);
    int worst = 0;
    double scale = 0;
    for (int i = 0; i < expected.length; i++) {
      double d = Math.abs(expected[i] - actual[i]);
      if (Double.isNaN(d) || d > Math.abs(expected[worst] - actual[worst])) {
        worst = i;
      }
      scale = Math.max(scale, Math.abs(expected[i]));
    }
    String report = String.format("%-40s max |diff| %.3g at %s (expected %.9g, Loupe %.9g; max |expected| %.3g)",
        what, max, index(worst, shape), expected.length == 0 ? 0 : expected[worst],
        actual.length == 0 ? 0 : actual[worst], scale);
    System.out.println(report);
    assertTrue(max <= tolerance, report + " exceeds " + tolerance);
    return max;
  }

  /** {@code flat} as a multi-index {@code [a, b, ...]} of a row-major block of the given shape. */
  static String index(int flat, int... shape) {
    int[] idx = new int[shape.length];
    int r = flat;
    for (int d = shape.length - 1; d >= 0; d--) {
      idx[d] = r % shape[d];
      r /= shape[d];
    }
    return java.util.Arrays.toString(idx);
  }

  /** Loupe's path-dependent SHAP values of every row, {@code n x k x (m + 1)}, bias last. */
  static double[] shap(TreeShap explainer, TreeEnsemble model, Frame data) {
    int m = model.schema().size();
    double[] x = data.rowMajor(model.bind(data.schema()));
    double[] out = new double[data.rows() * model.numOutputs() * (m + 1)];
    explainer.shapValues(x, data.rows(), out);
    return out;
  }

  /** Loupe's SHAP interaction values of every row, {@code n x k x (m + 1) x (m + 1)}. */
  static double[] interactions(TreeShap explainer, TreeEnsemble model, Frame data) {
    int m1 = model.schema().size() + 1;
    double[] x = data.rowMajor(model.bind(data.schema()));
    double[] out = new double[data.rows() * model.numOutputs() * m1 * m1];
    explainer.interactionValues(x, data.rows(), out);
    return out;
  }

  /** The number of categorical splits in {@code m}: a reference test's check that categories are used. */
  static int categoricalSplits(TreeEnsemble m) {
    int n = 0;
    for (int node = 0; node < m.numNodes(); node++) {
      n += !m.isLeaf(node) && m.isCategorical(node) ? 1 : 0;
    }
    return n;
  }
}
