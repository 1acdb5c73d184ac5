package dev.loupe.explainers.shapley;

import dev.loupe.core.Attributions;
import dev.loupe.core.CountingModel;
import dev.loupe.core.Diagnostics;
import dev.loupe.core.Digests;
import dev.loupe.core.Frame;
import dev.loupe.core.Model;
import dev.loupe.core.Progress;
import dev.loupe.core.Provenance;
import dev.loupe.core.Seed;
import dev.loupe.explainers.internal.RowParallel;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Runs a Shapley-value estimator over rows: binds the data to the model, evaluates the empty and
 * full coalitions, hands each row's game to the estimator with the row's own random stream
 * ({@code seed.derive(rowId)}), and assembles {@link Attributions} with provenance and
 * diagnostics. Rows run in parallel blocks; results are identical for any thread count.
 */
final class GameRunner {
  private GameRunner() {}

  /** A per-thread estimator of one row's Shapley values. */
  interface Estimator {
    /**
     * Estimates the values of the game currently set in {@code game}.
     *
     * @param game the row's game (explained row already set)
     * @param empty {@code v(∅)} per output
     * @param full {@code v(N)} per output
     * @param seed this row's seed (ignore for exact methods)
     * @param phi receives {@code [output][player]} values
     * @param se receives {@code [output][player]} standard errors (leave untouched if exact)
     * @return the number of coalitions this row's estimate evaluated, {@code v(∅)} and {@code v(N)}
     *     included
     */
    long estimate(CoalitionGame game, double[] empty, double[] full, Seed seed, double[] phi, double[] se);
  }

  /**
   * Checks what every Shapley explainer of this package needs at construction: no argument is
   * null, the background binds to the model (an error naming the missing feature otherwise) and
   * the players partition the model's features.
   */
  static void checkInputs(Model model, Background background, Players players) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(background, "background");
    Objects.requireNonNull(players, "players");
    background.rowMajor(model);
    int m = model.schema().size();
    boolean[] seen = new boolean[m];
    int count = 0;
    for (int[] group : players.groups()) {
      for (int f : group) {
        if (f >= m || seen[f]) {
          throw new IllegalArgumentException("the players are not a partition of the model's " + m
              + " features; make them with Players.features(model.schema()) or Players.groups(model.schema(), ...)");
        }
        seen[f] = true;
        count++;
      }
    }
    if (count != m) {
      throw new IllegalArgumentException("the players cover " + count + " of the model's " + m
          + " features; make them with Players.features(model.schema()) or Players.groups(model.schema(), ...)");
    }
  }

  /** The indices {@code 0 .. data.rows() - 1}: what {@code explain(Frame)} explains. */
  static int[] allRows(Frame data) {
    Objects.requireNonNull(data, "data");
    int[] rows = new int[data.rows()];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = i;
    }
    return rows;
  }

  /** What to run: the method's name and parameters, and how to make estimators. */
  record Spec(String method, Map<String, String> parameters, Long seed, boolean sampled, int threads,
      Progress progress) {}

  /** Checks that every row index lies in {@code data}; an error naming the first that does not. */
  static void checkRows(Frame data, int[] rows) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(rows, "rows");
    for (int r : rows) {
      if (r < 0 || r >= data.rows()) {
        throw new IllegalArgumentException("row " + r + " is outside the data's " + data.rows() + " rows (0.."
            + (data.rows() - 1) + ")");
      }
    }
  }

  static Attributions run(Spec spec, Model userModel, Background background, Players players, Frame data, int[] rowIds,
      Supplier<Estimator> estimators) {
    checkRows(data, rowIds);
    CountingModel model = CountingModel.of(userModel);
    int m = model.schema().size();
    int k = model.output().size();
    int p = players.size();
    double[] bg = background.rowMajor(model);
    double[] weights = background.weights();
    double[] x;
    try {
      x = data.select(rowIds).rowMajor(model.bind(data.schema()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("data: " + e.getMessage(), e);
    }
    int n = rowIds.length;
    double[] features = new double[n * p];
    for (int i = 0; i < n; i++) {
      for (int g = 0; g < p; g++) {
        int[] members = players.groups()[g];
        features[i * p + g] = members.length == 1 ? x[i * m + members[0]] : Double.NaN;
      }
    }
    // v(∅) is the background mean, the same for every row
    double[] empty = new double[k];
    // fewer rows than threads: the idle threads help inside each batch prediction instead
    int predictThreads = Math.max(1, spec.threads() / Math.max(1, Math.min(n, spec.threads())));
    CoalitionGame probe = new CoalitionGame(model, bg, weights, players.groups());
    probe.values(new boolean[p], 1, empty);
    double[] full = new double[n * k];
    model.predict(x, n, full);

    double[] values = new double[n * k * p];
    double[] se = spec.sampled() ? new double[n * k * p] : null;
    double[] base = new double[n * k];
    Seed seed = new Seed(spec.seed() == null ? 0 : spec.seed());
    LongAdder coalitions = new LongAdder();
    record Scratch(CoalitionGame game, Estimator estimator, double[] phi, double[] se, double[] full) {}
    RowParallel.run(n, spec.threads(), 1,
        () -> new Scratch(new CoalitionGame(model, bg, weights, players.groups()).predictThreads(predictThreads),
            estimators.get(), new double[k * p],
            new double[k * p], new double[k]),
        (s, from, to) -> {
          for (int i = from; i < to; i++) {
            s.game().row(x, i * m);
            System.arraycopy(full, i * k, s.full(), 0, k);
            Arrays.fill(s.se(), 0);
            coalitions.add(s.estimator().estimate(s.game(), empty, s.full(), seed.derive(rowIds[i]), s.phi(), s.se()));
            System.arraycopy(s.phi(), 0, values, i * k * p, k * p);
            if (se != null) {
              System.arraycopy(s.se(), 0, se, i * k * p, k * p);
            }
            System.arraycopy(empty, 0, base, i * k, k);
          }
        }, spec.progress());
    Provenance provenance = Provenance.of(spec.method(), spec.parameters(), userModel,
        Digests.sha256(x) + "+background:" + background.digest(), spec.seed());
    Diagnostics diagnostics = new Diagnostics(model.calls(), model.rows(), coalitions.sum(), se, null);
    return new Attributions(players.schema(), model.output(), model.output().scale(), rowIds.clone(), features, values,
        base, full, provenance, diagnostics);
  }
}
