package dev.loupe.explainers.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.Attributions;
import dev.loupe.core.Feature;
import dev.loupe.core.Frame;
import dev.loupe.core.Schema;
import dev.loupe.core.TreeEnsemble;
import dev.loupe.io.csv.Table;
import dev.loupe.models.ModelReaders;
import dev.loupe.testkit.Datasets;
import dev.loupe.testkit.ShapleyOracle;
import dev.loupe.testkit.xgboost.XGBoostReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TreeSHAP on models trained by XGBoost4J 3.4 on the bundled data sets, saved to files (JSON, one
 * UBJSON) and read back by {@link ModelReaders}.
 *
 * <p>Expected values and tolerances:
 * <ul>
 *   <li>path-dependent SHAP values (features and bias): XGBoost4J's {@code predictContrib} through
 *       {@link XGBoostReference#contributions}, within {@value #REFERENCE_TOL} absolute per value
 *       (the bound; XGBoost computes in float32, Loupe in double, on the same float leaf
 *       values and covers);
 *   <li>SHAP interaction values: XGBoost's {@code pred_interactions} through
 *       {@link XGBoostReference#interactions}, within {@value #REFERENCE_TOL} per value;
 *   <li>interventional SHAP on a small model: the interventional Shapley definition enumerated over
 *       all 2^8 coalitions by {@link ShapleyOracle}, within {@value #ORACLE_TOL}; on a large model,
 *       efficiency (base + sum of values = Loupe's own margin) within {@value #ADDITIVITY_TOL} and
 *       base = mean background margin;
 *   <li>binding by name and thread counts: bit-identical arrays (exact equality).
 * </ul>
 * Training: ~3,000 rows, {@code nthread=1}, {@code seed=0}, fixed row samples; explained rows are
 * held out.
 */
class TreeShapReferenceXGBoostTest {
  private static final double REFERENCE_TOL = 1e-5;
  private static final double ORACLE_TOL = 1e-9;
  private static final double ADDITIVITY_TOL = 1e-6;
  private static final int TRAIN = 3000;
  private static final int TEST = 300;
  private static final int INTERACTION_ROWS = 50;

  @TempDir static Path dir;

  /** Adult, binary:logistic with native categorical (partition) splits, shared by several tests. */
  private static Booster adultBooster;
  private static TreeEnsemble adult;
  private static Frame adultTrain;
  private static Frame adultTest;

  @BeforeAll
  static void trainAdult() {
    Table t = Datasets.adult();
    int[] rows = Datasets.sample(t.rows(), TRAIN + TEST, 11);
    Frame all = t.features().select(rows);
    adultTrain = all.slice(0, TRAIN);
    adultTest = Datasets.withMissing(all.slice(TRAIN, TRAIN + TEST), 0.05, 12); // NaN in categoricals too
    double[] y = Datasets.pick(t.target(), Arrays.copyOf(rows, TRAIN));
    adultBooster = XGBoostReference.train(adultTrain, y,
        params("binary:logistic", "max_depth", 5, "max_cat_to_onehot", 1), 40);
    adult = saveAndRead(adultBooster, "adult-binary.json");
  }

  private static Map<String, Object> params(String objective, Object... more) {
    Map<String, Object> p = new HashMap<>();
    p.put("objective", objective);
    p.put("eta", 0.3);
    for (int i = 0; i < more.length; i += 2) {
      p.put((String) more[i], more[i + 1]);
    }
    return p;
  }

  private static TreeEnsemble saveAndRead(Booster booster, String file) {
    Path path = dir.resolve(file);
    XGBoostReference.save(booster, path);
    return ModelReaders.read(path);
  }

  /** Loupe's path-dependent values of every row of {@code test} against XGBoost's predictContrib. */
  private static double checkContributions(String name, Booster booster, TreeEnsemble model, Frame test) {
    int m = model.schema().size();
    double[] expected = XGBoostReference.contributions(booster, test); // n x k x (m + 1), bias last
    double[] actual = Agreement.shap(TreeShap.pathDependent(model), model, test);
    return Agreement.check(name + " SHAP", expected, actual, REFERENCE_TOL, test.rows(), model.numOutputs(), m + 1);
  }

  /** Loupe's interaction values of the first {@value #INTERACTION_ROWS} rows against XGBoost's. */
  private static double checkInteractions(String name, Booster booster, TreeEnsemble model, Frame test) {
    Frame rows = test.slice(0, INTERACTION_ROWS);
    int m1 = model.schema().size() + 1;
    double[] expected = XGBoostReference.interactions(booster, rows); // n x k x (m + 1) x (m + 1)
    double[] actual = Agreement.interactions(TreeShap.pathDependent(model), model, rows);
    return Agreement.check(name + " interactions", expected, actual, REFERENCE_TOL, rows.rows(),
        model.numOutputs(), m1, m1);
  }

  @Test
  void adultBinaryWithCategoricalSplits() {
    assertTrue(Agreement.categoricalSplits(adult) > 10, "the model must split on categories");
    checkContributions("xgb adult binary (json)", adultBooster, adult, adultTest);
    checkInteractions("xgb adult binary (json)", adultBooster, adult, adultTest);
  }

  @Test
  void californiaRegressionFromUbjson() {
    Table t = Datasets.california();
    int[] rows = Datasets.sample(t.rows(), TRAIN + TEST, 21);
    Frame all = t.features().select(rows);
    double[] y = Datasets.pick(t.target(), Arrays.copyOf(rows, TRAIN));
    for (int i = 0; i < y.length; i++) {
      y[i] /= 100_000.0; // units of 100k USD: margins of order 1, so float32 keeps 1e-5 absolute accuracy
    }
    Booster b = XGBoostReference.train(all.slice(0, TRAIN), y, params("reg:squarederror", "max_depth", 6), 60);
    TreeEnsemble model = saveAndRead(b, "california.ubj");
    checkContributions("xgb california regression (ubj)", b, model, all.slice(TRAIN, TRAIN + TEST));
  }

  @Test
  void creditDefaultWithMissingValues() {
    Table t = Datasets.creditDefault();
    int[] rows = Datasets.sample(t.rows(), TRAIN + TEST, 31);
    Frame all = Datasets.withMissing(t.features().select(rows), 0.10, 32); // 10% NaN, train and explained rows
    Frame test = all.slice(TRAIN, TRAIN + TEST);
    assertTrue(Datasets.countNaN(test) > 0.08 * test.rows() * test.columns());
    double[] y = Datasets.pick(t.target(), Arrays.copyOf(rows, TRAIN));
    Booster b = XGBoostReference.train(all.slice(0, TRAIN), y, params("binary:logistic", "max_depth", 6), 50);
    TreeEnsemble model = saveAndRead(b, "credit-missing.json");
    checkContributions("xgb credit default 10% NaN", b, model, test);
    checkInteractions("xgb credit default 10% NaN", b, model, test);
  }

  @Test
  void multiclassRelationship() {
    Table t = Datasets.read("adult", "relationship"); // six classes; income becomes a feature
    int[] rows = Datasets.sample(t.rows(), TRAIN + TEST, 41);
    Frame all = t.features().select(rows);
    double[] y = Datasets.pick(t.target(), Arrays.copyOf(rows, TRAIN));
    Booster b = XGBoostReference.train(all.slice(0, TRAIN), y,
        params("multi:softprob", "num_class", 6, "max_depth", 4, "max_cat_to_onehot", 1), 30);
    TreeEnsemble model = saveAndRead(b, "adult-multiclass.json");
    assertEquals(6, model.numOutputs());
    Frame test = Datasets.withMissing(all.slice(TRAIN, TRAIN + TEST), 0.05, 42);
    checkContributions("xgb adult multiclass (6)", b, model, test);
    checkInteractions("xgb adult multiclass (6)", b, model, test);
  }

  @Test
  void parallelTrees() {
    Table t = Datasets.california();
    int[] rows = Datasets.sample(t.rows(), TRAIN + TEST, 51);
    Frame all = t.features().select(rows);
    double[] y = Datasets.pick(t.target(), Arrays.copyOf(rows, TRAIN));
    for (int i = 0; i < y.length; i++) {
      y[i] /= 100_000.0;
    }
    Booster b = XGBoostReference.train(all.slice(0, TRAIN), y, params("reg:squarederror", "max_depth", 5,
        "num_parallel_tree", 3, "subsample", 0.8, "colsample_bynode", 0.7), 30);
    TreeEnsemble model = saveAndRead(b, "california-forest.json");
    assertEquals(90, model.numTrees());
    checkContributions("xgb california num_parallel_tree=3", b, model, all.slice(TRAIN, TRAIN + TEST));
  }

  @Test
  void interventionalEqualsShapleyDefinitionOnSmallModel() {
    // 8 credit default features, 5 trees of depth 3; 2^8 coalitions x 20 background rows per row.
    Table t = Datasets.creditDefault();
    String[] names = {"limit_bal", "age", "pay_0", "pay_2", "bill_amt1", "bill_amt2", "pay_amt1", "pay_amt2"};
    int[] rows = Datasets.sample(t.rows(), 1040, 61);
    Frame all = Datasets.withMissing(columns(t.features().select(rows), names), 0.10, 62);
    double[] y = Datasets.pick(t.target(), Arrays.copyOf(rows, 1000));
    Booster b = XGBoostReference.train(all.slice(0, 1000), y, params("binary:logistic", "max_depth", 3), 5);
    TreeEnsemble model = saveAndRead(b, "credit-small.json");
    assertEquals(5, model.numTrees());
    int m = model.schema().size();
    assertEquals(8, m);
    Frame background = all.slice(1000, 1020);
    Frame test = all.slice(1020, 1040);
    double[] bg = background.rowMajor(model.bind(background.schema()));
    double[] x = test.rowMajor(model.bind(test.schema()));
    double[] actual = Agreement.shap(TreeShap.interventional(model, background), model, test);
    double[] expected = new double[actual.length];
    for (int i = 0; i < test.rows(); i++) {
      double[] row = Arrays.copyOfRange(x, i * m, (i + 1) * m);
      ShapleyOracle.Game game = ShapleyOracle.interventional(model, row, bg, background.rows(), 0);
      System.arraycopy(ShapleyOracle.shapley(game, m), 0, expected, i * (m + 1), m);
      expected[i * (m + 1) + m] = game.value(0); // the bias is v(empty set), the mean background margin
    }
    Agreement.check("xgb credit small interventional vs oracle", expected, actual, ORACLE_TOL, test.rows(), 1, m + 1);
  }

  @Test
  void interventionalAddsUpOnLargeModel() {
    Frame background = adultTrain.slice(0, 100);
    Frame test = adultTest.slice(0, 100);
    TreeShap explainer = TreeShap.interventional(adult, background);
    int m = adult.schema().size();
    double[] phi = Agreement.shap(explainer, adult, test);
    double[] margins = adult.predict(test); // Loupe's own margins (agree with XGBoost's to 1e-5, reader tests)
    double[] sums = new double[test.rows()];
    for (int i = 0; i < test.rows(); i++) {
      for (int j = 0; j <= m; j++) {
        sums[i] += phi[i * (m + 1) + j];
      }
    }
    Agreement.check("xgb adult interventional additivity", margins, sums, ADDITIVITY_TOL, test.rows());
    double mean = 0;
    for (double v : adult.predict(background)) {
      mean += v / background.rows();
    }
    assertEquals(mean, phi[m], 1e-12, "base = mean background margin");
    assertEquals(mean, explainer.expectedValues()[0], 1e-12);
  }

  @Test
  void columnsBindByNameNotPosition() {
    // the held-out rows with their columns reversed and an extra column in front
    Schema s = adultTest.schema();
    List<Feature> features = new ArrayList<>();
    List<double[]> cols = new ArrayList<>();
    features.add(Feature.numeric("not_a_feature"));
    cols.add(new double[adultTest.rows()]);
    for (int j = s.size() - 1; j >= 0; j--) {
      features.add(s.feature(j));
      cols.add(adultTest.column(j));
    }
    Frame shuffled = Frame.of(new Schema(features), cols.toArray(new double[0][]));
    TreeShap explainer = TreeShap.pathDependent(adult);
    Attributions a = explainer.explain(adultTest);
    Attributions b = explainer.explain(shuffled);
    for (int i = 0; i < adultTest.rows(); i++) {
      assertEquals(a.baseValue(i, 0), b.baseValue(i, 0));
      for (int j = 0; j < s.size(); j++) {
        assertEquals(a.value(i, 0, j), b.value(i, 0, j), "row " + i + " feature " + s.name(j));
      }
    }
    assertArrayEquals(Agreement.interactions(explainer, adult, adultTest.slice(0, 10)),
        Agreement.interactions(explainer, adult, shuffled.slice(0, 10)));
  }

  @Test
  void threadCountDoesNotChangeAnyBit() {
    TreeShap one = TreeShap.pathDependent(adult).threads(1);
    TreeShap two = TreeShap.pathDependent(adult).threads(2);
    assertArrayEquals(Agreement.shap(one, adult, adultTest), Agreement.shap(two, adult, adultTest));
    Frame few = adultTest.slice(0, 40);
    assertArrayEquals(Agreement.interactions(one, adult, few), Agreement.interactions(two, adult, few));
    Frame background = adultTrain.slice(0, 20);
    TreeShap i1 = TreeShap.interventional(adult, background).threads(1);
    TreeShap i2 = TreeShap.interventional(adult, background).threads(2);
    Frame rows = adultTest.slice(0, 150); // more than one block of 64 rows per worker
    assertArrayEquals(Agreement.shap(i1, adult, rows), Agreement.shap(i2, adult, rows));
  }

  /** The named columns of {@code f}, in that order. */
  private static Frame columns(Frame f, String... names) {
    List<Feature> features = new ArrayList<>();
    double[][] cols = new double[names.length][];
    for (int j = 0; j < names.length; j++) {
      features.add(f.schema().feature(f.schema().require(names[j])));
      cols[j] = f.column(names[j]);
    }
    return Frame.of(new Schema(features), cols);
  }
}
