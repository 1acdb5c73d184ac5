package dev.loupe.explainers.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.Frame;
import dev.loupe.core.TreeEnsemble;
import dev.loupe.io.csv.Table;
import dev.loupe.models.ModelReaders;
import dev.loupe.testkit.Datasets;
import dev.loupe.testkit.lightgbm.LightGbmReference;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Path-dependent TreeSHAP on models trained by LightGBM 3.3.5 (lightgbmlib 3.3.510) on the bundled
 * data sets, saved as text and read back by {@link ModelReaders}.
 *
 * <p>Expected values: LightGBM's own TreeSHAP ({@code C_API_PREDICT_CONTRIB}, through
 * {@link LightGbmReference#contributions}), features and bias, on held-out rows. LightGBM uses the
 * training data counts as covers, which the reader maps to Loupe's covers. Tolerance
 * {@value #TOLERANCE} absolute per value (the bound); both sides compute in double, so the
 * observed differences are rounding only, even on California's unscaled dollar values.
 */
class TreeShapReferenceLightGbmTest {
  private static final double TOLERANCE = 1e-5;
  private static final String COMMON = "seed=1 deterministic=true num_threads=1 verbose=-1 ";
  private static final int TRAIN = 3000;
  private static final int TEST = 300;

  @TempDir Path dir;

  /**
   * Trains on the first {@value #TRAIN} of {@code rows} of {@code x}, explains the next
   * {@value #TEST}, and compares every value with LightGBM's contributions; returns the model.
   */
  private TreeEnsemble trainAndCompare(String name, Frame x, double[] y, int[] rows, String params, int rounds) {
    Frame all = x.select(rows);
    Path file = LightGbmReference.trainAndSave(all.slice(0, TRAIN), Datasets.pick(y, Arrays.copyOf(rows, TRAIN)),
        COMMON + params, rounds, dir.resolve(name + ".txt"));
    TreeEnsemble model = ModelReaders.read(file);
    Frame test = all.slice(TRAIN, TRAIN + TEST);
    int m = model.schema().size();
    double[] expected = LightGbmReference.contributions(file, test); // n x k x (m + 1), bias last
    double[] actual = Agreement.shap(TreeShap.pathDependent(model), model, test);
    Agreement.check("lgbm " + name + " SHAP", expected, actual, TOLERANCE, test.rows(), model.numOutputs(), m + 1);
    return model;
  }

  @Test
  void adultBinaryWithCategoricalFeatures() {
    Table t = Datasets.adult();
    Frame x = Datasets.withMissing(t.features(), 0.05, 71); // NaN in categorical and numeric cells
    String params = "objective=binary num_leaves=31 min_data_per_group=10 cat_smooth=1 max_cat_to_onehot=4 "
        + LightGbmReference.categoricalFeatureParam(x.schema());
    TreeEnsemble m = trainAndCompare("adult-binary", x, t.target(), Datasets.sample(t.rows(), TRAIN + TEST, 72),
        params, 40);
    assertTrue(Agreement.categoricalSplits(m) > 0, "the model must split on categories");
  }

  @Test
  void californiaRegression() {
    Table t = Datasets.california(); // target in dollars: LightGBM works in double
    trainAndCompare("california-regression", t.features(), t.target(), Datasets.sample(t.rows(), TRAIN + TEST, 81),
        "objective=regression num_leaves=31", 60);
  }

  @Test
  void multiclassRelationshipWithCategoricalFeatures() {
    Table t = Datasets.read("adult", "relationship"); // six classes
    Frame x = t.features();
    TreeEnsemble m = trainAndCompare("adult-multiclass", x, t.target(), Datasets.sample(t.rows(), TRAIN + TEST, 91),
        "objective=multiclass num_class=6 num_leaves=15 min_data_per_group=10 "
            + LightGbmReference.categoricalFeatureParam(x.schema()), 20);
    assertEquals(6, m.numOutputs());
    assertEquals(120, m.numTrees());
  }

  @Test
  void creditDefaultWithMissingValues() {
    Table t = Datasets.creditDefault();
    Frame x = Datasets.withMissing(t.features(), 0.10, 101); // 10% NaN in training and explained rows
    trainAndCompare("credit-nan", x, t.target(), Datasets.sample(t.rows(), TRAIN + TEST, 102),
        "objective=binary num_leaves=31", 40);
  }

  @Test
  void randomForestContributionsAreSumsOverIterations() {
    // boosting=rf (average_output): LightGBM's raw contributions are plain sums over the iterations,
    // while Loupe's reader divides every leaf value by the iteration count so that the margin is the
    // forest's mean. Loupe's values must therefore equal LightGBM's divided by the iteration count.
    Table t = Datasets.california();
    int rounds = 20;
    int[] rows = Datasets.sample(t.rows(), TRAIN + TEST, 111);
    Frame all = t.features().select(rows);
    Path file = LightGbmReference.trainAndSave(all.slice(0, TRAIN), Datasets.pick(t.target(), Arrays.copyOf(rows,
        TRAIN)), COMMON + "objective=regression boosting=rf bagging_freq=1 bagging_fraction=0.6 feature_fraction=0.8"
        + " num_leaves=15", rounds, dir.resolve("rf.txt"));
    TreeEnsemble model = ModelReaders.read(file);
    assertEquals(rounds, model.numTrees());
    Frame test = all.slice(TRAIN, TRAIN + TEST);
    int m = model.schema().size();
    double[] expected = LightGbmReference.contributions(file, test);
    for (int i = 0; i < expected.length; i++) {
      expected[i] /= rounds;
    }
    double[] actual = Agreement.shap(TreeShap.pathDependent(model), model, test);
    Agreement.check("lgbm california rf (contrib / iterations)", expected, actual, TOLERANCE, test.rows(), 1, m + 1);
  }
}
