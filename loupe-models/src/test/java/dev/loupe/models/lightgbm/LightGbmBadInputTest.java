package dev.loupe.models.lightgbm;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.Frame;
import dev.loupe.core.ModelFormatException;
import dev.loupe.io.csv.Table;
import dev.loupe.models.ModelReaders;
import dev.loupe.testkit.Datasets;
import dev.loupe.testkit.lightgbm.LightGbmReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files the reader must refuse, each with a {@link ModelFormatException} whose message names the
 * file and the problem. Models come from LightGBM 3.3.5 (and XGBoost4J 3.4.0 for the foreign file),
 * then are damaged by text edits.
 */
class LightGbmBadInputTest {
  @TempDir
  static Path dir;
  static Path good;
  static String goodText;

  @BeforeAll
  static void train() throws IOException {
    Table t = Datasets.california();
    Frame x = t.features().slice(0, 1000);
    good = LightGbmReference.trainAndSave(x, Datasets.labels(t, 0, 1000), "objective=regression num_leaves=7 seed=1"
        + " deterministic=true num_threads=1 verbose=-1", 5, dir.resolve("good.txt"));
    goodText = Files.readString(good);
  }

  private static ModelFormatException refuse(String fileName, String text) throws IOException {
    Path p = Files.writeString(dir.resolve(fileName), text, StandardCharsets.UTF_8);
    ModelFormatException e = assertThrows(ModelFormatException.class, () -> LightGbmModelReader.read(p));
    assertTrue(e.getMessage().contains(p.toString()), "the message must name the file: " + e.getMessage());
    return e;
  }

  private static void assertMentions(ModelFormatException e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
    }
  }

  @Test
  void goodFileIsRead() {
    assertTrue(LightGbmModelReader.read(good).numTrees() == 5);
  }

  @Test
  void truncatedInsideATree() throws IOException {
    int cut = goodText.indexOf("Tree=2");
    String text = goodText.substring(0, goodText.indexOf("leaf_value", cut));
    ModelFormatException e = refuse("truncated.txt", text);
    assertMentions(e, "truncated", "tree 2", "end of trees");
  }

  @Test
  void treeMissingARequiredLine() throws IOException {
    String tree3 = goodText.substring(goodText.indexOf("Tree=3"));
    int start = goodText.indexOf("Tree=3") + tree3.indexOf("left_child=");
    int end = goodText.indexOf('\n', start) + 1;
    String text = goodText.substring(0, start) + goodText.substring(end);
    long treeLine = goodText.substring(0, goodText.indexOf("Tree=3")).chars().filter(c -> c == '\n').count() + 1;
    ModelFormatException e = refuse("no-left-child.txt", text);
    assertMentions(e, "tree 3", "left_child", ":" + treeLine + ":");
  }

  @Test
  void fewerTreesThanDeclared() throws IOException {
    String text = goodText.substring(0, goodText.indexOf("Tree=4")) + goodText.substring(goodText.indexOf("end of trees"));
    ModelFormatException e = refuse("four-trees.txt", text);
    assertMentions(e, "tree_sizes declares 5 trees", "holds 4");
  }

  @Test
  void unknownTreeKey() throws IOException {
    String text = goodText.replaceFirst("shrinkage=", "leaf_scale=2\nshrinkage=");
    assertMentions(refuse("unknown-key.txt", text), "tree 0", "unknown line 'leaf_scale'");
  }

  @Test
  void linearTrees() throws IOException {
    Table t = Datasets.california();
    Path p = LightGbmReference.trainAndSave(t.features().slice(0, 500), Datasets.labels(t, 0, 500),
        "objective=regression linear_tree=true num_leaves=4 seed=1 deterministic=true num_threads=1 verbose=-1", 2,
        dir.resolve("linear.txt"));
    ModelFormatException e = assertThrows(ModelFormatException.class, () -> LightGbmModelReader.read(p));
    assertMentions(e, p.toString(), "tree 0", "is_linear=1", "linear_tree");
  }

  @Test
  void objectivesLoupeCannotExpress() throws IOException {
    assertMentions(refuse("ova.txt", goodText.replaceFirst("objective=regression",
        "objective=multiclassova num_class:1 sigmoid:1")), "multiclassova");
    assertMentions(refuse("sigmoid.txt", goodText.replaceFirst("objective=regression",
        "objective=binary sigmoid:2")), "sigmoid:2");
    assertMentions(refuse("sqrt.txt", goodText.replaceFirst("objective=regression",
        "objective=regression sqrt")), "reg_sqrt");
  }

  @Test
  void xgboostJson() throws IOException, XGBoostError {
    float[] data = new float[200 * 3];
    float[] labels = new float[200];
    for (int i = 0; i < 200; i++) {
      for (int j = 0; j < 3; j++) {
        data[i * 3 + j] = (i * 31 + j * 17) % 23;
      }
      labels[i] = data[i * 3] > 11 ? 1 : 0;
    }
    DMatrix m = new DMatrix(data, 200, 3, Float.NaN);
    m.setLabel(labels);
    Map<String, Object> params = new HashMap<>();
    params.put("objective", "binary:logistic");
    params.put("nthread", 1);
    Booster b = XGBoost.train(m, params, 2, new HashMap<>(), null, null);
    Path p = dir.resolve("xgboost.json");
    b.saveModel(p.toString());
    b.dispose();
    m.dispose();
    ModelFormatException e = assertThrows(ModelFormatException.class, () -> LightGbmModelReader.read(p));
    assertMentions(e, p.toString(), "not a LightGBM text model", "first line is '{");
  }

  @Test
  void emptyFile() throws IOException {
    assertMentions(refuse("empty.txt", ""), "empty");
    assertMentions(refuse("blank.txt", "\n  \n"), "empty");
    Path p = dir.resolve("empty.txt");
    ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelReaders.read(p));
    assertMentions(e, p.toString(), "empty");
  }

  @Test
  void missingFile() {
    Path p = dir.resolve("absent.txt");
    ModelFormatException e = assertThrows(ModelFormatException.class, () -> LightGbmModelReader.read(p));
    assertMentions(e, p.toString(), "no such model file");
  }
}
