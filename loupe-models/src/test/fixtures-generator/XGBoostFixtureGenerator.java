import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Writes the fixtures of loupe-models/src/test/resources/xgboost-versions/VERSION: real models
 * saved by one XGBoost4J release, and that release's own margins and predictContrib values on 50
 * held-out rows. Deliberately outside the Maven build: it is run once per XGBoost version with
 * that version's jars on the class path (see README.md beside this file), so it uses only calls
 * that every XGBoost4J from 1.6 to 3.x has; the one newer call (DMatrix.setFeatureTypes, for the
 * categorical model) is made by reflection and the categorical model is skipped where it is
 * missing.
 *
 * <p>Usage: {@code java -cp <xgboost4j jars> XGBoostFixtureGenerator.java <output dir>}
 */
public final class XGBoostFixtureGenerator {
  static final int M = 8;
  static final int TRAIN = 500;
  static final int TEST = 50;
  static final double MISSING = 0.05;

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: java -cp <xgboost4j jars> XGBoostFixtureGenerator.java <output dir>");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    Files.createDirectories(out);

    Data train = Data.generate(TRAIN, 20240611L, false);
    Data test = Data.generate(TEST, 777L, false);
    Data catTrain = Data.generate(TRAIN, 20240612L, true);
    Data catTest = Data.generate(TEST, 778L, true);

    Map<String, Object> base = new HashMap<>();
    base.put("eta", 0.3);
    base.put("nthread", 1);
    base.put("seed", 0);
    base.put("tree_method", "hist");

    List<String> done = new ArrayList<>();
    done.add(model(out, "binary", with(base, "objective", "binary:logistic", "max_depth", 4), 20,
        train, train.binary, test, null));
    done.add(model(out, "regression", with(base, "objective", "reg:squarederror", "max_depth", 3), 10,
        train, train.regression, test, null));
    done.add(model(out, "multiclass", with(base, "objective", "multi:softprob", "num_class", 3, "max_depth", 3), 5,
        train, train.multiclass, test, null));
    done.add(model(out, "parallel", with(base, "objective", "reg:squarederror", "max_depth", 3,
        "num_parallel_tree", 2, "subsample", 0.8, "colsample_bynode", 0.8), 5, train, train.regression, test, null));
    String[] types = new String[M];
    Arrays.fill(types, "q");
    types[0] = "c";
    types[3] = "c";
    Method setTypes = featureTypesSetter();
    if (setTypes == null) {
      System.out.println("categorical: skipped (this XGBoost4J has no DMatrix.setFeatureTypes)");
    } else {
      done.add(model(out, "categorical", with(base, "objective", "binary:logistic", "max_depth", 3,
          "max_cat_to_onehot", 1, "enable_categorical", true), 10, catTrain, catTrain.binary, catTest, types));
    }
    System.out.println("wrote " + String.join(", ", done) + " to " + out);
  }

  static Method featureTypesSetter() {
    try {
      return DMatrix.class.getMethod("setFeatureTypes", String[].class);
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  static Map<String, Object> with(Map<String, Object> base, Object... kv) {
    Map<String, Object> p = new HashMap<>(base);
    for (int i = 0; i < kv.length; i += 2) {
      p.put((String) kv[i], kv[i + 1]);
    }
    return p;
  }

  static DMatrix matrix(Data d, float[] labels, String[] types) throws Exception {
    DMatrix m = new DMatrix(d.x, d.n, M, Float.NaN);
    if (labels != null) {
      m.setLabel(labels);
    }
    if (types != null) {
      featureTypesSetter().invoke(m, (Object) types);
    }
    return m;
  }

  /** Trains, saves as .json and .ubj, writes NAME.expected.json; returns what was written. */
  static String model(Path out, String name, Map<String, Object> params, int rounds, Data train, float[] y,
      Data test, String[] types) throws Exception {
    DMatrix dtrain = matrix(train, y, types);
    Booster booster = XGBoost.train(dtrain, params, rounds, new HashMap<>(), null, null);
    Path json = out.resolve(name + ".json");
    booster.saveModel(json.toString());
    String jsonText = Files.readString(json, StandardCharsets.UTF_8);
    if (!jsonText.startsWith("{\"")) {
      throw new IllegalStateException(json + " is not JSON");
    }
    String version = version(jsonText);
    List<String> forms = new ArrayList<>(List.of("json"));
    Path ubj = out.resolve(name + ".ubj");
    booster.saveModel(ubj.toString());
    byte[] ub = Files.readAllBytes(ubj);
    if (ub.length > 1 && ub[0] == '{' && ub[1] != '"' && ub[1] != '\n' && ub[1] != ' ') {
      forms.add("ubj");
    } else {
      Files.delete(ubj);
      System.out.println(name + ": this XGBoost did not write UBJSON for .ubj (first bytes "
          + Arrays.toString(Arrays.copyOf(ub, 4)) + "); .ubj dropped");
    }

    DMatrix dtest = matrix(test, null, types);
    float[][] margins = booster.predict(dtest, true, 0);
    float[][] contribs = booster.predictContrib(dtest, 0);
    int k = margins[0].length;
    StringBuilder sb = new StringBuilder();
    sb.append("{\n");
    sb.append("  \"xgboost\": \"").append(version).append("\",\n");
    sb.append("  \"model\": \"").append(name).append("\",\n");
    sb.append("  \"objective\": \"").append(params.get("objective")).append("\",\n");
    sb.append("  \"rounds\": ").append(rounds).append(",\n");
    sb.append("  \"forms\": [\"").append(String.join("\", \"", forms)).append("\"],\n");
    sb.append("  \"feature_types\": ").append(types == null ? "null" : "[\"" + String.join("\", \"", types) + "\"]")
        .append(",\n");
    sb.append("  \"num_outputs\": ").append(k).append(",\n");
    sb.append("  \"note\": \"margins: Booster.predict(d, true, 0); contribs: Booster.predictContrib(d, 0), per row k x (m + 1)"
        + " with the bias last; both computed by XGBoost4J ").append(version).append(" itself\",\n");
    sb.append("  \"rows\": ");
    rows(sb, test);
    sb.append(",\n  \"margins\": ");
    floats(sb, margins);
    sb.append(",\n  \"contribs\": ");
    floats(sb, contribs);
    sb.append("\n}\n");
    Files.writeString(out.resolve(name + ".expected.json"), sb.toString(), StandardCharsets.UTF_8);
    dtrain.dispose();
    dtest.dispose();
    booster.dispose();
    return name + " (" + String.join("+", forms) + ", k=" + k + ")";
  }

  static String version(String json) {
    Matcher m = Pattern.compile("\"version\"\\s*:\\s*\\[\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\]").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no version in the saved JSON");
    }
    return m.group(1) + "." + m.group(2) + "." + m.group(3);
  }

  static void rows(StringBuilder sb, Data d) {
    sb.append("[");
    for (int i = 0; i < d.n; i++) {
      sb.append(i == 0 ? "\n    [" : ",\n    [");
      for (int j = 0; j < M; j++) {
        float v = d.x[i * M + j];
        sb.append(j == 0 ? "" : ", ").append(Float.isNaN(v) ? "null" : Float.toString(v));
      }
      sb.append("]");
    }
    sb.append("\n  ]");
  }

  static void floats(StringBuilder sb, float[][] a) {
    sb.append("[");
    for (int i = 0; i < a.length; i++) {
      sb.append(i == 0 ? "\n    [" : ",\n    [");
      for (int j = 0; j < a[i].length; j++) {
        sb.append(j == 0 ? "" : ", ").append(Float.toString(a[i][j]));
      }
      sb.append("]");
    }
    sb.append("\n  ]");
  }

  /** A synthetic data set: 8 features (two may be categorical codes), labels from complete values, then 5% NaN. */
  static final class Data {
    final int n;
    final float[] x;
    final float[] binary;
    final float[] regression;
    final float[] multiclass;

    Data(int n) {
      this.n = n;
      x = new float[n * M];
      binary = new float[n];
      regression = new float[n];
      multiclass = new float[n];
    }

    static Data generate(int n, long seed, boolean categorical) {
      Random r = new Random(seed);
      Data d = new Data(n);
      double[] catEffect = {1.0, -1.0, 0.5, -0.5, 1.5, -1.5};
      for (int i = 0; i < n; i++) {
        double[] v = new double[M];
        v[0] = categorical ? r.nextInt(6) : r.nextGaussian();
        v[1] = 10 * r.nextDouble();
        v[2] = 5 + 2 * r.nextGaussian();
        v[3] = r.nextInt(categorical ? 4 : 5);
        v[4] = -Math.log(1 - r.nextDouble());
        v[5] = r.nextGaussian();
        v[6] = 2 * r.nextDouble() - 1;
        v[7] = Math.round(100 * r.nextGaussian()) / 100.0;
        for (int j = 0; j < M; j++) {
          d.x[i * M + j] = (float) v[j];
        }
        double f0 = categorical ? catEffect[(int) v[0]] : v[0];
        double f3 = categorical ? (v[3] == 2 ? 1.0 : -0.3) : 0.4 * v[3] * v[6];
        double s = f0 + 0.3 * (v[1] - 5) - 0.5 * (v[2] - 5) + f3 + Math.sin(2 * v[4]) + 0.5 * v[5] * v[6];
        double noise = 0.3 * r.nextGaussian();
        d.regression[i] = (float) (s + noise);
        d.binary[i] = s + noise > 0 ? 1f : 0f;
        d.multiclass[i] = s + noise < -0.7 ? 0f : s + noise < 0.7 ? 1f : 2f;
      }
      for (int c = 0; c < d.x.length; c++) {
        if (r.nextDouble() < MISSING) {
          d.x[c] = Float.NaN;
        }
      }
      return d;
    }
  }
}
