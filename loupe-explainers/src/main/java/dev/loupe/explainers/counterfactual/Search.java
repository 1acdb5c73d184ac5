package dev.loupe.explainers.counterfactual;

import dev.loupe.core.Counterfactual;
import dev.loupe.core.Counterfactuals;
import dev.loupe.core.Counterfactuals.Status;
import dev.loupe.core.CountingModel;
import dev.loupe.core.Diagnostics;
import dev.loupe.core.Digests;
import dev.loupe.core.Link;
import dev.loupe.core.Model;
import dev.loupe.core.Provenance;
import dev.loupe.core.Seed;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The search for one row (see {@link CounterfactualSearch} for the algorithm). Not thread-safe:
 * one instance per explained row.
 */
final class Search {
  private static final int BEAM = 16;
  private static final int RANDOM_SAMPLES = 600;
  private static final int BATCH = 8192;

  private final CountingModel model;
  private final Space space;
  private final Outcome outcome;
  private final TreeBoxes trees;
  private final CounterfactualOptions options;
  private final Map<String, String> parameters;
  private final int m;
  private final int k;
  private final double[] x;
  private final int rowId;
  private final SplittableRandom rng;
  private final long start = System.nanoTime();
  private final long deadline;
  private long rowsLeft;
  private long searched;
  private boolean budgetHit;
  private double[][] cand;

  /** A valid counterfactual row with its outputs and proximity. */
  private record Entry(double[] v, double[] out, double prox) {}

  /** Row identity for de-duplication (bitwise, NaN-safe). */
  private record Key(double[] v) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key other && Arrays.equals(v, other.v);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(v);
    }
  }

  Search(Model model, Space space, Outcome outcome, TreeBoxes trees, CounterfactualOptions options,
      Map<String, String> parameters, double[] row, int rowId) {
    this.model = CountingModel.of(model);
    this.space = space;
    this.outcome = outcome;
    this.trees = trees;
    this.options = options;
    this.parameters = parameters;
    this.m = space.m;
    this.k = outcome.k;
    this.x = row.clone();
    this.rowId = rowId;
    this.rng = new SplittableRandom(new Seed(options.seed).derive(rowId).value());
    this.rowsLeft = options.maxModelRows;
    this.deadline = options.timeLimit == null ? Long.MAX_VALUE : start + options.timeLimit.toNanos();
  }

  Counterfactuals run() {
    double[] pred = new double[k];
    model.predict(x, 1, pred);
    if (outcome.valid(pred, 0)) {
      return result(pred, Status.ALREADY_DESIRED, "the row already has the desired outcome (" + scoreText(pred)
          + "); no counterfactual is needed", List.of(), Double.NaN);
    }
    cand = new double[m][];
    int free = 0;
    for (int j = 0; j < m; j++) {
      cand[j] = trees != null ? trees.representatives(j, x[j], space) : agnosticCandidates(j);
      free += cand[j].length > 0 ? 1 : 0;
    }
    String constraints = space.describe();
    String with = constraints.isEmpty() ? "without constraints" : constraints;
    if (free == 0) {
      boolean proven = trees != null || allImmutable();
      return result(pred, proven ? Status.NONE_EXISTS : Status.NONE_FOUND, with + ", no feature "
          + (trees != null ? "that the model's trees split on " : "") + "may change"
          + (proven ? "" : " to a value seen in the training data (not proven impossible)"), List.of(), Double.NaN);
    }
    List<Entry> pool = new ArrayList<>();
    boolean exhaustive = false;
    long combos = 0;
    String boundText = "";
    if (trees != null) {
      double[][] feasible = new double[m][];
      for (int j = 0; j < m; j++) {
        feasible[j] = new double[cand[j].length + 1];
        feasible[j][0] = x[j];
        System.arraycopy(cand[j], 0, feasible[j], 1, cand[j].length);
      }
      double[][] b = trees.bounds(feasible);
      String impossible = impossible(b[0], b[1]);
      if (impossible != null) {
        return result(pred, Status.NONE_EXISTS, with + ", " + impossible, List.of(), Double.NaN);
      }
      boundText = "; the trees' bound does not exclude one";
      combos = combinations();
      if (combos > 0 && combos <= rowsLeft) {
        double best = exhaust(pool);
        exhaustive = true;
        if (pool.isEmpty()) {
          return result(pred, Status.NONE_EXISTS, with + ", an exhaustive search of all " + fmt(combos)
              + " combinations of the trees' split intervals found none; the best reachable is " + bestText(best),
              List.of(), Double.NaN);
        }
      }
    }
    int maxDepth = 0;
    if (!exhaustive) {
      randomStage(pool, free);
      maxDepth = beam(pool, free);
    }
    List<Entry> all = minimiseAll(pool);
    List<Entry> chosen = select(all);
    List<Counterfactual> cfs = new ArrayList<>();
    for (Entry e : chosen) {
      cfs.add(new Counterfactual(space.schema, x, e.v, e.out, e.prox, outcome.valid(e.out, 0)));
    }
    double diversity = diversity(chosen);
    String searchedText = "searched " + fmt(searched) + " candidate rows"
        + (exhaustive ? "" : ", changing up to " + maxDepth + " feature" + (maxDepth == 1 ? "" : "s") + " at once")
        + (trees == null ? " (candidate values: the training data's quantiles and categories)" : "")
        + (budgetHit ? "; the search budget (" + fmt(options.maxModelRows) + " model rows"
            + (options.timeLimit != null ? " or " + options.timeLimit : "") + ") ran out" : "");
    if (chosen.isEmpty()) {
      return result(pred, Status.NONE_FOUND, "none found within the search budget (not proven impossible): "
          + with + ", " + searchedText + boundText, cfs, diversity);
    }
    if (chosen.size() < options.count) {
      String why = exhaustive
          ? "only " + all.size() + " distinct counterfactual" + (all.size() == 1 ? "" : "s") + " among the nearest found by an"
              + " exhaustive search of all " + fmt(combos) + " combinations of the trees' split intervals " + with
          : "found only " + all.size() + " distinct counterfactual" + (all.size() == 1 ? "" : "s") + " " + with
              + "; " + searchedText;
      return result(pred, Status.FOUND_FEWER, why, cfs, diversity);
    }
    return result(pred, Status.FOUND, exhaustive ? "exhaustive search of all " + fmt(combos)
        + " combinations of the trees' split intervals" : "", cfs, diversity);
  }

  private boolean allImmutable() {
    for (int j = 0; j < m; j++) {
      if (!space.immutable[j]) {
        return false;
      }
    }
    return true;
  }

  private double[] agnosticCandidates(int j) {
    double[] u = space.universe[j];
    double[] out = new double[u.length];
    int n = 0;
    for (double v : u) {
      if (!Counterfactual.same(v, x[j]) && space.allowed(j, x[j], v)) {
        out[n++] = v;
      }
    }
    return Arrays.copyOf(out, n);
  }

  // ---------------------------------------------------------------- trees: bound and exhaustive search

  /** The proof that the outcome is out of reach given margin bounds, or {@code null}. */
  private String impossible(double[] max, double[] min) {
    int o = outcome.output;
    String n = "'" + model.output().name(o) + "'";
    String src = " (a sound bound from the leaves of the " + trees.model.numTrees() + " trees)";
    if (outcome.goal == CounterfactualOptions.Goal.RANGE) {
      if (max[o] < outcome.lo) {
        return "the highest reachable output " + n + " is at most " + num(max[o]) + src + " < " + num(outcome.lo);
      }
      if (min[o] > outcome.hi) {
        return "the lowest reachable output " + n + " is at least " + num(min[o]) + src + " > " + num(outcome.hi);
      }
      return null;
    }
    if (outcome.side == 1 && !(max[o] > outcome.threshold)) {
      return "the highest reachable " + scaleName() + " of " + n + " is at most " + response(max[o]) + src
          + ", not above " + response(outcome.threshold);
    }
    if (outcome.side == 0 && min[o] > outcome.threshold) {
      return "the lowest reachable " + scaleName() + " of " + n + " is at least " + response(min[o]) + src
          + ", above " + response(outcome.threshold);
    }
    if (outcome.side < 0) {
      for (int c = 0; c < k; c++) {
        if (c != o && !(max[o] - min[c] > 0)) {
          return "output " + n + " can never exceed output '" + model.output().name(c) + "': the margin difference"
              + " is at most " + num(max[o] - min[c]) + src;
        }
      }
    }
    return null;
  }

  /** The number of combinations of candidate values (each feature: its value or one candidate); -1 if huge. */
  private long combinations() {
    long p = 1;
    for (int j = 0; j < m; j++) {
      p *= cand[j].length + 1;
      if (p > (1L << 40)) {
        return -1;
      }
    }
    return p;
  }

  /** Enumerates every combination; keeps the nearest valid ones; returns the best hinge-side score reached. */
  private double exhaust(List<Entry> pool) {
    int cap = Math.max(64, 20 * options.count);
    PriorityQueue<Entry> nearest = new PriorityQueue<>(Comparator.comparingDouble(Entry::prox).reversed());
    int[] digit = new int[m];
    int[] vary = java.util.stream.IntStream.range(0, m).filter(j -> cand[j].length > 0).toArray();
    long total = combinations();
    double[] rows = new double[BATCH * m];
    double[] out = new double[BATCH * k];
    double best = Double.NaN;
    double bestHinge = Double.POSITIVE_INFINITY;
    long done = 0;
    while (done < total) {
      int n = (int) Math.min(BATCH, total - done);
      for (int r = 0; r < n; r++) {
        int off = r * m;
        System.arraycopy(x, 0, rows, off, m);
        for (int j : vary) {
          if (digit[j] > 0) {
            rows[off + j] = cand[j][digit[j] - 1];
          }
        }
        for (int j : vary) { // next combination, mixed radix
          if (++digit[j] <= cand[j].length) {
            break;
          }
          digit[j] = 0;
        }
      }
      predict(rows, n, out);
      for (int r = 0; r < n; r++) {
        double h = outcome.hinge(out, r * k);
        if (h < bestHinge) {
          bestHinge = h;
          best = out[r * k + outcome.output];
        }
        if (outcome.valid(out, r * k)) {
          double[] v = Arrays.copyOfRange(rows, r * m, (r + 1) * m);
          double prox = space.distance(x, 0, v, 0);
          if (nearest.size() < cap || prox < nearest.peek().prox) {
            nearest.add(new Entry(v, Arrays.copyOfRange(out, r * k, (r + 1) * k), prox));
            if (nearest.size() > cap) {
              nearest.poll();
            }
          }
        }
      }
      done += n;
    }
    List<Entry> sorted = new ArrayList<>(nearest);
    sorted.sort(Comparator.comparingDouble(Entry::prox).thenComparing(e -> new Key(e.v), Search::compareKeys));
    pool.addAll(sorted);
    return best;
  }

  private static int compareKeys(Key a, Key b) {
    return Arrays.compare(a.v, b.v);
  }

  // ---------------------------------------------------------------- model-agnostic search

  /** Random sparse changes of 1-3 features (DiCE's random method), for variety. */
  private void randomStage(List<Entry> pool, int free) {
    int[] feats = java.util.stream.IntStream.range(0, m).filter(j -> cand[j].length > 0).toArray();
    int n = (int) Math.min(RANDOM_SAMPLES, rowsLeft / 5);
    if (n <= 0) {
      return;
    }
    double[] rows = new double[n * m];
    for (int r = 0; r < n; r++) {
      System.arraycopy(x, 0, rows, r * m, m);
      int changes = 1 + rng.nextInt(Math.min(3, free));
      for (int c = 0; c < changes; c++) { // partial Fisher-Yates over the free features
        int pick = c + rng.nextInt(feats.length - c);
        int t = feats[c];
        feats[c] = feats[pick];
        feats[pick] = t;
        int j = feats[c];
        rows[r * m + j] = cand[j][rng.nextInt(cand[j].length)];
      }
    }
    double[] out = new double[n * k];
    predict(rows, n, out);
    for (int r = 0; r < n; r++) {
      if (outcome.valid(out, r * k)) {
        double[] v = Arrays.copyOfRange(rows, r * m, (r + 1) * m);
        pool.add(new Entry(v, Arrays.copyOfRange(out, r * k, (r + 1) * k), space.distance(x, 0, v, 0)));
      }
    }
  }

  /**
   * Beam search over sparse changes: each level changes one more feature of every beam row to each
   * of its candidate values; valid rows join the pool, the {@value #BEAM} invalid rows closest to
   * the outcome (then closest to the row) form the next beam. Returns the deepest level searched.
   */
  private int beam(List<Entry> pool, int free) {
    List<double[]> beam = new ArrayList<>();
    beam.add(x.clone());
    Set<Key> seen = new HashSet<>();
    int target = 4 * options.count;
    int depth = 0;
    while (depth < free && !beam.isEmpty() && rowsLeft > 0 && !timeUp()) {
      depth++;
      List<double[]> children = new ArrayList<>();
      for (double[] s : beam) {
        for (int j = 0; j < m; j++) {
          if (!Counterfactual.same(s[j], x[j])) {
            continue;
          }
          for (double v : cand[j]) {
            double[] c = s.clone();
            c[j] = v;
            if (seen.add(new Key(c))) {
              children.add(c);
            }
          }
        }
      }
      if (children.size() > rowsLeft) {
        children = children.subList(0, (int) rowsLeft);
        budgetHit = true;
      }
      int n = children.size();
      double[] rows = new double[n * m];
      for (int r = 0; r < n; r++) {
        System.arraycopy(children.get(r), 0, rows, r * m, m);
      }
      double[] out = new double[n * k];
      predict(rows, n, out);
      double[] hinge = new double[n];
      double[] prox = new double[n];
      List<Integer> invalid = new ArrayList<>();
      for (int r = 0; r < n; r++) {
        prox[r] = space.distance(x, 0, rows, r * m);
        if (outcome.valid(out, r * k)) {
          pool.add(new Entry(children.get(r), Arrays.copyOfRange(out, r * k, (r + 1) * k), prox[r]));
        } else {
          hinge[r] = outcome.hinge(out, r * k);
          invalid.add(r);
        }
      }
      if (pool.size() >= target) {
        break;
      }
      invalid.sort(Comparator.<Integer>comparingDouble(r -> hinge[r]).thenComparingDouble(r -> prox[r]));
      beam = new ArrayList<>();
      for (int i = 0; i < Math.min(BEAM, invalid.size()); i++) {
        beam.add(children.get(invalid.get(i)));
      }
    }
    return depth;
  }

  // ---------------------------------------------------------------- sparsity and proximity

  /**
   * Makes each pooled counterfactual sparser and closer while it stays valid: revert a changed
   * feature to the row's value (best first, repeated), then move a changed numeric feature to a
   * candidate value nearer the row's (repeated). Each round is one model batch over the pool.
   */
  private List<Entry> minimise(List<Entry> chunk) {
    List<Entry> cur = new ArrayList<>(chunk);
    for (int phase = 0; phase < 2; phase++) {
      boolean improved = true;
      for (int round = 0; round < m && improved && rowsLeft > 0 && !timeUp(); round++) {
        improved = false;
        List<double[]> variants = new ArrayList<>();
        List<Integer> owner = new ArrayList<>();
        for (int e = 0; e < cur.size(); e++) {
          double[] v = cur.get(e).v;
          for (int j = 0; j < m; j++) {
            if (Counterfactual.same(v[j], x[j])) {
              continue;
            }
            if (phase == 0) {
              double[] c = v.clone();
              c[j] = x[j];
              variants.add(c);
              owner.add(e);
            } else if (!space.schema.feature(j).isCategorical() && x[j] == x[j]) {
              for (double w : cand[j]) {
                if (Math.abs(w - x[j]) < Math.abs(v[j] - x[j]) && (w - x[j]) * (v[j] - x[j]) > 0) {
                  double[] c = v.clone();
                  c[j] = w;
                  variants.add(c);
                  owner.add(e);
                }
              }
            }
          }
        }
        int n = (int) Math.min(variants.size(), rowsLeft);
        if (n < variants.size()) {
          budgetHit = true;
        }
        if (n == 0) {
          break;
        }
        double[] rows = new double[n * m];
        for (int r = 0; r < n; r++) {
          System.arraycopy(variants.get(r), 0, rows, r * m, m);
        }
        double[] out = new double[n * k];
        predict(rows, n, out);
        Entry[] best = cur.toArray(new Entry[0]);
        for (int r = 0; r < n; r++) {
          if (outcome.valid(out, r * k)) {
            int e = owner.get(r);
            double prox = space.distance(x, 0, rows, r * m);
            if (prox < best[e].prox) {
              best[e] = new Entry(variants.get(r), Arrays.copyOfRange(out, r * k, (r + 1) * k), prox);
              improved = true;
            }
          }
        }
        cur = new ArrayList<>(Arrays.asList(best));
      }
    }
    return cur;
  }

  /**
   * Minimises the pool, closest first, in chunks of 10k rows until 2k distinct minimised
   * counterfactuals are at hand (or the pool or budget is spent); returns them, distinct.
   */
  private List<Entry> minimiseAll(List<Entry> pool) {
    List<Entry> sorted = new ArrayList<>(distinct(pool));
    sorted.sort(Comparator.comparingDouble(Entry::prox));
    int chunk = 10 * options.count;
    List<Entry> out = new ArrayList<>();
    for (int from = 0; from < sorted.size() && out.size() < 2 * options.count; from += chunk) {
      out.addAll(minimise(sorted.subList(from, Math.min(sorted.size(), from + chunk))));
      out = distinct(out);
      if (rowsLeft <= 0 || timeUp()) {
        break;
      }
    }
    return out;
  }

  private static List<Entry> distinct(List<Entry> entries) {
    Set<Key> seen = new HashSet<>();
    List<Entry> out = new ArrayList<>();
    for (Entry e : entries) {
      if (seen.add(new Key(e.v))) {
        out.add(e);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- diverse selection

  /**
   * Greedy choice of up to k: the closest first, then each time the candidate maximising
   * {@code diversityWeight x (distance to the nearest chosen) - proximityWeight x proximity}.
   */
  private List<Entry> select(List<Entry> all) {
    List<Entry> rest = new ArrayList<>(all);
    rest.sort(Comparator.comparingDouble(Entry::prox));
    List<Entry> chosen = new ArrayList<>();
    if (rest.isEmpty()) {
      return chosen;
    }
    chosen.add(rest.remove(0));
    double[] nearest = new double[rest.size()];
    Arrays.fill(nearest, Double.POSITIVE_INFINITY);
    boolean[] taken = new boolean[rest.size()];
    while (chosen.size() < options.count) {
      Entry last = chosen.get(chosen.size() - 1);
      int bestI = -1;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < rest.size(); i++) {
        if (taken[i]) {
          continue;
        }
        nearest[i] = Math.min(nearest[i], space.distance(last.v, 0, rest.get(i).v, 0));
        double score = options.diversityWeight * nearest[i] - options.proximityWeight * rest.get(i).prox;
        if (nearest[i] > 0 && score > bestScore) {
          bestScore = score;
          bestI = i;
        }
      }
      if (bestI < 0) {
        break;
      }
      taken[bestI] = true;
      chosen.add(rest.get(bestI));
    }
    chosen.sort(Comparator.comparingDouble(Entry::prox));
    return chosen;
  }

  private double diversity(List<Entry> chosen) {
    if (chosen.size() < 2) {
      return Double.NaN;
    }
    double s = 0;
    int pairs = 0;
    for (int a = 0; a < chosen.size(); a++) {
      for (int b = a + 1; b < chosen.size(); b++) {
        s += space.distance(chosen.get(a).v, 0, chosen.get(b).v, 0);
        pairs++;
      }
    }
    return s / pairs;
  }

  // ---------------------------------------------------------------- plumbing

  private void predict(double[] rows, int n, double[] out) {
    for (int from = 0; from < n; from += BATCH) {
      int len = Math.min(BATCH, n - from);
      double[] block = from == 0 && len == n ? rows : Arrays.copyOfRange(rows, from * m, (from + len) * m);
      double[] o = from == 0 && len == n ? out : new double[len * k];
      model.predict(block, len, o);
      if (o != out) {
        System.arraycopy(o, 0, out, from * k, len * k);
      }
    }
    rowsLeft -= n;
    searched += n;
    if (rowsLeft <= 0) {
      budgetHit = true;
    }
  }

  private boolean timeUp() {
    if (System.nanoTime() > deadline) {
      budgetHit = true;
      return true;
    }
    return false;
  }

  private Counterfactuals result(double[] pred, Status status, String reason, List<Counterfactual> cfs,
      double diversity) {
    Diagnostics d = new Diagnostics(model.calls(), model.rows(), searched, null, null);
    Provenance p = Provenance.of(trees != null ? CounterfactualSearch.TREES : CounterfactualSearch.AGNOSTIC,
        parameters, model, Digests.sha256(x), options.seed);
    return new Counterfactuals(space.schema, model.output(), rowId, x, pred, outcome.describe(), options.count,
        status, reason, cfs, diversity, System.nanoTime() - start, p, d);
  }

  private String scoreText(double[] pred) {
    return "output '" + model.output().name(outcome.output) + "' = " + num(pred[outcome.output])
        + (link() == Link.LOGISTIC && k == 1 ? " (probability " + response(pred[outcome.output]) + ")" : "");
  }

  private String bestText(double best) {
    String n = "output '" + model.output().name(outcome.output) + "'";
    if (link() == Link.LOGISTIC && k == 1) {
      return "probability " + response(best) + " for " + n + " (margin " + num(best) + ")";
    }
    return n + " = " + num(best);
  }

  private Link link() {
    return trees != null ? trees.model.link() : null;
  }

  private String scaleName() {
    return link() == Link.LOGISTIC && k == 1 ? "probability" : "margin";
  }

  /** A margin as the response the user reads: a probability under a logistic link. */
  private String response(double margin) {
    if (link() == Link.LOGISTIC && k == 1) {
      return num(1 / (1 + Math.exp(-margin)));
    }
    return num(margin);
  }

  static String num(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.4g", v);
  }

  static String fmt(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
