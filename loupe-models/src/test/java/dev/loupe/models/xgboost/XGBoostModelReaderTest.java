package dev.loupe.models.xgboost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.Feature;
import dev.loupe.core.Frame;
import dev.loupe.core.Link;
import dev.loupe.core.Schema;
import dev.loupe.core.TreeEnsemble;
import dev.loupe.io.csv.Table;
import dev.loupe.models.ModelReaders;
import dev.loupe.testkit.Datasets;
import dev.loupe.testkit.xgboost.XGBoostReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models trained by XGBoost4J 3.4 on the bundled data, saved as JSON and UBJSON, read back by Loupe.
 *
 * <p>Expected values: XGBoost4J's own {@code predict(dmat, outputMargin=true)} (margins) and
 * {@code predict(dmat, outputMargin=false)} (responses) on held-out rows, through
 * {@link XGBoostReference}. Tolerance: margins 1e-5 absolute (the issue's; XGBoost sums in float,
 * Loupe in double); responses 1e-6 absolute for probabilities, 1e-5 absolute for logitraw margins,
 * and 1e-5 relative to max(1, |value|) for regression values. California house values are divided
 * by 100,000 (so margins are of order 1 and float sums keep 1e-5 absolute accuracy). Held-out rows
 * have 5% of their cells set missing (credit default: 10% everywhere, fixed seeds).
 * These comparisons are also the empirical check of each objective's base_score transform and of
 * the side that listed categories take (a wrong transform shifts every margin by far more than
 * 1e-5).
 */
class XGBoostModelReaderTest {
  private static final double MARGIN_TOL = 1e-5;
  private static final int TRAIN = 3000;
  private static final int TEST = 1000;

  @TempDir static Path dir;

  private static Frame adultTrain;
  private static Frame adultTest;
  private static double[] adultY;
  private static Frame housingTrain;
  private static Frame housingTest;
  private static double[] housingY;

  @BeforeAll
  static void load() {
    Table adult = Datasets.read("adult", "income");
    int[] rows = Datasets.sample(adult.rows(), TRAIN + TEST, 1);
    Frame all = adult.features().select(rows);
    adultTrain = all.slice(0, TRAIN);
    adultTest = Datasets.withMissing(all.slice(TRAIN, TRAIN + TEST), 0.05, 7);
    assertEquals(List.of("<=50K", ">50K"), adult.targetFeature().levels());
    adultY = Datasets.pick(adult.target(), java.util.Arrays.copyOf(rows, TRAIN)); // code 1 = ">50K"

    Table housing = Datasets.read("california_housing", "median_house_value");
    int[] hrows = Datasets.sample(housing.rows(), TRAIN + TEST, 2);
    Frame hall = housing.features().select(hrows);
    housingTrain = hall.slice(0, TRAIN);
    housingTest = Datasets.withMissing(hall.slice(TRAIN, TRAIN + TEST), 0.05, 8);
    housingY = Datasets.pick(housing.target(), java.util.Arrays.copyOf(hrows, TRAIN));
    for (int i = 0; i < housingY.length; i++) {
      housingY[i] /= 100_000.0; // units of 100k USD, so that float margins keep 1e-5 absolute accuracy
    }
  }

  private static Map<String, Object> params(String objective, Object... more) {
    java.util.HashMap<String, Object> p = new java.util.HashMap<>();
    p.put("objective", objective);
    p.put("max_depth", 5);
    p.put("eta", 0.3);
    for (int i = 0; i < more.length; i += 2) {
      p.put((String) more[i], more[i + 1]);
    }
    return p;
  }

  /** Saves in both forms, reads both back, checks margins; returns the model read from JSON. */
  private static TreeEnsemble check(String name, Booster booster, Frame test) {
    Path json = dir.resolve(name + ".json");
    Path ubj = dir.resolve(name + ".ubj");
    XGBoostReference.save(booster, json);
    XGBoostReference.save(booster, ubj);
    TreeEnsemble fromJson = ModelReaders.read(json);
    TreeEnsemble fromUbj = XGBoostModelReader.read(ubj);
    assertEquals(fromUbj.digest(), ModelReaders.read(ubj).digest(), "ModelReaders dispatches UBJSON too");
    double[] expected = XGBoostReference.margins(booster, test);
    double dJson = Datasets.maxAbsDiff(expected, fromJson.predict(test));
    double dUbj = Datasets.maxAbsDiff(expected, fromUbj.predict(test));
    System.out.printf("%-28s max |margin diff| json %.3g ubj %.3g (%d trees)%n", name, dJson, dUbj,
        fromJson.numTrees());
    assertTrue(dJson <= MARGIN_TOL, name + " JSON: max margin difference " + dJson);
    assertTrue(dUbj <= MARGIN_TOL, name + " UBJSON: max margin difference " + dUbj);
    assertEquals(fromJson.digest().length(), fromUbj.digest().length());
    assertFalse(fromJson.digest().equals(fromUbj.digest()), "the digest is of the file's bytes");
    return fromJson;
  }

  /**
   * Loupe's {@code predictResponse} against XGBoost's {@code predict(outputMargin=false)}: difference
   * at most {@code tol}, absolute, or relative to {@code max(1, |expected|)} when {@code relative}.
   */
  private static void checkResponses(TreeEnsemble model, Booster booster, Frame test, double tol, boolean relative) {
    double[] expected = XGBoostReference.responses(booster, test);
    double[] x = test.rowMajor(model.bind(test.schema()));
    double[] got = new double[expected.length];
    model.predictResponse(x, test.rows(), got);
    double max = 0;
    for (int i = 0; i < got.length; i++) {
      double d = Math.abs(got[i] - expected[i]) / (relative ? Math.max(1.0, Math.abs(expected[i])) : 1.0);
      max = Math.max(max, d);
      assertTrue(d <= tol, "response " + i + ": " + got[i] + " vs XGBoost " + expected[i]);
    }
    System.out.printf("    responses max %s diff %.3g%n", relative ? "relative" : "absolute", max);
  }

  @Test
  void adultBinaryLogisticWithNativeCategoricals() {
    Booster b = XGBoostReference.train(adultTrain, adultY, params("binary:logistic", "max_cat_to_onehot", 1), 40);
    TreeEnsemble m = check("adult-binary-logistic", b, adultTest);
    assertEquals(Link.LOGISTIC, m.link());
    assertEquals(List.of("1"), m.output().names());
    assertTrue(m.hasFeatureNames());
    assertEquals(adultTrain.schema().names(), m.schema().names());
    assertTrue(m.schema().feature(adultTrain.schema().require("workclass")).isCategorical());
    assertTrue(m.format().startsWith("xgboost 3.4.0 binary:logistic"), m.format());
    int catSplits = 0;
    for (int n = 0; n < m.numNodes(); n++) {
      if (!m.isLeaf(n) && m.isCategorical(n)) {
        catSplits++;
        assertFalse(m.membersGoLeft(n));
      }
    }
    assertTrue(catSplits > 10, "expected many categorical splits, got " + catSplits);
    checkResponses(m, b, adultTest, 1e-6, false);
  }

  @Test
  void adultOneHotCategoricalSplits() {
    // max_cat_to_onehot large: one-category-versus-rest splits (a set of one code).
    Booster b = XGBoostReference.train(adultTrain, adultY, params("binary:logistic", "max_cat_to_onehot", 64), 20);
    check("adult-onehot", b, adultTest);
  }

  @Test
  void adultBinaryLogitraw() {
    // logitraw: measured here, XGBoost 3.4 applies no transform to its base_score (a logit would be off by ~1.4).
    Booster b = XGBoostReference.train(adultTrain, adultY, params("binary:logitraw"), 30);
    TreeEnsemble m = check("adult-binary-logitraw", b, adultTest);
    assertEquals(Link.IDENTITY, m.link());
    checkResponses(m, b, adultTest, 1e-5, false);
  }

  @Test
  void adultMulticlassRelationship() {
    Table adult = Datasets.read("adult", "relationship");
    int[] rows = Datasets.sample(adult.rows(), TRAIN + TEST, 3);
    Frame all = adult.features().select(rows);
    double[] y = Datasets.pick(adult.target(), java.util.Arrays.copyOf(rows, TRAIN));
    Frame test = Datasets.withMissing(all.slice(TRAIN, TRAIN + TEST), 0.05, 9);
    for (String obj : List.of("multi:softprob", "multi:softmax")) {
      Booster b = XGBoostReference.train(all.slice(0, TRAIN), y, params(obj, "num_class", 6, "max_depth", 4), 20);
      TreeEnsemble m = check("adult-" + obj.replace(':', '-'), b, test);
      assertEquals(List.of("0", "1", "2", "3", "4", "5"), m.output().names());
      assertEquals(Link.SOFTMAX, m.link());
      assertEquals(6 * 20, m.numTrees());
      if (obj.equals("multi:softprob")) {
        checkResponses(m, b, test, 1e-6, false);
      } else {
        // multi:softmax answers the class; Loupe's softmax probabilities must pick the same one.
        double[] cls = XGBoostReference.responses(b, test);
        double[] p = m.predict(test);
        for (int i = 0; i < test.rows(); i++) {
          int best = 0;
          for (int c = 1; c < 6; c++) {
            if (p[i * 6 + c] > p[i * 6 + best]) {
              best = c;
            }
          }
          assertEquals(cls[i], best, "row " + i);
        }
      }
    }
  }

  @Test
  void housingRegressionObjectives() {
    double max = 0;
    for (double v : housingY) {
      max = Math.max(max, v);
    }
    double[] scaled = housingY.clone();
    for (int i = 0; i < scaled.length; i++) {
      scaled[i] /= max * 1.0001; // in (0, 1) for reg:logistic
    }
    Object[][] cases = {
        {"reg:squarederror", Link.IDENTITY, housingY},
        {"reg:absoluteerror", Link.IDENTITY, housingY},
        {"count:poisson", Link.EXP, housingY},
        {"reg:gamma", Link.EXP, housingY},
        {"reg:tweedie", Link.EXP, housingY},
        {"reg:logistic", Link.LOGISTIC, scaled},
    };
    for (Object[] c : cases) {
      String obj = (String) c[0];
      Booster b = XGBoostReference.train(housingTrain, (double[]) c[2], params(obj), 40);
      TreeEnsemble m = check("housing-" + obj.replace(':', '-'), b, housingTest);
      assertEquals(c[1], m.link(), obj);
      assertEquals(List.of("value"), m.output().names());
      checkResponses(m, b, housingTest, obj.equals("reg:logistic") ? 1e-6 : 1e-5, !obj.equals("reg:logistic"));
    }
  }

  @Test
  void creditDefaultWithMissingValues() {
    Table credit = Datasets.read("credit_default", "default_payment_next_month");
    int[] rows = Datasets.sample(credit.rows(), TRAIN + TEST, 4);
    Frame all = Datasets.withMissing(credit.features().select(rows), 0.10, 42);
    double[] y = Datasets.pick(credit.target(), java.util.Arrays.copyOf(rows, TRAIN));
    Booster b = XGBoostReference.train(all.slice(0, TRAIN), y, params("binary:logistic", "max_depth", 6), 50);
    TreeEnsemble m = check("credit-missing", b, all.slice(TRAIN, TRAIN + TEST));
    int defaultLeft = 0;
    for (int n = 0; n < m.numNodes(); n++) {
      if (!m.isLeaf(n) && m.defaultLeft(n)) {
        defaultLeft++;
      }
    }
    assertTrue(defaultLeft > 0, "missing values should send some nodes' default left");
  }

  @Test
  void boostedRandomForest() {
    Booster b = XGBoostReference.train(housingTrain, housingY,
        params("reg:squarederror", "num_parallel_tree", 4, "subsample", 0.7, "colsample_bynode", 0.6), 10);
    TreeEnsemble m = check("housing-parallel-trees", b, housingTest);
    assertEquals(40, m.numTrees());

    Table adult = Datasets.read("adult", "relationship");
    int[] rows = Datasets.sample(adult.rows(), 2000, 5);
    Frame all = adult.features().select(rows);
    double[] y = Datasets.pick(adult.target(), java.util.Arrays.copyOf(rows, 1500));
    Booster mc = XGBoostReference.train(all.slice(0, 1500), y,
        params("multi:softprob", "num_class", 6, "num_parallel_tree", 3, "subsample", 0.8, "max_depth", 3), 5);
    TreeEnsemble mm = check("adult-multiclass-forest", mc, all.slice(1500, 2000));
    assertEquals(5 * 6 * 3, mm.numTrees());
  }

  @Test
  void modelWithoutFeatureNamesIsPositional() throws Exception {
    Frame x = housingTrain;
    Schema anon = Schema.positional(x.columns());
    Frame ax = Frame.ofRows(anon, x.rowMajor(), x.rows());
    Booster b = XGBoostReference.train(ax, housingY, params("reg:squarederror"), 5);
    b.setFeatureNames(new String[0]);
    Path json = dir.resolve("anon.json");
    XGBoostReference.save(b, json);
    String text = Files.readString(json);
    TreeEnsemble m = XGBoostModelReader.read(json);
    assertFalse(m.hasFeatureNames(), text.substring(0, 200));
    assertEquals(Schema.positional(x.columns()), m.schema());
  }

  @Test
  void listedCategoriesGoRight() throws Exception {
    // One category feature with codes 0-3; label 1 exactly for codes 1 and 3. One round, depth 1, so
    // the single split separates {1,3} from {0,2}: XGBoost stores one side's codes and sends them right.
    Schema s = new Schema(List.of(Feature.categorical("c")));
    int n = 400;
    double[][] col = new double[1][n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      col[0][i] = i % 4;
      y[i] = (i % 4 == 1 || i % 4 == 3) ? 1 : 0;
    }
    Frame x = Frame.of(s, col);
    Booster b = XGBoostReference.train(x, y,
        params("binary:logistic", "max_depth", 1, "max_cat_to_onehot", 1, "min_child_weight", 0), 1);
    TreeEnsemble m = check("categorical-side", b, x);
    assertTrue(m.isCategorical(0));
    int[] listed = m.categories(0);
    double[] xgb = XGBoostReference.margins(b, x);
    for (int code = 0; code < 4; code++) {
      final int cat = code;
      boolean member = java.util.Arrays.stream(listed).anyMatch(c -> c == cat);
      int leaf = m.leaf(0, new double[] {code}, 0);
      assertEquals(member ? m.right(0) : m.left(0), leaf, "code " + code);
      assertEquals(xgb[code], m.baseMargin(0) + m.value(leaf), 1e-6, "code " + code);
    }
  }
}
