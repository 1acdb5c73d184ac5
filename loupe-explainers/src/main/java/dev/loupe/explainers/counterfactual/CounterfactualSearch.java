package dev.loupe.explainers.counterfactual;

import dev.loupe.core.Counterfactuals;
import dev.loupe.core.CountingModel;
import dev.loupe.core.Digests;
import dev.loupe.core.Feature;
import dev.loupe.core.FeatureBinding;
import dev.loupe.core.Schema;
import java.util.ArrayList;
import dev.loupe.core.Frame;
import dev.loupe.core.Model;
import dev.loupe.core.TreeEnsemble;
import dev.loupe.explainers.internal.RowParallel;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Diverse counterfactual explanations under constraints (after DiCE: Mothilal, Sharma and Tan,
 * "Explaining machine learning classifiers through diverse counterfactual explanations", FAT*
 * 2020): for a row, up to k changed rows that the model predicts with a desired outcome, each
 * valid, close to the row (L1 distance with numeric features scaled by their median absolute
 * deviation in the training data, categorical changes counting 1), sparse (few changed
 * features), and different from each other (diversity: their mean pairwise distance).
 *
 * <p><b>Any model</b> ({@link #of} with a {@link Model}): each feature's candidate values are its
 * training data's quantiles (0, 5, .., 100%) or observed categories, filtered by the
 * constraints. The search predicts, in batches, ~600 random sparse changes of 1-3 features (DiCE's
 * random method) and then a beam search that changes one more feature per level (beam 16, kept by
 * distance to the outcome, then proximity) until 4k valid rows are pooled or the budget is spent.
 * Each pooled row is then made sparser (changed features reverted while the outcome holds) and
 * closer (numeric changes moved to candidates nearer the row), and k are chosen greedily: the
 * closest first, then the one maximising {@code diversityWeight x distance to the nearest chosen
 * - proximityWeight x proximity}. A search that finds none says {@link Counterfactuals.Status#NONE_FOUND}
 * "not proven impossible", with what it searched.
 *
 * <p><b>Tree ensembles</b> (a {@link TreeEnsemble}): candidate values are one per interval between
 * the trees' split thresholds (and one per group of categories routed alike), the allowed value
 * of each interval nearest the row; a feature no tree splits on is never changed. Before searching,
 * a sound bound (per tree, the best leaf whose box meets the feasible region) proves
 * {@link Counterfactuals.Status#NONE_EXISTS} when even the bound cannot reach the outcome. When
 * the product of candidate sets fits the budget the search enumerates it exhaustively, which is
 * exact: it finds the nearest counterfactuals, or proves that none exists. Otherwise the beam
 * search above runs on the tree candidates. Tree outputs are raw margins (a binary logistic model's
 * class 1 is margin &gt; 0, i.e. probability &gt; 0.5).
 *
 * <p>Cost per row: at most {@code maxModelRows} predicted rows (default 100,000), in batches of up
 * to 8,192; the bound costs one walk over each tree. Determinism: all random choices of row
 * {@code r} come from {@code new Seed(seed).derive(r)}, so results depend neither on the thread
 * count nor on which rows are explained together (unless a {@code timeLimit} stops a search).
 * Thread-safe: one instance may explain rows concurrently if the model is thread-safe.
 */
public final class CounterfactualSearch {
  /** Provenance method of the tree-structure search. */
  public static final String TREES = "counterfactual-trees";
  /** Provenance method of the model-agnostic search. */
  public static final String AGNOSTIC = "counterfactual-search";

  private final Model model;
  private final TreeBoxes trees;
  private final Space space;
  private final Outcome outcome;
  private final CounterfactualOptions options;
  private final Map<String, String> parameters;

  private CounterfactualSearch(Model model, Frame training, CounterfactualOptions options) {
    this.model = Objects.requireNonNull(model, "model");
    this.options = Objects.requireNonNull(options, "options");
    Objects.requireNonNull(training, "training");
    if (training.rows() == 0) {
      throw new IllegalArgumentException("training data has no rows; give the data the model was trained on"
          + " (for the proximity scale and the candidate values)");
    }
    Model inner = model instanceof CountingModel c ? c.model() : model;
    this.trees = inner instanceof TreeEnsemble t ? new TreeBoxes(t) : null;
    FeatureBinding binding = model.bind(training.schema());
    int[] src = new int[model.schema().size()];
    for (int j = 0; j < src.length; j++) {
      src[j] = binding.sourceColumn(j);
    }
    this.space = new Space(named(model.schema(), training.schema(), src), training, src, options);
    this.outcome = new Outcome(model.output(), options);
    Map<String, String> p = new HashMap<>(options.parameters());
    p.put("trainingDigest", Digests.sha256(training.rowMajor(binding)));
    p.put("trainingRows", Integer.toString(training.rows()));
    this.parameters = Map.copyOf(p);
  }

  /** The model's schema with level names taken from the training data where the model has none. */
  private static Schema named(Schema model, Schema data, int[] src) {
    List<Feature> fs = new ArrayList<>();
    for (int j = 0; j < model.size(); j++) {
      Feature f = model.feature(j);
      Feature column = data.feature(src[j]);
      if (f.isCategorical() && f.levels().isEmpty() && column.isCategorical() && !column.levels().isEmpty()) {
        f = Feature.categorical(f.name(), column.levels());
      }
      fs.add(f);
    }
    return new Schema(fs);
  }

  /**
   * A search for counterfactuals of {@code model}'s predictions; uses the trees' structure when
   * {@code model} is a {@link TreeEnsemble}.
   *
   * @param training data the model was trained on (columns matched by {@link Model#bind}): the
   *     median absolute deviations, the candidate values and (where the model has none) the level
   *     names of categorical features come from it
   * @throws IllegalArgumentException naming an unknown feature, category or output
   */
  public static CounterfactualSearch of(Model model, Frame training, CounterfactualOptions options) {
    return new CounterfactualSearch(model, training, options);
  }

  /** Whether the search uses a tree ensemble's structure (bound, intervals, exhaustive search). */
  public boolean usesTrees() {
    return trees != null;
  }

  /** The options. */
  public CounterfactualOptions options() {
    return options;
  }

  /** Counterfactuals of one row given in the model's feature order; {@code rowId} keys its random stream. */
  public Counterfactuals explain(double[] row, int rowId) {
    if (row.length != space.m) {
      throw new IllegalArgumentException("row has " + row.length + " values; the model has " + space.m + " features");
    }
    return new Search(model, space, outcome, trees, options, parameters, row, rowId).run();
  }

  /** Counterfactuals of row {@code row} of {@code data} (columns matched by {@link Model#bind}). */
  public Counterfactuals explain(Frame data, int row) {
    return explain(data, new int[] {row}, 1).get(0);
  }

  /** Counterfactuals of the listed rows of {@code data}, on up to {@code threads} threads; same results for any count. */
  public List<Counterfactuals> explain(Frame data, int[] rows, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, was " + threads);
    }
    for (int r : rows) {
      if (r < 0 || r >= data.rows()) {
        throw new IllegalArgumentException("row " + r + " out of range: the data has " + data.rows() + " rows");
      }
    }
    Frame chosen = data.select(rows);
    double[] x = chosen.rowMajor(model.bind(data.schema()));
    int m = space.m;
    Counterfactuals[] out = new Counterfactuals[rows.length];
    RowParallel.run(rows.length, threads, 1, () -> null, (s, from, to) -> {
      for (int i = from; i < to; i++) {
        out[i] = explain(Arrays.copyOfRange(x, i * m, (i + 1) * m), rows[i]);
      }
    }, (done, total) -> { });
    return List.of(out);
  }
}
