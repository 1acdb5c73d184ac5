package dev.loupe.explainers.anchors;

import dev.loupe.core.CountingModel;
import dev.loupe.core.Predicate;
import dev.loupe.explainers.discretize.Discretization;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The anchor search of one row: the row's candidate predicates, the beam, KL-LUCB and the
 * confirmation of each round's best anchors. Single-threaded; one per row.
 */
final class AnchorSearch {
  /** A candidate predicate: the row satisfies it; its training rows as a bitset. */
  private static final class Pred {
    final Predicate predicate;
    final int feature;
    final long[] bits;
    final int count;
    int[] rows;

    Pred(Predicate predicate, long[] bits, int count) {
      this.predicate = predicate;
      this.feature = predicate.feature();
      this.bits = bits;
      this.count = count;
    }
  }

  /** A candidate anchor and its sampling statistics. */
  static final class Anchor {
    final int[] preds; // in the order added
    final long[] bits;
    final int coverage;
    long n;
    long positives;
    int[] rows;

    Anchor(int[] preds, long[] bits, int coverage) {
      this.preds = preds;
      this.bits = bits;
      this.coverage = coverage;
    }

    double mean() {
      return n == 0 ? 0 : positives / (double) n;
    }
  }

  /** The outcome: the anchor chosen and whether it reached the threshold. */
  record Result(Anchor anchor, List<Predicate> predicates, double precision, double lowerBound, double coverage,
      boolean reached) {}

  private final CountingModel model;
  private final ClassRule rule;
  private final AnchorOptions options;
  private final double[] train;
  private final int nTrain;
  private final int m;
  private final double[] x;
  private final int rowClass;
  private final SplittableRandom random;
  private final List<Pred> preds = new ArrayList<>();
  private final double confirmBeta;
  private double[] buffer = new double[0];
  private double[] out = new double[0];

  AnchorSearch(CountingModel model, ClassRule rule, AnchorOptions options, Discretization bins, double[] train,
      double[] x, int rowClass, SplittableRandom random) {
    this.model = model;
    this.rule = rule;
    this.options = options;
    this.train = train;
    this.m = bins.size();
    this.nTrain = bins.rows();
    this.x = x;
    this.rowClass = rowClass;
    this.random = random;
    for (int j = 0; j < m; j++) {
      int b = bins.bin(j, x[j]);
      if (b == bins.missingBin(j) || !bins.isNumeric(j)) {
        add(bins.predicate(j, b));
        continue;
      }
      int last = bins.edges(j).length;
      add(bins.predicate(j, b, b));
      if (b > 0 && b < last) { // the one-sided forms that contain the row, as Alibi's
        add(bins.predicate(j, 0, b));
        add(bins.predicate(j, b, last));
      }
    }
    confirmBeta = Math.log((1 + (options.beamSize() - 1) * (double) Math.max(1, preds.size())) / options.delta());
  }

  private void add(Predicate p) {
    long[] bits = new long[(nTrain + 63) >>> 6];
    int count = 0;
    int j = p.feature();
    for (int i = 0; i < nTrain; i++) {
      if (p.test(train[i * m + j])) {
        bits[i >>> 6] |= 1L << i;
        count++;
      }
    }
    if (count < nTrain) { // a predicate every training row satisfies says nothing
      preds.add(new Pred(p, bits, count));
    }
  }

  Result run() {
    long[] all = new long[(nTrain + 63) >>> 6];
    for (int i = 0; i < nTrain; i++) {
      all[i >>> 6] |= 1L << i;
    }
    Anchor empty = new Anchor(new int[0], all, nTrain);
    sample(List.of(empty), options.batchSize());
    if (confirm(empty)) {
      return result(empty, true);
    }
    List<Anchor> evaluated = new ArrayList<>();
    evaluated.add(empty);
    List<Anchor> beam = List.of(empty);
    int maxSize = options.maxAnchorSize() == 0 ? m : Math.min(m, options.maxAnchorSize());
    for (int size = 1; size <= maxSize; size++) {
      List<Anchor> candidates = extend(beam);
      if (candidates.isEmpty()) {
        break;
      }
      sample(candidates, options.batchSize());
      evaluated.addAll(candidates);
      List<Anchor> chosen = klLucb(candidates, Math.min(options.beamSize(), candidates.size()));
      Anchor best = null;
      for (Anchor a : chosen) {
        if (confirm(a) && (best == null || a.coverage > best.coverage
            || (a.coverage == best.coverage && a.mean() > best.mean()))) {
          best = a;
        }
      }
      if (best != null) {
        return result(best, true);
      }
      beam = chosen;
    }
    Anchor best = empty;
    double bestLb = -1;
    for (Anchor a : evaluated) {
      double lb = lowerBound(a);
      if (lb > bestLb) {
        bestLb = lb;
        best = a;
      }
    }
    return result(best, false);
  }

  private Result result(Anchor a, boolean reached) {
    List<Predicate> ps = new ArrayList<>();
    for (int p : a.preds) {
      ps.add(preds.get(p).predicate);
    }
    return new Result(a, ps, a.mean(), lowerBound(a), a.coverage / (double) nTrain, reached);
  }

  private double lowerBound(Anchor a) {
    return a.n == 0 ? 0 : KlBounds.lower(a.mean(), confirmBeta / a.n);
  }

  /** Each beam anchor plus one predicate on a feature it does not constrain; duplicates once. */
  private List<Anchor> extend(List<Anchor> beam) {
    List<Anchor> out = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    for (Anchor a : beam) {
      boolean[] usedFeature = new boolean[m];
      for (int p : a.preds) {
        usedFeature[preds.get(p).feature] = true;
      }
      for (int p = 0; p < preds.size(); p++) {
        Pred pred = preds.get(p);
        if (usedFeature[pred.feature]) {
          continue;
        }
        int[] next = Arrays.copyOf(a.preds, a.preds.length + 1);
        next[a.preds.length] = p;
        int[] sorted = next.clone();
        Arrays.sort(sorted);
        if (!keys.add(Arrays.toString(sorted))) {
          continue;
        }
        long[] bits = a.bits.clone();
        int count = 0;
        for (int w = 0; w < bits.length; w++) {
          bits[w] &= pred.bits[w];
          count += Long.bitCount(bits[w]);
        }
        out.add(new Anchor(next, bits, count));
      }
    }
    // anchors that no training row satisfies explain nothing about the data: keep them only if all are so
    List<Anchor> covered = new ArrayList<>();
    for (Anchor a : out) {
      if (a.coverage > 0) {
        covered.add(a);
      }
    }
    return covered.isEmpty() ? out : covered;
  }

  /**
   * KL-LUCB (Kaufmann and Kalyanakrishnan 2013, algorithm 2 with KL bounds): the {@code top}
   * candidates of highest precision, sampling the weakest of the leaders and the strongest of the
   * others (both in one model call) until their bounds are within {@code epsilon}.
   */
  List<Anchor> klLucb(List<Anchor> candidates, int top) {
    int k = candidates.size();
    if (k <= top) {
      return candidates;
    }
    Integer[] order = new Integer[k];
    for (long t = 1; ; t++) {
      Arrays.setAll(order, i -> i);
      Arrays.sort(order, (a, b) -> {
        int c = Double.compare(candidates.get(b).mean(), candidates.get(a).mean());
        return c != 0 ? c : Integer.compare(a, b);
      });
      double beta = KlBounds.beta(k, t, options.delta());
      Anchor lt = null;
      double lb = Double.POSITIVE_INFINITY;
      for (int r = 0; r < top; r++) {
        Anchor a = candidates.get(order[r]);
        double v = KlBounds.lower(a.mean(), beta / a.n);
        if (v < lb) {
          lb = v;
          lt = a;
        }
      }
      Anchor ut = null;
      double ub = Double.NEGATIVE_INFINITY;
      for (int r = top; r < k; r++) {
        Anchor a = candidates.get(order[r]);
        double v = KlBounds.upper(a.mean(), beta / a.n);
        if (v > ub) {
          ub = v;
          ut = a;
        }
      }
      if (ub - lb <= options.epsilon()) {
        break;
      }
      List<Anchor> next = new ArrayList<>(2);
      if (ut.n < options.maxSamples()) {
        next.add(ut);
      }
      if (lt.n < options.maxSamples()) {
        next.add(lt);
      }
      if (next.isEmpty()) {
        break;
      }
      sample(next, options.batchSize());
    }
    List<Anchor> chosen = new ArrayList<>(top);
    for (int r = 0; r < top; r++) {
      chosen.add(candidates.get(order[r]));
    }
    return chosen;
  }

  /**
   * Samples until the anchor's precision is known to be at least the threshold (lower bound
   * reaches it: true) or below it (upper bound below: false), or its sample budget is spent (false).
   */
  boolean confirm(Anchor a) {
    double threshold = options.threshold();
    while (true) {
      double mean = a.mean();
      double level = confirmBeta / a.n;
      if (mean >= threshold && KlBounds.lower(mean, level) >= threshold) {
        return true;
      }
      if (KlBounds.upper(mean, level) < threshold || a.n >= options.maxSamples()) {
        return false;
      }
      sample(List.of(a), options.batchSize());
    }
  }

  /**
   * Draws {@code count} perturbations for each anchor and predicts them all in one model call: a
   * random training row, with the anchored features copied from a random training row that
   * satisfies the whole anchor (from, per predicate, a training value satisfying it when no row
   * satisfies them all; the explained row's value when none does).
   */
  private void sample(List<Anchor> anchors, int count) {
    int total = anchors.size() * count;
    if (buffer.length < total * m) {
      buffer = new double[total * m];
      out = new double[total * model.output().size()];
    }
    int r = 0;
    for (Anchor a : anchors) {
      if (a.rows == null && a.preds.length > 0 && a.coverage > 0) {
        a.rows = rows(a.bits, a.coverage);
      }
      for (int s = 0; s < count; s++, r++) {
        int u = random.nextInt(nTrain);
        System.arraycopy(train, u * m, buffer, r * m, m);
        if (a.preds.length == 0) {
          continue;
        }
        if (a.coverage > 0) {
          int v = a.rows[random.nextInt(a.rows.length)];
          for (int p : a.preds) {
            int j = preds.get(p).feature;
            buffer[r * m + j] = train[v * m + j];
          }
        } else {
          for (int p : a.preds) {
            Pred pred = preds.get(p);
            int j = pred.feature;
            if (pred.count == 0) {
              buffer[r * m + j] = x[j];
            } else {
              if (pred.rows == null) {
                pred.rows = rows(pred.bits, pred.count);
              }
              buffer[r * m + j] = train[pred.rows[random.nextInt(pred.rows.length)] * m + j];
            }
          }
        }
      }
    }
    model.predict(buffer, total, out);
    int k = model.output().size();
    r = 0;
    for (Anchor a : anchors) {
      int hits = 0;
      for (int s = 0; s < count; s++, r++) {
        hits += rule.classOf(out, r * k) == rowClass ? 1 : 0;
      }
      a.n += count;
      a.positives += hits;
    }
  }

  private static int[] rows(long[] bits, int count) {
    int[] rows = new int[count];
    int c = 0;
    for (int w = 0; w < bits.length; w++) {
      long word = bits[w];
      while (word != 0) {
        rows[c++] = (w << 6) + Long.numberOfTrailingZeros(word);
        word &= word - 1;
      }
    }
    return rows;
  }
}
