package dev.loupe.models.xgboost;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.Link;
import dev.loupe.core.Schema;
import dev.loupe.core.TreeEnsemble;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-written models in the layouts XGBoost4J 3.4 cannot write (1.6/1.7 and 2.x JSON: base_score
 * as {@code "5E-1"}, default_left as 0/1 or booleans, leaf-only trees). Every expected value is
 * worked out by hand in a comment; tolerance 1e-12 (the sums are exact in binary except where
 * noted).
 */
class XGBoostFixturesTest {
  private static final double NAN = Double.NaN;

  static byte[] resource(String name) {
    try (InputStream in = XGBoostFixturesTest.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static double[] predict(TreeEnsemble m, double[]... rows) {
    int k = m.numOutputs();
    double[] flat = new double[rows.length * rows[0].length];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, flat, i * rows[i].length, rows[i].length);
    }
    double[] out = new double[rows.length * k];
    m.predict(flat, rows.length, out);
    return out;
  }

  @Test
  void xgboost16BinaryLayout() {
    TreeEnsemble m = XGBoostModelReader.read(resource("xgb-1.6-binary.json"), "xgb-1.6-binary.json");
    // base_score "5E-1" under binary:logistic: logit(0.5) = 0.
    assertEquals(0.0, m.baseMargin(0), 0.0);
    assertEquals(Link.LOGISTIC, m.link());
    assertFalse(m.hasFeatureNames());
    assertEquals(Schema.positional(2), m.schema());
    assertEquals("xgboost 1.6.2 binary:logistic", m.format());
    assertTrue(m.digest().startsWith("sha256:"));
    // tree 0: f0 < 0.5 -> 0.25 else -0.5, missing left (default_left 1);
    // tree 1: f1 < 3 -> 0.5 else -0.125, missing right (default_left 0).
    double[] got = predict(m,
        new double[] {0.2, 7},    // 0.25 - 0.125 = 0.125
        new double[] {0.7, 1},    // -0.5 + 0.5 = 0
        new double[] {0.5, 3},    // 0.5 is not < 0.5: -0.5; 3 is not < 3: -0.125; = -0.625
        new double[] {NAN, NAN},  // 0.25 (left) - 0.125 (right) = 0.125
        // XGBoost rounds inputs to float first. 0.49999999999999994 rounds to 0.5f (not < 0.5): -0.5;
        // 2.9999999 is within half a float ulp (1.19e-7) of 3, rounds to 3f (not < 3): -0.125; = -0.625
        new double[] {0.49999999999999994, 2.9999999},
        // 0.4999999 rounds to the float below 0.5 (< 0.5): 0.25; 2.9999998 to 2.99999976f (< 3): 0.5; = 0.75
        new double[] {0.4999999, 2.9999998});
    assertArrayEquals(new double[] {0.125, 0.0, -0.625, 0.125, -0.625, 0.75}, got, 1e-12);
    assertEquals(100, m.cover(m.treeStart(0)), 0.0);
  }

  @Test
  void xgboost20MulticlassLayoutWithBooleansAndCategories() {
    TreeEnsemble m = XGBoostModelReader.read(resource("xgb-2.0-multiclass.json"), "xgb-2.0-multiclass.json");
    assertEquals(List.of("0", "1", "2"), m.output().names());
    assertEquals(Link.SOFTMAX, m.link());
    assertTrue(m.hasFeatureNames());
    assertEquals(List.of("a", "b"), m.schema().names());
    assertTrue(m.schema().feature(1).isCategorical());
    // base_score "5E-1", identity for softprob: 0.5 per class.
    // class 0: a < 2 -> 1 else -1, missing left (true); class 1: b in {1,3} -> right 0.75, else left -0.25,
    // missing right (false); class 2: a single leaf 0.1 (float 0.1 = 0.100000001490116...).
    double leaf2 = (float) 0.1;
    double[] got = predict(m,
        new double[] {1.0, 3},   // 1.5, 1.25, 0.5 + leaf2
        new double[] {NAN, NAN}, // 1.5, 1.25, 0.5 + leaf2
        new double[] {5.0, 2},   // -0.5, 0.25, 0.5 + leaf2
        new double[] {2.0, 0});  // a = 2 is not < 2: -0.5; 0 not listed: 0.25
    assertArrayEquals(new double[] {
        1.5, 1.25, 0.5 + leaf2,
        1.5, 1.25, 0.5 + leaf2,
        -0.5, 0.25, 0.5 + leaf2,
        -0.5, 0.25, 0.5 + leaf2}, got, 1e-12);
  }

  @Test
  void vectorBaseScoreOfXGBoost3() {
    // The 3.x form "[a,b,c]": one value per class, identity for softprob.
    String json = new String(resource("xgb-2.0-multiclass.json"), StandardCharsets.UTF_8)
        .replace("\"base_score\": \"5E-1\"", "\"base_score\": \"[1E-1,-2E-1,3E0]\"");
    TreeEnsemble m = XGBoostModelReader.read(json.getBytes(StandardCharsets.UTF_8), "v3.json");
    assertEquals((float) 0.1, m.baseMargin(0), 0.0);
    assertEquals((float) -0.2, m.baseMargin(1), 0.0);
    assertEquals(3.0, m.baseMargin(2), 0.0);
    // A one-value vector applies to every class.
    String one = json.replace("[1E-1,-2E-1,3E0]", "[2.5E-1]");
    TreeEnsemble m1 = XGBoostModelReader.read(one.getBytes(StandardCharsets.UTF_8), "v3one.json");
    for (int o = 0; o < 3; o++) {
      assertEquals(0.25, m1.baseMargin(o), 0.0);
    }
  }

  @Test
  void baseScoreTransformsPerObjective() {
    // Same file, objective and base_score swapped: the margin is the objective's transform of 0.25.
    String base = new String(resource("xgb-1.6-binary.json"), StandardCharsets.UTF_8).replace("5E-1\",\"num_class",
        "2.5E-1\",\"num_class");
    Object[][] cases = {
        {"binary:logistic", Math.log(0.25 / 0.75)}, {"reg:logistic", Math.log(0.25 / 0.75)},
        {"binary:logitraw", 0.25}, {"reg:squarederror", 0.25}, {"reg:absoluteerror", 0.25},
        {"count:poisson", Math.log(0.25)}, {"reg:gamma", Math.log(0.25)}, {"reg:tweedie", Math.log(0.25)}};
    for (Object[] c : cases) {
      String json = base.replace("\"binary:logistic\"", "\"" + c[0] + "\"");
      TreeEnsemble m = XGBoostModelReader.read(json.getBytes(StandardCharsets.UTF_8), (String) c[0]);
      assertEquals((double) c[1], m.baseMargin(0), 1e-15, (String) c[0]);
    }
  }

  @Test
  void logitrawBefore14IsRefused() {
    // Before XGBoost 1.4 binary:logitraw applied the logit to base_score; from 1.4 on it does not.
    String json = new String(resource("xgb-1.6-binary.json"), StandardCharsets.UTF_8)
        .replace("\"binary:logistic\"", "\"binary:logitraw\"");
    assertEquals(0.5, XGBoostModelReader.read(json.getBytes(StandardCharsets.UTF_8), "l16.json").baseMargin(0), 0.0);
    String old = json.replace("[1,6,2]", "[1,3,3]");
    dev.loupe.core.ModelFormatException e = org.junit.jupiter.api.Assertions.assertThrows(
        dev.loupe.core.ModelFormatException.class,
        () -> XGBoostModelReader.read(old.getBytes(StandardCharsets.UTF_8), "l13.json"));
    assertTrue(e.getMessage().startsWith("l13.json: binary:logitraw models written by XGBoost 1.3.3"), e.getMessage());
  }

  @Test
  void categoryNamesOfXGBoost31() {
    // XGBoost 3.1+ stores the training categories in gradient_booster.model.cats (CatContainer::Save):
    // one column per feature, strings as offsets + UTF-8 bytes. Here b's levels are "red", "blue",
    // "grün" (bytes 114 101 100 | 98 108 117 101 | 103 114 195 188 110); a is numeric (empty column).
    String cats = "\"cats\": {\"enc\": [{\"type\": 13, \"values\": []}, {\"offsets\": [0, 3, 7, 12],"
        + " \"values\": [114, 101, 100, 98, 108, 117, 101, 103, 114, -61, -68, 110]}],"
        + " \"feature_segments\": [0, 0, 3], \"sorted_idx\": []},";
    String json = new String(resource("xgb-2.0-multiclass.json"), StandardCharsets.UTF_8)
        .replace("\"gbtree_model_param\"", cats + " \"gbtree_model_param\"");
    TreeEnsemble m = XGBoostModelReader.read(json.getBytes(StandardCharsets.UTF_8), "cats.json");
    assertEquals(List.of("red", "blue", "gr\u00fcn"), m.schema().feature(1).levels());
    assertEquals(List.of(), m.schema().feature(0).levels());
    // One column per categorical feature only: the same levels.
    String onlyCat = json.replace("{\"type\": 13, \"values\": []}, ", "");
    TreeEnsemble m2 = XGBoostModelReader.read(onlyCat.getBytes(StandardCharsets.UTF_8), "cats2.json");
    assertEquals(List.of("red", "blue", "gr\u00fcn"), m2.schema().feature(1).levels());
    // Numeric categories keep their values as level names.
    String numeric = json.replace("{\"offsets\": [0, 3, 7, 12], \"values\": [114, 101, 100, 98, 108, 117, 101, 103,"
        + " 114, -61, -68, 110]}", "{\"type\": 13, \"values\": [3, 7, 10]}");
    TreeEnsemble m3 = XGBoostModelReader.read(numeric.getBytes(StandardCharsets.UTF_8), "cats3.json");
    assertEquals(List.of("3", "7", "10"), m3.schema().feature(1).levels());
  }
}
