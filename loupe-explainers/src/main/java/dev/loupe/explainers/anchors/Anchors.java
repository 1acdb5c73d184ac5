package dev.loupe.explainers.anchors;

import dev.loupe.core.AnchorExplanation;
import dev.loupe.core.CountingModel;
import dev.loupe.core.Diagnostics;
import dev.loupe.core.Digests;
import dev.loupe.core.FeatureBinding;
import dev.loupe.core.Frame;
import dev.loupe.core.Model;
import dev.loupe.core.Progress;
import dev.loupe.core.Provenance;
import dev.loupe.core.Schema;
import dev.loupe.core.Seed;
import dev.loupe.explainers.discretize.Discretization;
import dev.loupe.explainers.internal.RowParallel;
import dev.loupe.explainers.internal.TrainingData;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Anchors of a classifier's predictions (Ribeiro, Singh and Guestrin, AAAI 2018), matching the
 * behaviour of Alibi's {@code AnchorTabular}.
 *
 * <p>For a row: its candidate predicates are its own bins in a {@link Discretization} of the
 * training data ({@code 28.00 < age <= 37.00}, {@code workclass = Private}, {@code x is missing})
 * and, for a numeric feature in a middle bin, the one-sided forms containing it
 * ({@code age <= 37.00}, {@code age > 28.00}); predicates every training row satisfies are
 * dropped. A candidate anchor's precision is estimated on perturbations: a random training row
 * whose anchored features are copied from a random training row satisfying the anchor; a
 * perturbation is a success when the model predicts the row's class (for one output: above 0.5 on
 * a probability scale or above 0 on a raw margin; for several: the argmax). Starting from the
 * empty anchor, each round extends the beam's anchors by one predicate on a new feature,
 * identifies the {@link AnchorOptions#beamSize()} best by KL-LUCB (Kaufmann and Kalyanakrishnan,
 * COLT 2013), and samples each until its precision's KL lower bound (risk {@code delta}, union over
 * the beam and predicates) reaches the threshold or its upper bound falls below it. The first round
 * with an anchor that reaches the threshold ends the search: the shortest anchors win, the one of
 * highest coverage (fraction of training rows satisfying it) among them. If none does by the
 * largest size, the anchor of highest lower bound is returned with
 * {@link AnchorExplanation#thresholdReached()} false.
 *
 * <p>Cost per row: O(P n / 64) for the predicates' bitsets over n training rows; each sampling step
 * is one model call of {@link AnchorOptions#batchSize()} rows per anchor sampled; at most
 * {@link AnchorOptions#maxSamples()} perturbations per candidate anchor. Each row draws from its own
 * stream {@code new Seed(seed).derive(rowId)}, so results do not depend on threads or on which rows
 * are explained together.
 *
 * <p>Immutable and thread-safe; rows run in parallel on {@link AnchorOptions#threads()} threads.
 */
public final class Anchors {
  private final Model model;
  private final Schema schema;
  private final Discretization bins;
  private final double[] train;
  private final AnchorOptions options;
  private final ClassRule rule;
  private final String trainingDigest;

  private Anchors(Model model, Schema schema, Discretization bins, double[] train, AnchorOptions options,
      ClassRule rule) {
    this.model = model;
    this.schema = schema;
    this.bins = bins;
    this.train = train;
    this.options = options;
    this.rule = rule;
    this.trainingDigest = Digests.sha256(train);
  }

  /**
   * An anchor explainer of classifier {@code model}, with bins, perturbations and coverage from
   * {@code training} (the data the model was trained on, or a sample of it).
   *
   * @throws IllegalArgumentException for a regression model, training data with no rows or
   *     without a model feature
   */
  public static Anchors of(Model model, Frame training, AnchorOptions options) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(training, "training");
    Objects.requireNonNull(options, "options");
    ClassRule rule = ClassRule.of(model);
    TrainingData t = TrainingData.of(model, training, options.quantiles());
    return new Anchors(model, t.schema(), t.bins(), t.rowMajor(), options, rule);
  }

  /** The bins the predicates come from. */
  public Discretization discretization() {
    return bins;
  }

  public AnchorOptions options() {
    return options;
  }

  /** The anchor of row {@code row} of {@code data}. */
  public AnchorExplanation explain(Frame data, int row) {
    return explain(data, new int[] {row}, Progress.NONE).get(0);
  }

  /** The anchors of the given rows of {@code data}, in order. */
  public List<AnchorExplanation> explain(Frame data, int[] rows) {
    return explain(data, rows, Progress.NONE);
  }

  /**
   * The anchors of the given rows of {@code data}, in order, reporting finished rows.
   *
   * @throws IllegalArgumentException if the data lacks a model feature, or a row has a category
   *     code unknown to the training data
   */
  public List<AnchorExplanation> explain(Frame data, int[] rows, Progress progress) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(rows, "rows");
    Objects.requireNonNull(progress, "progress");
    int m = schema.size();
    FeatureBinding binding;
    try {
      binding = model.bind(data.schema());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("data: " + e.getMessage(), e);
    }
    double[] x = data.select(rows).rowMajor(binding);
    for (int i = 0; i < rows.length; i++) {
      for (int j = 0; j < m; j++) {
        bins.bin(j, x[i * m + j]); // checks every row before any model call
      }
    }
    AnchorExplanation[] out = new AnchorExplanation[rows.length];
    Seed seed = new Seed(options.seed());
    RowParallel.run(rows.length, options.threads(), 1, () -> null, (s, from, to) -> {
      for (int i = from; i < to; i++) {
        out[i] = explainRow(Arrays.copyOfRange(x, i * m, (i + 1) * m), rows[i], seed.derive(rows[i]));
      }
    }, progress);
    return List.of(out);
  }

  private AnchorExplanation explainRow(double[] x, int rowId, Seed seed) {
    CountingModel counting = CountingModel.of(model);
    int k = model.output().size();
    double[] y = new double[k];
    counting.predict(x, 1, y);
    int rowClass = rule.classOf(y, 0);
    AnchorSearch search = new AnchorSearch(counting, rule, options, bins, train, x, rowClass,
        new SplittableRandom(seed.value()));
    AnchorSearch.Result r = search.run();
    Provenance provenance = Provenance.of("anchors", options.parameters(), model,
        Digests.sha256(x) + "+training:" + trainingDigest, options.seed());
    Diagnostics diagnostics = new Diagnostics(counting.calls(), counting.rows(), counting.rows() - 1, null, null);
    return new AnchorExplanation(schema, rowId, x, model.output(), rule.outputOf(rowClass),
        rule.name(model.output(), rowClass), r.predicates(), r.precision(), r.lowerBound(), r.coverage(),
        options.threshold(), r.reached(), provenance, diagnostics);
  }
}
