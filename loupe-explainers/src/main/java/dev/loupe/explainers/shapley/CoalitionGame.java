package dev.loupe.explainers.shapley;

import dev.loupe.core.Model;

/**
 * The interventional (baseline) game of one explained row: the value of a coalition S of players
 * is the weighted mean model output over the background with the players in S set to the
 * explained row's values, {@code v(S) = Σ_b w_b f(x_S, b_{¬S})} (Janzing et al. 2020; Lundberg &
 * Lee 2017's independent masking).
 *
 * <p>A player is a group of features (one feature by default; one-hot columns as one player).
 * Coalitions are evaluated in batches: {@link #values} builds all {@code count × |background|}
 * rows and predicts them in as few {@code predict} calls as the batch limit allows. Cost per
 * coalition: |background| model rows.
 *
 * <p>Not thread-safe: buffers are reused. Use one game per thread; {@link #row} sets the explained
 * row without allocating.
 */
final class CoalitionGame {
  /** Most rows handed to the model in one {@code predict} call. */
  static final int MAX_BATCH_ROWS = 1 << 15;

  private final Model model;
  private final double[] background; // nb x m, model order
  private final double[] weights;
  private final int nb;
  private final int m;
  private final int k;
  private final int[][] groups;
  private final double[] x;
  private final int coalitionsPerCall;
  private final double[] rows;
  private final double[] out;
  private int predictThreads = 1;

  /**
   * @param model the model (usually a counting wrapper)
   * @param background background rows in model feature order, row-major
   * @param weights background weights summing to 1
   * @param groups for each player, the model feature indices it owns (a partition of the features)
   */
  CoalitionGame(Model model, double[] background, double[] weights, int[][] groups) {
    this.model = model;
    this.m = model.schema().size();
    this.k = model.output().size();
    this.nb = weights.length;
    this.background = background;
    this.weights = weights;
    this.groups = groups;
    this.x = new double[m];
    this.coalitionsPerCall = Math.max(1, MAX_BATCH_ROWS / nb);
    this.rows = new double[coalitionsPerCall * nb * m];
    this.out = new double[coalitionsPerCall * nb * k];
  }

  /**
   * Lets each batch {@code predict} use up to {@code threads} threads (for few explained rows on
   * many cores); results do not change.
   */
  CoalitionGame predictThreads(int threads) {
    this.predictThreads = Math.max(1, threads);
    return this;
  }

  int players() {
    return groups.length;
  }

  int outputs() {
    return k;
  }

  /** Sets the explained row (model feature order). */
  void row(double[] explained, int offset) {
    System.arraycopy(explained, offset, x, 0, m);
  }

  /**
   * The values of {@code count} coalitions.
   *
   * @param masks {@code count × players()} membership flags, row-major
   * @param count number of coalitions
   * @param values receives {@code count × outputs()} values
   */
  void values(boolean[] masks, int count, double[] values) {
    int p = groups.length;
    for (int start = 0; start < count; start += coalitionsPerCall) {
      int c = Math.min(coalitionsPerCall, count - start);
      for (int s = 0; s < c; s++) {
        int block = s * nb * m;
        System.arraycopy(background, 0, rows, block, nb * m);
        int mask = (start + s) * p;
        for (int g = 0; g < p; g++) {
          if (masks[mask + g]) {
            for (int f : groups[g]) {
              double v = x[f];
              for (int b = 0, at = block + f; b < nb; b++, at += m) {
                rows[at] = v;
              }
            }
          }
        }
      }
      model.predict(rows, c * nb, out, predictThreads);
      for (int s = 0; s < c; s++) {
        for (int o = 0; o < k; o++) {
          double sum = 0;
          for (int b = 0, at = s * nb * k + o; b < nb; b++, at += k) {
            sum += weights[b] * out[at];
          }
          values[(start + s) * k + o] = sum;
        }
      }
    }
  }
}
