package dev.loupe.models.lightgbm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.Frame;
import dev.loupe.core.Link;
import dev.loupe.core.Schema;
import dev.loupe.core.TreeEnsemble;
import dev.loupe.io.csv.Table;
import dev.loupe.models.ModelReaders;
import dev.loupe.testkit.Datasets;
import dev.loupe.testkit.lightgbm.LightGbmReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models trained by LightGBM 3.3.5 (lightgbmlib 3.3.510) on the bundled data sets, saved as text,
 * read back by {@link LightGbmModelReader}: Loupe's margins must equal LightGBM's own raw scores
 * ({@code C_API_PREDICT_RAW_SCORE}) on held-out rows, including NaN, zeros and unseen codes.
 *
 * <p>Tolerance: max absolute difference {@value #TOLERANCE} (the bound). Both sides add the
 * same doubles in the same order, so the observed differences are 0 or a few ulps.
 */
class LightGbmAgreementTest {
  static final double TOLERANCE = 1e-5;
  static final String COMMON = "seed=1 deterministic=true num_threads=1 verbose=-1 ";

  @TempDir
  Path dir;

  /** Trains on rows [0, 3000) of the table's features (possibly modified), checks rows [3000, 4000). */
  private TreeEnsemble trainReadCompare(String name, Frame features, double[] labels, String params, int rounds)
      throws IOException {
    Frame train = features.slice(0, 3000);
    Frame test = features.slice(3000, 4000);
    Path file = LightGbmReference.trainAndSave(train, java.util.Arrays.copyOf(labels, 3000), COMMON + params, rounds,
        dir.resolve(name + ".txt"));
    TreeEnsemble model = LightGbmModelReader.read(file);
    double[] expected = LightGbmReference.rawScores(file, test); // LightGBM's own raw scores
    double[] actual = model.predict(test);
    double diff = Datasets.maxAbsDiff(expected, actual);
    System.out.printf("%s: %d trees, max |Loupe - LightGBM| = %.3g%n", name, model.numTrees(), diff);
    assertTrue(diff <= TOLERANCE, name + ": max abs difference " + diff + " > " + TOLERANCE);
    // the same file through the format-sniffing dispatcher gives the same model
    assertEquals(0.0, Datasets.maxAbsDiff(actual, ModelReaders.read(file).predict(test)));
    return model;
  }

  private static int countMode(TreeEnsemble m, byte mode, boolean categorical) {
    int n = 0;
    for (int node = 0; node < m.numNodes(); node++) {
      if (!m.isLeaf(node) && m.missing(node) == mode && m.isCategorical(node) == categorical) {
        n++;
      }
    }
    return n;
  }

  @Test
  void binaryAdultWithCategoricalFeatures() throws IOException {
    Table t = Datasets.adult();
    Frame x = t.features();
    // NaN and an unseen negative code in the categorical columns of the held-out rows
    double[][] cols = new double[x.columns()][];
    for (int j = 0; j < x.columns(); j++) {
      cols[j] = x.column(j);
      if (x.schema().feature(j).isCategorical()) {
        for (int i = 3000; i < 4000; i += 7) {
          cols[j][i] = (i % 2 == 0) ? Double.NaN : -1;
        }
      }
    }
    Frame data = Frame.of(x.schema(), cols);
    String params = "objective=binary num_leaves=31 min_data_per_group=10 cat_smooth=1 max_cat_to_onehot=4 "
        + LightGbmReference.categoricalFeatureParam(x.schema());
    TreeEnsemble m = trainReadCompare("adult-binary", data, t.target(), params, 40);
    assertEquals(Link.LOGISTIC, m.link());
    assertEquals(List.of("binary"), m.output().names());
    assertTrue(m.hasFeatureNames());
    assertTrue(m.schema().feature(m.schema().require("workclass")).isCategorical());
    assertTrue(m.schema().feature(m.schema().require("native_country")).isCategorical());
    assertFalse(m.schema().feature(m.schema().require("age")).isCategorical());
    assertTrue(countMode(m, TreeEnsemble.MISSING_NAN, true) > 0, "the model must have categorical splits");
    assertTrue(m.format().startsWith("lightgbm v4 binary"), m.format());
    assertTrue(m.digest().startsWith("sha256:"));
    assertEquals(0.0, m.baseMargin(0)); // LightGBM's initial score lives in the first tree
  }

  @Test
  void regressionCaliforniaHousing() throws IOException {
    Table t = Datasets.california();
    TreeEnsemble m = trainReadCompare("california-regression", t.features(), t.target(), "objective=regression"
        + " num_leaves=31", 60);
    assertEquals(Link.IDENTITY, m.link());
    assertEquals(60, m.numTrees());
  }

  @Test
  void multiclassOnBinnedHouseValues() throws IOException {
    Table t = Datasets.california();
    double[] y = t.target().clone();
    for (int i = 0; i < y.length; i++) {
      y[i] = y[i] < 150_000 ? 0 : y[i] < 250_000 ? 1 : 2;
    }
    TreeEnsemble m = trainReadCompare("california-multiclass", t.features(), y, "objective=multiclass num_class=3"
        + " num_leaves=15", 30);
    assertEquals(Link.SOFTMAX, m.link());
    assertEquals(List.of("0", "1", "2"), m.output().names());
    assertEquals(90, m.numTrees());
    for (int tree = 0; tree < 6; tree++) {
      assertEquals(tree % 3, m.treeOutput(tree));
    }
  }

  @Test
  void creditDefaultWithMissingValues() throws IOException {
    Table t = Datasets.creditDefault();
    Frame x = Datasets.withMissing(t.features(), 0.10, 20240601L); // 10% NaN, fixed seed
    assertTrue(Datasets.countNaN(x.slice(3000, 4000)) > 1000);
    TreeEnsemble m = trainReadCompare("credit-nan", x, t.target(), "objective=binary num_leaves=31", 40);
    assertTrue(countMode(m, TreeEnsemble.MISSING_NAN, false) > 0, "missing type NaN expected");
  }

  @Test
  void zeroAsMissingGivesMissingTypeZero() throws IOException {
    Table t = Datasets.creditDefault();
    Frame x = Datasets.withMissing(t.features(), 0.10, 7L);
    assertTrue(Datasets.countZero(x.slice(3000, 4000)) > 1000); // pay_*, bill_amt*, pay_amt* hold many zeros
    TreeEnsemble m = trainReadCompare("credit-zero-as-missing", x, t.target(), "objective=binary num_leaves=31"
        + " zero_as_missing=true", 40);
    assertTrue(countMode(m, TreeEnsemble.MISSING_ZERO, false) > 0, "missing type Zero expected");
  }

  @Test
  void useMissingFalseGivesMissingTypeNone() throws IOException {
    Table t = Datasets.creditDefault();
    Frame x = Datasets.withMissing(t.features(), 0.10, 11L);
    TreeEnsemble m = trainReadCompare("credit-use-missing-false", x, t.target(), "objective=binary num_leaves=31"
        + " use_missing=false", 40);
    assertTrue(countMode(m, TreeEnsemble.MISSING_NONE, false) > 0, "missing type None expected");
    assertEquals(0, countMode(m, TreeEnsemble.MISSING_NAN, false));
    assertEquals(0, countMode(m, TreeEnsemble.MISSING_ZERO, false));
  }

  @Test
  void constantTree() throws IOException {
    // No split can gain 1e30: LightGBM keeps one single-leaf tree holding the initial score.
    Table t = Datasets.california();
    TreeEnsemble m = trainReadCompare("california-constant", t.features(), t.target(), "objective=regression"
        + " min_gain_to_split=1e30", 5);
    assertEquals(1, m.numTrees());
    assertEquals(1, m.treeEnd(0) - m.treeStart(0));
    double mean = 0;
    for (int i = 0; i < 3000; i++) {
      mean += t.target()[i] / 3000;
    }
    // boost_from_average: the constant is the training mean (relative error of summation only)
    assertEquals(mean, m.value(m.treeStart(0)), 1e-9 * mean);
  }

  @Test
  void randomForestAveragesIterations() throws IOException {
    Table t = Datasets.california();
    Frame train = t.features().slice(0, 3000);
    Frame test = t.features().slice(3000, 4000);
    int rounds = 20;
    Path file = LightGbmReference.trainAndSave(train, Datasets.labels(t, 0, 3000), COMMON + "objective=regression"
        + " boosting=rf bagging_freq=1 bagging_fraction=0.6 feature_fraction=0.8 num_leaves=15", rounds,
        dir.resolve("rf.txt"));
    TreeEnsemble m = LightGbmModelReader.read(file);
    double[] actual = m.predict(test);
    // LightGBM's predictions (C_API_PREDICT_NORMAL) average the trees; with an identity objective
    // they are the margin. Its raw scores are the un-averaged sums (GBDT::PredictRaw).
    double[] predictions = LightGbmReference.predictions(file, test);
    double[] raw = LightGbmReference.rawScores(file, test);
    double diff = Datasets.maxAbsDiff(predictions, actual);
    double[] rawOverIterations = new double[raw.length];
    for (int i = 0; i < raw.length; i++) {
      rawOverIterations[i] = raw[i] / rounds;
    }
    double diffRaw = Datasets.maxAbsDiff(rawOverIterations, actual);
    System.out.printf("california-rf: max |Loupe - LightGBM| = %.3g (predictions), %.3g (raw / iterations)%n", diff,
        diffRaw);
    assertTrue(diff <= TOLERANCE, "rf: " + diff);
    assertTrue(diffRaw <= TOLERANCE, "rf raw/iterations: " + diffRaw);
    assertTrue(m.format().endsWith(" rf"), m.format());
  }

  @Test
  void placeholderNamesBindByPosition() throws IOException {
    Table t = Datasets.california();
    Frame train = t.features().slice(0, 3000);
    Frame test = t.features().slice(3000, 3500);
    Path file = LightGbmReference.trainAndSave(train, Datasets.labels(t, 0, 3000), COMMON + "objective=regression",
        10, dir.resolve("named.txt"));
    // LightGBM writes Column_0, Column_1, ... when it was given no names
    StringBuilder names = new StringBuilder("feature_names=");
    for (int j = 0; j < train.columns(); j++) {
      names.append(j == 0 ? "" : " ").append("Column_").append(j);
    }
    String text = Files.readString(file).replaceFirst("(?m)^feature_names=.*$", names.toString());
    Path unnamed = Files.writeString(dir.resolve("unnamed.txt"), text, StandardCharsets.UTF_8);
    TreeEnsemble m = LightGbmModelReader.read(unnamed);
    assertFalse(m.hasFeatureNames());
    assertEquals("Column_0", m.schema().name(0));
    // the data's own names differ from Column_i: binding goes by position
    double[] expected = LightGbmReference.rawScores(file, test);
    assertTrue(Datasets.maxAbsDiff(expected, m.predict(test)) <= TOLERANCE);
    Schema renamed = Schema.positional(test.columns());
    assertTrue(Datasets.maxAbsDiff(expected, m.predict(Frame.of(renamed, columns(test)))) <= TOLERANCE);
  }

  private static double[][] columns(Frame f) {
    double[][] c = new double[f.columns()][];
    for (int j = 0; j < f.columns(); j++) {
      c[j] = f.column(j);
    }
    return c;
  }
}
