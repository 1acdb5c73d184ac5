package dev.loupe.models.xgboost;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.Frame;
import dev.loupe.core.ModelFormatException;
import dev.loupe.core.Schema;
import dev.loupe.models.ModelReaders;
import dev.loupe.testkit.xgboost.XGBoostReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;
import ml.dmlc.xgboost4j.java.Booster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input: every case is a {@link ModelFormatException} naming the file and the problem. */
class XGBoostModelReaderErrorsTest {
  @TempDir static Path dir;
  private static Frame x;
  private static double[] y;
  private static byte[] json;
  private static byte[] ubj;

  @BeforeAll
  static void model() throws Exception {
    // A small synthetic regression: y = x0 + 2 x1 (4 features, 300 rows).
    int n = 300;
    double[][] cols = new double[4][n];
    y = new double[n];
    java.util.Random r = new java.util.Random(3);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 4; j++) {
        cols[j][i] = r.nextGaussian();
      }
      y[i] = cols[0][i] + 2 * cols[1][i];
    }
    x = Frame.of(Schema.numeric("a", "b", "c", "d"), cols);
    Booster b = XGBoostReference.train(x, y, Map.of("objective", "reg:squarederror", "max_depth", 3), 5);
    XGBoostReference.save(b, dir.resolve("m.json"));
    XGBoostReference.save(b, dir.resolve("m.ubj"));
    json = Files.readAllBytes(dir.resolve("m.json"));
    ubj = Files.readAllBytes(dir.resolve("m.ubj"));
  }

  private static String fails(Supplier<?> read, String... expected) {
    ModelFormatException e = assertThrows(ModelFormatException.class, read::get);
    for (String s : expected) {
      assertTrue(e.getMessage().contains(s), "message lacks '" + s + "': " + e.getMessage());
    }
    return e.getMessage();
  }

  private static Path write(String name, byte[] bytes) throws Exception {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  @Test
  void truncatedJson() throws Exception {
    Path p = write("cut.json", Arrays.copyOf(json, json.length / 2));
    fails(() -> XGBoostModelReader.read(p), p.toString(), "truncated", "JSON");
    // cut inside a number ("0." with no digit after it) is truncation too, not a syntax error
    String text = new String(json, java.nio.charset.StandardCharsets.UTF_8);
    int dot = text.indexOf('.', text.length() / 3);
    Path q = write("cut-number.json", Arrays.copyOf(json, dot + 1));
    fails(() -> XGBoostModelReader.read(q), q.toString(), "truncated", "JSON");
  }

  @Test
  void truncatedUbjson() throws Exception {
    Path p = write("cut.ubj", Arrays.copyOf(ubj, ubj.length / 2));
    fails(() -> XGBoostModelReader.read(p), p.toString(), "UBJSON", "truncated at byte", "of " + (ubj.length / 2) + " ");
    Path q = write("cut-deep.ubj", Arrays.copyOf(ubj, ubj.length - 1));
    fails(() -> XGBoostModelReader.read(q), q.toString(), "truncated at byte");
  }

  @Test
  void malformedUbjsonNamesTheByte() throws Exception {
    byte[] bad = ubj.clone();
    bad[1] = 'L';
    bad[10] = 'X'; // inside the first key's length: becomes part of a wrong length or key
    byte[] marker = ubj.clone();
    int at = indexOf(marker, "learner".getBytes(StandardCharsets.US_ASCII)) + "learner".length();
    marker[at] = 'Q'; // the value marker of "learner"
    Path p = write("bad.ubj", marker);
    fails(() -> XGBoostModelReader.read(p), p.toString(), "malformed UBJSON at byte " + at, "'Q'");
  }

  @Test
  void malformedJsonNamesLineAndColumn() throws Exception {
    String text = new String(json, StandardCharsets.UTF_8).replaceFirst("\"learner\"", "\"learner\" 5");
    Path p = write("bad.json", text.getBytes(StandardCharsets.UTF_8));
    fails(() -> XGBoostModelReader.read(p), p.toString(), "malformed JSON at line 1");
  }

  @Test
  void emptyFile() throws Exception {
    Path p = write("empty.json", new byte[0]);
    fails(() -> XGBoostModelReader.read(p), p.toString(), "empty");
    fails(() -> ModelReaders.read(p), p.toString(), "empty");
    Path blank = write("blank.json", "  \n".getBytes(StandardCharsets.US_ASCII));
    fails(() -> XGBoostModelReader.read(blank), blank.toString(), "empty");
  }

  @Test
  void lightGbmTextModel() throws Exception {
    String lgbm = "tree\nversion=v3\nnum_class=1\nnum_tree_per_iteration=1\nlabel_index=0\nmax_feature_idx=3\n";
    Path p = write("lgbm.txt", lgbm.getBytes(StandardCharsets.US_ASCII));
    fails(() -> XGBoostModelReader.read(p), p.toString(), "not an XGBoost", "LightGBM");
  }

  @Test
  void dartModels() throws Exception {
    // XGBoost 3.4 writes DART as gbtree with a weight_drop array.
    Booster b = XGBoostReference.train(x, y,
        Map.of("objective", "reg:squarederror", "booster", "dart", "rate_drop", 0.5, "max_depth", 3), 4);
    Path p = dir.resolve("dart.json");
    XGBoostReference.save(b, p);
    fails(() -> XGBoostModelReader.read(p), p.toString(), "DART", "weight_drop", "booster=gbtree");
    Path u = dir.resolve("dart.ubj");
    XGBoostReference.save(b, u);
    fails(() -> XGBoostModelReader.read(u), u.toString(), "DART");
    // Older versions name the booster "dart" (hand-written 1.7 layout).
    byte[] old = XGBoostFixturesTest.resource("xgb-1.7-dart.json");
    fails(() -> XGBoostModelReader.read(old, "xgb-1.7-dart.json"), "xgb-1.7-dart.json", "DART", "\"dart\"");
  }

  @Test
  void gblinearModel() throws Exception {
    Booster b = XGBoostReference.train(x, y, Map.of("objective", "reg:squarederror", "booster", "gblinear"), 3);
    Path p = dir.resolve("linear.json");
    XGBoostReference.save(b, p);
    fails(() -> XGBoostModelReader.read(p), p.toString(), "gblinear", "booster=gbtree");
  }

  @Test
  void unsupportedPartsThatChangePredictions() {
    String text = new String(json, StandardCharsets.UTF_8);
    fails(() -> read(text.replace("reg:squarederror", "survival:cox"), "cox.json"), "cox.json",
        "objective \"survival:cox\" is not supported", "binary:logistic");
    fails(() -> read(text.replace("\"size_leaf_vector\":\"1\"", "\"size_leaf_vector\":\"2\""), "vec.json"),
        "vec.json", "vector leaves", "multi_output_tree");
    fails(() -> read(text.replace("\"split_type\":[0", "\"split_type\":[7"), "st.json"), "st.json",
        "unknown split_type 7");
    fails(() -> read(text.replace("\"feature_types\":[\"q\"", "\"feature_types\":[\"z\""), "ft.json"),
        "ft.json", "unknown feature type \"z\"");
    fails(() -> read(text.replace("\"base_score\":\"[", "\"base_score\":\"[x"), "bs.json"), "bs.json",
        "base_score");
    fails(() -> read(text.replace("\"tree_info\":[0,", "\"tree_info\":[3,"), "ti.json"), "ti.json",
        "tree_info[0] = 3");
    fails(() -> read("{\"version\":[3,4,0]}", "noleaner.json"), "noleaner.json", "no \"learner\"");
  }

  private static Object read(String text, String name) {
    return XGBoostModelReader.read(text.getBytes(StandardCharsets.UTF_8), name);
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}
