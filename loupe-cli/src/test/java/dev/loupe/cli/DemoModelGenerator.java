package dev.loupe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.loupe.core.Feature;
import dev.loupe.core.Frame;
import dev.loupe.io.csv.Csv;
import dev.loupe.io.csv.CsvOptions;
import dev.loupe.io.csv.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Regenerates the bundled demo model: XGBoost (binary:logistic, positive class {@code bad}, 100
 * trees of depth 4, native categorical splits on the text columns, seed 42, one thread) trained on
 * the bundled German credit data, saved as JSON with a {@code .levels.json} sidecar naming the
 * category codes (Loupe's sorted levels). Runs only with {@code -Dloupe.regenerateDemo=true}:
 *
 * <pre>mvn -pl loupe-cli -am test -Dtest=DemoModelGenerator -Dsurefire.failIfNoSpecifiedTests=false -Dloupe.regenerateDemo=true</pre>
 */
@EnabledIfSystemProperty(named = "loupe.regenerateDemo", matches = "true")
class DemoModelGenerator {

  /** The training matrix of the demo data, in the CSV's column order, with feature names and types. */
  static DMatrix matrix(Frame f, float[] labels) throws Exception {
    int n = f.rows();
    int m = f.columns();
    double[] x = f.rowMajor();
    float[] xf = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      xf[i] = (float) x[i];
    }
    DMatrix d = new DMatrix(xf, n, m, Float.NaN);
    String[] names = new String[m];
    String[] types = new String[m];
    for (int j = 0; j < m; j++) {
      Feature feat = f.schema().feature(j);
      names[j] = feat.name();
      types[j] = feat.isCategorical() ? "c" : "q";
    }
    d.setFeatureNames(names);
    d.setFeatureTypes(types);
    if (labels != null) {
      d.setLabel(labels);
    }
    return d;
  }

  @Test
  void regenerate() throws Exception {
    Path dir = Path.of(System.getProperty("basedir", ".")).resolve("src/main/resources/dev/loupe/cli/demo");
    Table t = Csv.read(dir.resolve(DemoCommand.DATA), CsvOptions.target("class"));
    List<String> classes = t.targetFeature().levels();
    int bad = classes.indexOf("bad");
    double[] y = t.target();
    float[] labels = new float[y.length];
    for (int i = 0; i < y.length; i++) {
      labels[i] = y[i] == bad ? 1f : 0f;
    }
    DMatrix train = matrix(t.features(), labels);
    Map<String, Object> params = new HashMap<>();
    params.put("objective", "binary:logistic");
    params.put("max_depth", 4);
    params.put("eta", 0.1);
    params.put("tree_method", "hist");
    params.put("max_cat_to_onehot", 1);
    params.put("seed", 42);
    params.put("nthread", 1);
    Booster booster = XGBoost.train(train, params, 100, new HashMap<>(), null, null);
    booster.saveModel(dir.resolve(DemoCommand.MODEL).toString());
    Map<String, List<String>> levels = new LinkedHashMap<>();
    for (Feature feat : t.features().schema().features()) {
      if (feat.isCategorical()) {
        levels.put(feat.name(), feat.levels());
      }
    }
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(dir.resolve(DemoCommand.LEVELS).toFile(), levels);
    System.out.println("wrote " + dir.resolve(DemoCommand.MODEL) + " (" + Files.size(dir.resolve(DemoCommand.MODEL)) + " bytes)");
  }
}
