package dev.loupe.testkit;

import dev.loupe.core.TreeEnsemble;

/**
 * Shapley values by the definition, enumerating all 2^m coalitions: the independent source that
 * TreeSHAP is checked against. Exponential; for m up to about 12.
 *
 * <p>Games: the path-dependent game of Lundberg et al. 2020 ({@code v(S)} = expected tree output
 * when features outside S follow the training covers), and the interventional game
 * ({@code v(S) = mean_z f(x_S, z_notS)}).
 */
public final class ShapleyOracle {
  private ShapleyOracle() {}

  /** A cooperative game over {@code m} players, coalition given as a bit mask. */
  public interface Game {
    double value(long coalition);
  }

  /** phi[i] = sum over S not containing i of |S|!(m-|S|-1)!/m! (v(S+i) - v(S)). */
  public static double[] shapley(Game v, int m) {
    double[] cache = table(v, m);
    double[] w = new double[m];
    for (int s = 0; s < m; s++) {
      w[s] = 1.0 / (m * binomial(m - 1, s));
    }
    double[] phi = new double[m];
    for (long S = 0; S < (1L << m); S++) {
      int size = Long.bitCount(S);
      for (int i = 0; i < m; i++) {
        if ((S & (1L << i)) == 0) {
          phi[i] += w[size] * (cache[(int) (S | (1L << i))] - cache[(int) S]);
        }
      }
    }
    return phi;
  }

  /**
   * SHAP interaction values: off-diagonal {@code (i, j)} is half the Shapley interaction index,
   * sum over S without i, j of |S|!(m-|S|-2)!/(m-1)! (v(S+ij) - v(S+i) - v(S+j) + v(S)) / 2; the
   * diagonal is {@code phi_i - sum_{j != i}} of the row. Row-major m x m.
   */
  public static double[] interactions(Game v, int m) {
    double[] cache = table(v, m);
    double[] phi = shapley(v, m);
    double[] out = new double[m * m];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        if (i == j) {
          continue;
        }
        double sum = 0;
        for (long S = 0; S < (1L << m); S++) {
          if ((S & (1L << i)) != 0 || (S & (1L << j)) != 0) {
            continue;
          }
          int s = Long.bitCount(S);
          double w = 1.0 / ((m - 1) * binomial(m - 2, s));
          long si = S | (1L << i);
          long sj = S | (1L << j);
          sum += w * (cache[(int) (si | sj)] - cache[(int) si] - cache[(int) sj] + cache[(int) S]);
        }
        out[i * m + j] = sum / 2;
      }
    }
    for (int i = 0; i < m; i++) {
      double off = 0;
      for (int j = 0; j < m; j++) {
        if (j != i) {
          off += out[i * m + j];
        }
      }
      out[i * m + i] = phi[i] - off;
    }
    return out;
  }

  private static double[] table(Game v, int m) {
    if (m > 20) {
      throw new IllegalArgumentException("brute force over " + m + " players is too large");
    }
    double[] cache = new double[1 << m];
    for (int S = 0; S < (1 << m); S++) {
      cache[S] = v.value(S);
    }
    return cache;
  }

  private static double binomial(int n, int k) {
    double r = 1;
    for (int i = 1; i <= k; i++) {
      r = r * (n - k + i) / i;
    }
    return r;
  }

  /** The path-dependent game of one output of a tree ensemble at row x (includes the base margin). */
  public static Game pathDependent(TreeEnsemble model, double[] x, int output) {
    return S -> {
      double sum = model.baseMargin(output);
      for (int t = 0; t < model.numTrees(); t++) {
        if (model.treeOutput(t) == output) {
          sum += expectation(model, model.treeStart(t), x, S);
        }
      }
      return sum;
    };
  }

  private static double expectation(TreeEnsemble model, int node, double[] x, long S) {
    if (model.isLeaf(node)) {
      return model.value(node);
    }
    int f = model.feature(node);
    int l = model.left(node);
    int r = model.right(node);
    if ((S & (1L << f)) != 0) {
      return expectation(model, model.goesLeft(node, x[f]) ? l : r, x, S);
    }
    double c = model.cover(node);
    if (c <= 0) {
      return 0;
    }
    return (model.cover(l) * expectation(model, l, x, S) + model.cover(r) * expectation(model, r, x, S)) / c;
  }

  /** The interventional game of one output: mean over background rows z of f(x_S, z_notS). */
  public static Game interventional(TreeEnsemble model, double[] x, double[] background, int rows, int output) {
    int m = model.schema().size();
    int k = model.numOutputs();
    return S -> {
      double[] mixed = new double[rows * m];
      for (int r = 0; r < rows; r++) {
        for (int j = 0; j < m; j++) {
          mixed[r * m + j] = (S & (1L << j)) != 0 ? x[j] : background[r * m + j];
        }
      }
      double[] out = new double[rows * k];
      model.predict(mixed, rows, out);
      double sum = 0;
      for (int r = 0; r < rows; r++) {
        sum += out[r * k + output];
      }
      return sum / rows;
    };
  }
}
