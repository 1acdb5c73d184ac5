package dev.loupe.explainers.shapley;

import dev.loupe.core.Attributions;
import dev.loupe.core.Frame;
import dev.loupe.core.Model;
import dev.loupe.core.Progress;
import dev.loupe.core.Seed;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Exact Shapley values of any model for the interventional game {@code v(S) = Σ_b w_b f(x_S,
 * b_¬S)} over a weighted {@link Background} (Shapley 1953; Lundberg &amp; Lee 2017's independent
 * masking; Janzing et al. 2020), by enumerating every coalition.
 *
 * <p>Algorithm: for each explained row, all {@code 2^M} coalitions of the {@code M} players are
 * evaluated, many coalitions per batch {@code predict} call (about 32,768 model rows per call; the
 * model is never called row by row), and each value enters the Shapley formula
 * {@code φ_i = Σ_S v(S)·c_i(S)} with {@code c_i(S) = (|S|-1)!(M-|S|)!/M!} when {@code i ∈ S} and
 * {@code c_i(S) = -|S|!(M-|S|-1)!/M!} otherwise — the subset form of {@code φ_i = Σ_{S∌i} |S|!(M-|S|-1)!/M!
 * (v(S∪i) − v(S))}, streamed so no table of {@code 2^M} values is kept. Values are centred on
 * {@code v(∅)} first, which leaves the result unchanged and keeps the sums well conditioned.
 *
 * <p>Cost per explained row: {@code 2^M × |background|} model rows and {@code O(M·2^M)} arithmetic;
 * memory is independent of {@code M} beyond one batch. Hence the limit of {@value #MAX_PLAYERS}
 * players (about a million coalitions, that is a hundred million model rows per row with a
 * 100-row background): above it, use {@link PermutationShap} or KernelShap (CLI
 * {@code --method permutation|kernel}), or group features into fewer players with
 * {@link Players#groups}. Values satisfy efficiency ({@code Σ φ_i = f(x) − base}) to rounding.
 *
 * <p>Rows are spread over {@link #threads} workers; each row is computed by one worker in a fixed
 * order, so results are bit-identical for any thread count and for any set of rows explained
 * together. Instances are immutable and thread-safe (if the model is).
 *
 * <pre>{@code
 * Attributions a = ExactShapley.of(model, Background.kmeans(train, 50, new Seed(7))).explain(data);
 * }</pre>
 */
public final class ExactShapley {
  /** Method name, as it appears in provenance and on the CLI. */
  public static final String METHOD = "exact";

  /**
   * Most players exact enumeration accepts: {@code 2^20} (about a million) coalitions per row. Above
   * it, use {@link PermutationShap}, KernelShap, or fewer players (feature groups).
   */
  public static final int MAX_PLAYERS = 20;

  private final Model model;
  private final Background background;
  private final Players players;
  private final int threads;
  private final Progress progress;

  private ExactShapley(Model model, Background background, Players players, int threads, Progress progress) {
    this.model = model;
    this.background = background;
    this.players = players;
    this.threads = threads;
    this.progress = progress;
  }

  /**
   * Exact Shapley values with one player per model feature.
   *
   * @throws IllegalArgumentException if the background lacks one of the model's features, or the
   *     model has more than {@value #MAX_PLAYERS} features
   */
  public static ExactShapley of(Model model, Background background) {
    Objects.requireNonNull(model, "model");
    return of(model, background, Players.features(model.schema()));
  }

  /**
   * Exact Shapley values of the given players (features or feature groups of {@code model}).
   *
   * @throws IllegalArgumentException if the background lacks one of the model's features, the
   *     players are not a partition of the model's features, or there are more than
   *     {@value #MAX_PLAYERS} players
   */
  public static ExactShapley of(Model model, Background background, Players players) {
    GameRunner.checkInputs(model, background, players);
    if (players.size() > MAX_PLAYERS) {
      throw new IllegalArgumentException("exact Shapley values enumerate 2^players coalitions per row and accept at most "
          + MAX_PLAYERS + " players, but there are " + players.size() + "; use PermutationShap or KernelShap"
          + " (CLI --method permutation|kernel), or group features into at most " + MAX_PLAYERS
          + " players with Players.groups");
    }
    return new ExactShapley(model, background, players, Runtime.getRuntime().availableProcessors(), Progress.NONE);
  }

  /** The same explainer with {@code n >= 1} worker threads. Results do not depend on it. */
  public ExactShapley threads(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("threads must be >= 1, was " + n);
    }
    return new ExactShapley(model, background, players, n, progress);
  }

  /** The same explainer reporting finished rows to {@code listener} (from worker threads). */
  public ExactShapley progress(Progress listener) {
    return new ExactShapley(model, background, players, threads, Objects.requireNonNull(listener, "listener"));
  }

  /** The players whose values are computed. */
  public Players players() {
    return players;
  }

  /** Attributions of every row of {@code data} (columns matched to the model's features). */
  public Attributions explain(Frame data) {
    return explain(data, GameRunner.allRows(data));
  }

  /** Attributions of the listed rows of {@code data}; each keeps its index in {@code data}. */
  public Attributions explain(Frame data, int[] rows) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(rows, "rows");
    Map<String, String> params = new LinkedHashMap<>();
    params.put("players", Integer.toString(players.size()));
    params.put("playerNames", String.join(",", players.schema().names()));
    params.put("backgroundRows", Integer.toString(background.size()));
    params.put("coalitionsPerRow", Long.toString(1L << players.size()));
    params.put("threads", "any (results do not depend on it)");
    GameRunner.Spec spec = new GameRunner.Spec(METHOD, params, null, false, threads, progress);
    int p = players.size();
    int k = model.output().size();
    int nb = background.size();
    return GameRunner.run(spec, model, background, players, data, rows, () -> new Enumeration(p, nb, k));
  }

  /** One worker's enumeration of all coalitions of a row's game. */
  static final class Enumeration implements GameRunner.Estimator {
    private final int p;
    /** {@code plus[s] = (s-1)!(p-s)!/p!}: the weight of a coalition of size s that holds i. */
    private final double[] plus;
    /** {@code minus[s] = s!(p-s-1)!/p!}: the weight of a coalition of size s without i. */
    private final double[] minus;
    private final int chunk;
    private final boolean[] masks;
    private final double[] values;

    Enumeration(int players, int backgroundRows, int outputs) {
      this.p = players;
      this.plus = new double[p + 1];
      this.minus = new double[p + 1];
      for (int s = 0; s <= p; s++) {
        plus[s] = s >= 1 ? weight(p, s - 1) : 0;
        minus[s] = s <= p - 1 ? weight(p, s) : 0;
      }
      // as many coalitions as one predict call of the game holds
      this.chunk = (int) Math.min(1L << p, Math.max(1, CoalitionGame.MAX_BATCH_ROWS / backgroundRows));
      this.masks = new boolean[chunk * p];
      this.values = new double[chunk * outputs];
    }

    /** {@code s!(p-s-1)!/p! = 1 / (p · C(p-1, s))}. */
    static double weight(int p, int s) {
      return 1.0 / (p * (double) binomial(p - 1, s));
    }

    static long binomial(int n, int r) {
      long c = 1;
      for (int i = 1; i <= r; i++) {
        c = c * (n - r + i) / i;
      }
      return c;
    }

    @Override
    public long estimate(CoalitionGame game, double[] empty, double[] full, Seed seed, double[] phi, double[] se) {
      int k = game.outputs();
      Arrays.fill(phi, 0, k * p, 0);
      long total = 1L << p;
      // v(∅) - v(∅) = 0 contributes nothing; v(N) is known: enumerate 1 .. 2^p - 2, then add v(N)
      for (long start = 1; start < total - 1; start += chunk) {
        int count = (int) Math.min(chunk, total - 1 - start);
        for (int c = 0; c < count; c++) {
          long s = start + c;
          for (int i = 0; i < p; i++) {
            masks[c * p + i] = (s >>> i & 1) != 0;
          }
        }
        game.values(masks, count, values);
        for (int c = 0; c < count; c++) {
          int size = Long.bitCount(start + c);
          double wIn = plus[size];
          double wOut = -minus[size];
          for (int o = 0; o < k; o++) {
            double v = values[c * k + o] - empty[o];
            int row = o * p;
            for (int i = 0, at = c * p; i < p; i++, at++) {
              phi[row + i] += (masks[at] ? wIn : wOut) * v;
            }
          }
        }
      }
      if (p >= 1) {
        for (int o = 0; o < k; o++) {
          double v = full[o] - empty[o];
          for (int i = 0; i < p; i++) {
            phi[o * p + i] += plus[p] * v;
          }
        }
      }
      return total;
    }
  }
}
