package dev.loupe.testkit.xgboost;

import dev.loupe.core.Frame;
import dev.loupe.core.Schema;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import ml.dmlc.xgboost4j.java.XGBoostJNI;

/**
 * XGBoost4J (3.4) as a reference for tests and benchmarks: train a booster on a Loupe
 * {@link Frame}, save it, and ask it for margins, SHAP values and SHAP interaction values.
 *
 * <p>Data go to XGBoost as a dense row-major {@code float[]} with {@code NaN} for missing, feature
 * names from the frame's schema and feature types {@code "c"} for categorical features,
 * {@code "q"} otherwise (set with {@link DMatrix#setFeatureNames}/{@link DMatrix#setFeatureTypes};
 * categorical training also needs {@code enable_categorical=true} in the params, which
 * {@link #train} adds when a feature is categorical). Every prediction uses a fresh
 * {@link DMatrix}, because XGBoost caches predictions per DMatrix.
 *
 * <p>Results are row-major {@code double[]} blocks: margins {@code n × k}; contributions
 * {@code n × k × (m + 1)} with the bias last; interactions {@code n × k × (m + 1) × (m + 1)} with
 * the bias row and column last, for {@code k} outputs (classes) and {@code m} features. XGBoost
 * answers in float; the values are widened exactly.
 *
 * <p>SHAP interaction values have no public XGBoost4J method: they come from the native
 * {@code XGBoosterPredict} with option mask 16 ({@code XGBoostJNI}), the booster's handle taken by
 * reflection. Thread-safety: as XGBoost4J's; do not share a booster across threads while training.
 * Errors of XGBoost are rethrown unchecked.
 */
public final class XGBoostReference {
  /** Option bits of XGBoost's C API {@code XGBoosterPredict}. */
  private static final int MARGIN = 1;
  private static final int INTERACTIONS = 16;

  private XGBoostReference() {}

  /**
   * Trains {@code rounds} boosting rounds on {@code x} (all its columns, in order) with labels
   * {@code y}. {@code params} are XGBoost's; {@code nthread} defaults to 1 and {@code seed} to 0 for
   * repeatable results.
   */
  public static Booster train(Frame x, double[] y, Map<String, Object> params, int rounds) {
    if (y.length != x.rows()) {
      throw new IllegalArgumentException("y has " + y.length + " labels for " + x.rows() + " rows");
    }
    Map<String, Object> p = new HashMap<>(params);
    p.putIfAbsent("nthread", 1);
    p.putIfAbsent("seed", 0);
    if (hasCategorical(x.schema())) {
      p.putIfAbsent("enable_categorical", true);
      p.putIfAbsent("tree_method", "hist");
    }
    float[] labels = new float[y.length];
    for (int i = 0; i < y.length; i++) {
      labels[i] = (float) y[i];
    }
    DMatrix d = matrix(x);
    try {
      d.setLabel(labels);
      return XGBoost.train(d, p, rounds, new HashMap<>(), null, null);
    } catch (XGBoostError e) {
      throw new IllegalStateException("XGBoost training failed: " + e.getMessage(), e);
    } finally {
      d.dispose();
    }
  }

  /**
   * Saves the booster; the file name's extension picks the form: {@code .json} JSON, anything else
   * ({@code .ubj}) UBJSON.
   */
  public static void save(Booster booster, Path file) {
    String format = file.getFileName().toString().endsWith(".json") ? "json" : "ubj";
    try (OutputStream out = Files.newOutputStream(file)) {
      booster.saveModel(out, format);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (XGBoostError e) {
      throw new IllegalStateException("XGBoost could not save " + file + ": " + e.getMessage(), e);
    }
  }

  /** Raw margins ({@code outputMargin=true}), {@code n × k} row-major. */
  public static double[] margins(Booster booster, Frame x) {
    return predict(booster, x, true);
  }

  /** Responses ({@code outputMargin=false}: probabilities or values), {@code n × k} row-major. */
  public static double[] responses(Booster booster, Frame x) {
    return predict(booster, x, false);
  }

  /** SHAP values ({@code predictContrib}), {@code n × k × (m + 1)}, bias last. */
  public static double[] contributions(Booster booster, Frame x) {
    DMatrix d = matrix(x);
    try {
      return flatten(booster.predictContrib(d, 0));
    } catch (XGBoostError e) {
      throw new IllegalStateException("XGBoost predictContrib failed: " + e.getMessage(), e);
    } finally {
      d.dispose();
    }
  }

  /** SHAP interaction values, {@code n × k × (m + 1) × (m + 1)}, bias row and column last. */
  public static double[] interactions(Booster booster, Frame x) {
    DMatrix d = matrix(x);
    try {
      float[][] out = new float[1][];
      int rc = XGBoostJNI.XGBoosterPredict(handle(booster), d.getHandle(), INTERACTIONS, 0, out);
      if (rc != 0) {
        throw new IllegalStateException("XGBoost interaction prediction failed: " + XGBoostJNI.XGBGetLastError());
      }
      return widen(out[0]);
    } finally {
      d.dispose();
    }
  }

  /** A fresh DMatrix of the frame's rows, with names and types. The caller disposes it. */
  public static DMatrix matrix(Frame x) {
    int n = x.rows();
    int m = x.columns();
    double[] rows = x.rowMajor();
    float[] data = new float[rows.length];
    for (int i = 0; i < rows.length; i++) {
      data[i] = (float) rows[i];
    }
    try {
      DMatrix d = new DMatrix(data, n, m, Float.NaN);
      Schema s = x.schema();
      String[] names = new String[m];
      String[] types = new String[m];
      for (int j = 0; j < m; j++) {
        names[j] = s.name(j);
        types[j] = s.feature(j).isCategorical() ? "c" : "q";
      }
      d.setFeatureNames(names);
      d.setFeatureTypes(types);
      return d;
    } catch (XGBoostError e) {
      throw new IllegalStateException("XGBoost could not build a DMatrix: " + e.getMessage(), e);
    }
  }

  private static double[] predict(Booster booster, Frame x, boolean margin) {
    DMatrix d = matrix(x);
    try {
      return flatten(booster.predict(d, margin));
    } catch (XGBoostError e) {
      throw new IllegalStateException("XGBoost predict failed: " + e.getMessage(), e);
    } finally {
      d.dispose();
    }
  }

  private static boolean hasCategorical(Schema s) {
    for (int j = 0; j < s.size(); j++) {
      if (s.feature(j).isCategorical()) {
        return true;
      }
    }
    return false;
  }

  private static long handle(Booster booster) {
    try {
      Field f = Booster.class.getDeclaredField("handle");
      f.setAccessible(true);
      return f.getLong(booster);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot reach Booster.handle of this XGBoost4J version", e);
    }
  }

  private static double[] flatten(float[][] rows) {
    int w = rows.length == 0 ? 0 : rows[0].length;
    double[] out = new double[rows.length * w];
    for (int i = 0; i < rows.length; i++) {
      for (int j = 0; j < w; j++) {
        out[i * w + j] = rows[i][j];
      }
    }
    return out;
  }

  private static double[] widen(float[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
  }
}
