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
import java.util.SplittableRandom;

/**
 * Shapley values of any model for the interventional game {@code v(S) = Σ_b w_b f(x_S, b_¬S)} over
 * a weighted {@link Background}, estimated by sampling permutations of the players (Castro et al.
 * 2009; Štrumbelj &amp; Kononenko 2014), with antithetic permutations as in shap's
 * {@code PermutationExplainer} (Mitchell et al. 2022, "Sampling permutations for Shapley value
 * estimation", JMLR 23).
 *
 * <p>Algorithm: for each explained row, {@link #permutations n} uniformly random orderings of the
 * {@code M} players are drawn from the row's own stream ({@code Seed.derive(rowId)}); each is walked
 * from the empty to the full coalition, and so is its reverse (antithetic sampling: a player early
 * in one is late in the other, which cancels much of the variance). A player's marginal
 * contribution in an ordering is the value gained when it joins; a pair's estimate is the mean of
 * its two orderings' contributions, and the value is the mean over pairs. {@code v(∅)} and
 * {@code v(N)} are known, so an ordering costs {@code M − 1} new coalitions; the coalitions of many
 * permutations are evaluated in one batch {@code predict} call (about 32,768 model rows).
 *
 * <p>Each ordering's contributions telescope to {@code v(N) − v(∅)}, so the values satisfy efficiency
 * ({@code Σ φ_i = f(x) − base}) to rounding, whatever {@code n}. The standard error of each value is
 * the sample standard deviation of the {@code n} pair estimates over {@code √n} (NaN for
 * {@code n = 1}: one pair gives no spread); pairs are independent, so {@code ±1.96 SE} is an
 * approximate 95% interval once {@code n} is not small. The error shrinks as {@code 1/√n}.
 *
 * <p>Cost per explained row: {@code 2n(M − 1) + 2} coalitions, each {@code |background|} model rows,
 * and {@code O(n·M·|background|)} arithmetic; set {@code n} directly or from a coalition budget
 * ({@link #coalitions}). Unlike {@link ExactShapley} there is no limit on {@code M}.
 *
 * <p>Results are bit-identical for any thread count and whichever rows are explained together.
 * Instances are immutable and thread-safe (if the model is).
 */
public final class PermutationShap {
  /** Method name, as it appears in provenance and on the CLI. */
  public static final String METHOD = "permutation";

  /** Default number of permutations (each with its reverse), shap's default {@code npermutations}. */
  public static final int DEFAULT_PERMUTATIONS = 10;

  private final Model model;
  private final Background background;
  private final Players players;
  private final int permutations;
  private final long seed;
  private final int threads;
  private final Progress progress;

  private PermutationShap(Model model, Background background, Players players, int permutations, long seed,
      int threads, Progress progress) {
    this.model = model;
    this.background = background;
    this.players = players;
    this.permutations = permutations;
    this.seed = seed;
    this.threads = threads;
    this.progress = progress;
  }

  /**
   * Permutation SHAP with one player per model feature, {@value #DEFAULT_PERMUTATIONS} permutations
   * (and their reverses) per row, seed 0.
   *
   * @throws IllegalArgumentException if the background lacks one of the model's features
   */
  public static PermutationShap of(Model model, Background background) {
    Objects.requireNonNull(model, "model");
    return of(model, background, Players.features(model.schema()));
  }

  /**
   * Permutation SHAP of the given players (features or feature groups of {@code model}).
   *
   * @throws IllegalArgumentException if the background lacks one of the model's features or the
   *     players are not a partition of the model's features
   */
  public static PermutationShap of(Model model, Background background, Players players) {
    GameRunner.checkInputs(model, background, players);
    return new PermutationShap(model, background, players, DEFAULT_PERMUTATIONS, 0L,
        Runtime.getRuntime().availableProcessors(), Progress.NONE);
  }

  /**
   * The same explainer drawing {@code n >= 1} random permutations per row, each walked forward and
   * in reverse: {@code 2n} orderings, {@code 2n(M − 1) + 2} coalitions. Standard errors need
   * {@code n >= 2}.
   */
  public PermutationShap permutations(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("permutations must be >= 1, was " + n
          + "; each permutation is also walked in reverse, so n permutations cost 2n(players - 1) + 2 coalitions");
    }
    return new PermutationShap(model, background, players, n, seed, threads, progress);
  }

  /**
   * The same explainer with as many permutations as a budget of {@code budget} coalitions per row
   * allows: {@code n = ⌊(budget − 2) / (2(M − 1))⌋} (e.g. 46 for 23 players and 2,048 coalitions).
   *
   * @throws IllegalArgumentException if the budget is below {@code 2M}, the cost of one permutation
   *     and its reverse
   */
  public PermutationShap coalitions(int budget) {
    int p = players.size();
    int perPair = 2 * Math.max(1, p - 1);
    long n = (budget - 2L) / perPair;
    if (budget < 2 || n < 1) {
      throw new IllegalArgumentException("a coalition budget of " + budget + " is too small for " + p
          + " players: one permutation and its reverse cost " + (perPair + 2) + " coalitions; give at least that");
    }
    return permutations((int) Math.min(Integer.MAX_VALUE, n));
  }

  /** The same explainer with random seed {@code seed}; a row's stream is {@code new Seed(seed).derive(rowId)}. */
  public PermutationShap seed(long seed) {
    return new PermutationShap(model, background, players, permutations, seed, threads, progress);
  }

  /** The same explainer with {@code n >= 1} worker threads. Results do not depend on it. */
  public PermutationShap threads(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("threads must be >= 1, was " + n);
    }
    return new PermutationShap(model, background, players, permutations, seed, n, progress);
  }

  /** The same explainer reporting finished rows to {@code listener} (from worker threads). */
  public PermutationShap progress(Progress listener) {
    return new PermutationShap(model, background, players, permutations, seed, threads,
        Objects.requireNonNull(listener, "listener"));
  }

  /** Random permutations per row (each also walked in reverse). */
  public int permutations() {
    return permutations;
  }

  /** Coalitions evaluated per row, {@code v(∅)} and {@code v(N)} included. */
  public long coalitionsPerRow() {
    return 2L * permutations * Math.max(0, players.size() - 1) + 2;
  }

  /** The players whose values are estimated. */
  public Players players() {
    return players;
  }

  /** Attributions of every row of {@code data} (columns matched to the model's features). */
  public Attributions explain(Frame data) {
    return explain(data, GameRunner.allRows(data));
  }

  /**
   * Attributions of the listed rows of {@code data}; each keeps its index in {@code data}, which
   * also keys its random stream. Standard errors are in {@link Attributions#diagnostics()}.
   */
  public Attributions explain(Frame data, int[] rows) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(rows, "rows");
    Map<String, String> params = new LinkedHashMap<>();
    params.put("players", Integer.toString(players.size()));
    params.put("playerNames", String.join(",", players.schema().names()));
    params.put("backgroundRows", Integer.toString(background.size()));
    params.put("permutations", Integer.toString(permutations));
    params.put("antithetic", "true");
    params.put("coalitionsPerRow", Long.toString(coalitionsPerRow()));
    params.put("threads", "any (results do not depend on it)");
    GameRunner.Spec spec = new GameRunner.Spec(METHOD, params, seed, true, threads, progress);
    int p = players.size();
    int k = model.output().size();
    int nb = background.size();
    int n = permutations;
    return GameRunner.run(spec, model, background, players, data, rows, () -> new Sampler(p, k, nb, n));
  }

  /** One worker's permutation sampling of a row's game. */
  static final class Sampler implements GameRunner.Estimator {
    private final int p;
    private final int k;
    private final int pairs;
    private final int pairsPerBatch;
    private final int[] perms; // pairsPerBatch x p
    private final boolean[] masks; // pairsPerBatch x 2(p-1) coalitions x p
    private final double[] values; // pairsPerBatch x 2(p-1) coalitions x k
    private final double[] pair; // k x p: one pair's estimate
    private final double[] mean; // k x p
    private final double[] m2; // k x p

    Sampler(int players, int outputs, int backgroundRows, int pairs) {
      this.p = players;
      this.k = outputs;
      this.pairs = pairs;
      int perPair = 2 * Math.max(1, p - 1);
      int coalitionsPerCall = Math.max(1, CoalitionGame.MAX_BATCH_ROWS / backgroundRows);
      this.pairsPerBatch = Math.min(pairs, Math.max(1, coalitionsPerCall / perPair));
      this.perms = new int[pairsPerBatch * p];
      this.masks = new boolean[pairsPerBatch * perPair * p];
      this.values = new double[pairsPerBatch * perPair * k];
      this.pair = new double[k * p];
      this.mean = new double[k * p];
      this.m2 = new double[k * p];
    }

    @Override
    public long estimate(CoalitionGame game, double[] empty, double[] full, Seed seed, double[] phi, double[] se) {
      if (p == 1) {
        for (int o = 0; o < k; o++) {
          phi[o] = full[o] - empty[o];
          se[o] = 0;
        }
        return 2;
      }
      SplittableRandom random = new SplittableRandom(seed.value());
      int steps = p - 1; // new coalitions per ordering
      int perPair = 2 * steps;
      Arrays.fill(mean, 0);
      Arrays.fill(m2, 0);
      int done = 0;
      while (done < pairs) {
        int batch = Math.min(pairsPerBatch, pairs - done);
        Arrays.fill(masks, 0, batch * perPair * p, false);
        for (int b = 0; b < batch; b++) {
          int[] perm = perms;
          int base = b * p;
          for (int i = 0; i < p; i++) {
            perm[base + i] = i;
          }
          for (int i = p - 1; i > 0; i--) { // Fisher–Yates
            int j = random.nextInt(i + 1);
            int t = perm[base + i];
            perm[base + i] = perm[base + j];
            perm[base + j] = t;
          }
          // forward: coalition j (0-based) holds perm[0..j]; reverse: coalition j holds perm[p-1-j..p-1]
          int fwd = b * perPair * p;
          int rev = fwd + steps * p;
          for (int j = 0; j < steps; j++) {
            for (int t = 0; t <= j; t++) {
              masks[fwd + j * p + perm[base + t]] = true;
              masks[rev + j * p + perm[base + p - 1 - t]] = true;
            }
          }
        }
        game.values(masks, batch * perPair, values);
        for (int b = 0; b < batch; b++) {
          int base = b * p;
          int fwd = b * perPair * k;
          int rev = fwd + steps * k;
          for (int o = 0; o < k; o++) {
            double prev = empty[o];
            for (int j = 0; j < p; j++) {
              double cur = j < steps ? values[fwd + j * k + o] : full[o];
              pair[o * p + perms[base + j]] = cur - prev;
              prev = cur;
            }
            prev = empty[o];
            for (int j = 0; j < p; j++) {
              double cur = j < steps ? values[rev + j * k + o] : full[o];
              int at = o * p + perms[base + p - 1 - j];
              pair[at] = 0.5 * (pair[at] + (cur - prev));
              prev = cur;
            }
          }
          // Welford's running mean and sum of squared deviations over pairs
          int count = done + b + 1;
          for (int i = 0; i < k * p; i++) {
            double d = pair[i] - mean[i];
            mean[i] += d / count;
            m2[i] += d * (pair[i] - mean[i]);
          }
        }
        done += batch;
      }
      System.arraycopy(mean, 0, phi, 0, k * p);
      for (int i = 0; i < k * p; i++) {
        se[i] = pairs >= 2 ? Math.sqrt(m2[i] / (pairs - 1) / pairs) : Double.NaN;
      }
      return 2 + (long) pairs * perPair;
    }
  }
}
