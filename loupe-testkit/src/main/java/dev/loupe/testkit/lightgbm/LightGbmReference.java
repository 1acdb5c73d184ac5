package dev.loupe.testkit.lightgbm;

import com.microsoft.ml.lightgbm.SWIGTYPE_p_double;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_float;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_int;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_long_long;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_p_void;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_void;
import com.microsoft.ml.lightgbm.lightgbmlib;
import com.microsoft.ml.lightgbm.lightgbmlibConstants;
import dev.loupe.core.Frame;
import dev.loupe.core.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * LightGBM itself (the native library of {@code com.microsoft.ml.lightgbm:lightgbmlib}, version
 * 3.3.510) as a reference: train a booster from a {@link Frame}, save its text model
 * ({@code LGBM_BoosterSaveModel}), and predict raw scores or TreeSHAP contributions from a saved
 * model file ({@code LGBM_BoosterPredictForMat}).
 *
 * <p>The jar carries {@code lib_lightgbm.so} and {@code lib_lightgbm_swig.so} under
 * {@code com/microsoft/ml/lightgbm/linux/x86_64/} but no loader: the first call extracts both to a
 * temporary folder and {@code System.load}s them in that order (linux x86-64 only).
 *
 * <p>Rows are passed to LightGBM as row-major doubles in the frame's own column order, so column
 * {@code j} of the frame is LightGBM's feature {@code j}; {@code NaN} is LightGBM's missing value.
 * Every native allocation is freed before a method returns; a failing call throws
 * {@link IllegalStateException} with {@code LGBM_GetLastError()}. Thread-safe (each call uses its
 * own booster), though LightGBM runs its own threads ({@code num_threads}).
 */
public final class LightGbmReference {
  private static final String NATIVE_DIR = "com/microsoft/ml/lightgbm/linux/x86_64/";
  private static boolean loaded;

  private LightGbmReference() {}

  /** Loads the two native libraries once (extracted from the jar to a temporary folder). */
  public static synchronized void loadNatives() {
    if (loaded) {
      return;
    }
    try {
      Path dir = Files.createTempDirectory("loupe-lightgbm");
      dir.toFile().deleteOnExit();
      for (String lib : new String[] {"lib_lightgbm.so", "lib_lightgbm_swig.so"}) {
        Path target = dir.resolve(lib);
        try (InputStream in = LightGbmReference.class.getClassLoader().getResourceAsStream(NATIVE_DIR + lib)) {
          if (in == null) {
            throw new IllegalStateException(NATIVE_DIR + lib + " is not on the class path; is lightgbmlib a dependency?");
          }
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        target.toFile().deleteOnExit();
        System.load(target.toAbsolutePath().toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract LightGBM's native libraries", e);
    }
    loaded = true;
  }

  /**
   * The parameter {@code categorical_feature=i,j,...} listing the categorical features of
   * {@code schema} by position, or the empty string when there are none.
   */
  public static String categoricalFeatureParam(Schema schema) {
    List<String> idx = new ArrayList<>();
    for (int j = 0; j < schema.size(); j++) {
      if (schema.feature(j).isCategorical()) {
        idx.add(Integer.toString(j));
      }
    }
    return idx.isEmpty() ? "" : "categorical_feature=" + String.join(",", idx);
  }

  /**
   * Trains a booster for {@code rounds} iterations and saves its text model to {@code file}.
   *
   * @param x the training rows; the frame's feature names become LightGBM's {@code feature_names}
   * @param y one label per row (class index for multiclass)
   * @param params LightGBM parameters as {@code key=value} separated by spaces, used both for the
   *     data set (binning, {@code categorical_feature}, {@code zero_as_missing}, ...) and for the
   *     booster, e.g. {@code "objective=binary num_leaves=31 seed=1 deterministic=true num_threads=1 verbose=-1"}
   * @return {@code file}
   */
  public static Path trainAndSave(Frame x, double[] y, String params, int rounds, Path file) {
    if (y.length != x.rows()) {
      throw new IllegalArgumentException("x has " + x.rows() + " rows but y has " + y.length + " labels");
    }
    if (rounds < 1) {
      throw new IllegalArgumentException("rounds must be >= 1, was " + rounds);
    }
    loadNatives();
    int n = x.rows();
    int m = x.columns();
    SWIGTYPE_p_double data = toNative(x.rowMajor());
    SWIGTYPE_p_float labels = lightgbmlib.new_floatArray(n);
    SWIGTYPE_p_p_void dsOut = lightgbmlib.new_voidpp();
    SWIGTYPE_p_p_void boosterOut = lightgbmlib.new_voidpp();
    SWIGTYPE_p_int finished = lightgbmlib.new_intp();
    SWIGTYPE_p_void dataset = null;
    SWIGTYPE_p_void booster = null;
    try {
      for (int i = 0; i < n; i++) {
        lightgbmlib.floatArray_setitem(labels, i, (float) y[i]);
      }
      check(lightgbmlib.LGBM_DatasetCreateFromMat(lightgbmlib.double_to_voidp_ptr(data),
          lightgbmlibConstants.C_API_DTYPE_FLOAT64, n, m, 1, params, null, dsOut), "LGBM_DatasetCreateFromMat");
      dataset = lightgbmlib.voidpp_value(dsOut);
      check(lightgbmlib.LGBM_DatasetSetFeatureNames(dataset, x.names().toArray(new String[0]), m),
          "LGBM_DatasetSetFeatureNames");
      check(lightgbmlib.LGBM_DatasetSetField(dataset, "label", lightgbmlib.float_to_voidp_ptr(labels), n,
          lightgbmlibConstants.C_API_DTYPE_FLOAT32), "LGBM_DatasetSetField(label)");
      check(lightgbmlib.LGBM_BoosterCreate(dataset, params, boosterOut), "LGBM_BoosterCreate");
      booster = lightgbmlib.voidpp_value(boosterOut);
      for (int r = 0; r < rounds; r++) {
        check(lightgbmlib.LGBM_BoosterUpdateOneIter(booster, finished), "LGBM_BoosterUpdateOneIter");
        if (lightgbmlib.intp_value(finished) != 0) {
          break; // no further split improves the objective
        }
      }
      check(lightgbmlib.LGBM_BoosterSaveModel(booster, 0, -1, lightgbmlibConstants.C_API_FEATURE_IMPORTANCE_SPLIT,
          file.toAbsolutePath().toString()), "LGBM_BoosterSaveModel");
      return file;
    } finally {
      if (booster != null) {
        lightgbmlib.LGBM_BoosterFree(booster);
      }
      if (dataset != null) {
        lightgbmlib.LGBM_DatasetFree(dataset);
      }
      lightgbmlib.delete_intp(finished);
      lightgbmlib.delete_voidpp(boosterOut);
      lightgbmlib.delete_voidpp(dsOut);
      lightgbmlib.delete_floatArray(labels);
      lightgbmlib.delete_doubleArray(data);
    }
  }

  /**
   * LightGBM's raw scores (margins, before the objective's transform) of every row of {@code x}:
   * {@code n × k} row-major, {@code k} = 1, or the number of classes for multiclass. In
   * random-forest mode ({@code average_output}) these are the sums over iterations, not the means.
   */
  public static double[] rawScores(Path model, Frame x) {
    loadNatives(); // before the first use of lightgbmlibConstants, whose values come from the natives
    return predict(model, x, lightgbmlibConstants.C_API_PREDICT_RAW_SCORE);
  }

  /**
   * LightGBM's predictions on the response scale ({@code C_API_PREDICT_NORMAL}: the objective's
   * transform applied, e.g. probabilities; in random-forest mode the raw scores averaged over
   * iterations first): {@code n × k} row-major.
   */
  public static double[] predictions(Path model, Frame x) {
    loadNatives();
    return predict(model, x, lightgbmlibConstants.C_API_PREDICT_NORMAL);
  }

  /**
   * LightGBM's TreeSHAP contributions ({@code predict_contrib}) of every row of {@code x}, in the
   * raw-score units: {@code n × k × (m + 1)} row-major, for each row and class the {@code m}
   * feature contributions followed by the bias (expected value).
   */
  public static double[] contributions(Path model, Frame x) {
    loadNatives();
    return predict(model, x, lightgbmlibConstants.C_API_PREDICT_CONTRIB);
  }

  /** The number of outputs (1, or the classes of a multiclass model) of a saved model. */
  public static int numOutputs(Path model) {
    loadNatives();
    SWIGTYPE_p_void booster = load(model);
    SWIGTYPE_p_int k = lightgbmlib.new_intp();
    try {
      check(lightgbmlib.LGBM_BoosterGetNumClasses(booster, k), "LGBM_BoosterGetNumClasses");
      return lightgbmlib.intp_value(k);
    } finally {
      lightgbmlib.delete_intp(k);
      lightgbmlib.LGBM_BoosterFree(booster);
    }
  }

  private static double[] predict(Path model, Frame x, int predictType) {
    loadNatives();
    int n = x.rows();
    int m = x.columns();
    SWIGTYPE_p_void booster = load(model);
    SWIGTYPE_p_double data = toNative(x.rowMajor());
    SWIGTYPE_p_long_long len = lightgbmlib.new_int64_tp();
    SWIGTYPE_p_double result = null;
    try {
      check(lightgbmlib.LGBM_BoosterCalcNumPredict(booster, n, predictType, 0, -1, len), "LGBM_BoosterCalcNumPredict");
      long size = lightgbmlib.int64_tp_value(len);
      result = lightgbmlib.new_doubleArray(size);
      check(lightgbmlib.LGBM_BoosterPredictForMat(booster, lightgbmlib.double_to_voidp_ptr(data),
          lightgbmlibConstants.C_API_DTYPE_FLOAT64, n, m, 1, predictType, 0, -1, "num_threads=1", len, result),
          "LGBM_BoosterPredictForMat");
      long got = lightgbmlib.int64_tp_value(len);
      if (got != size) {
        throw new IllegalStateException("LightGBM returned " + got + " values, expected " + size);
      }
      double[] out = new double[(int) size];
      for (int i = 0; i < out.length; i++) {
        out[i] = lightgbmlib.doubleArray_getitem(result, i);
      }
      return out;
    } finally {
      if (result != null) {
        lightgbmlib.delete_doubleArray(result);
      }
      lightgbmlib.delete_int64_tp(len);
      lightgbmlib.delete_doubleArray(data);
      lightgbmlib.LGBM_BoosterFree(booster);
    }
  }

  private static SWIGTYPE_p_void load(Path model) {
    SWIGTYPE_p_p_void out = lightgbmlib.new_voidpp();
    SWIGTYPE_p_int iterations = lightgbmlib.new_intp();
    try {
      check(lightgbmlib.LGBM_BoosterCreateFromModelfile(model.toAbsolutePath().toString(), iterations, out),
          "LGBM_BoosterCreateFromModelfile(" + model + ")");
      return lightgbmlib.voidpp_value(out);
    } finally {
      lightgbmlib.delete_intp(iterations);
      lightgbmlib.delete_voidpp(out);
    }
  }

  private static SWIGTYPE_p_double toNative(double[] values) {
    SWIGTYPE_p_double p = lightgbmlib.new_doubleArray(values.length);
    for (int i = 0; i < values.length; i++) {
      lightgbmlib.doubleArray_setitem(p, i, values[i]);
    }
    return p;
  }

  private static void check(int rc, String call) {
    if (rc != 0) {
      throw new IllegalStateException(call + " failed: " + lightgbmlib.LGBM_GetLastError());
    }
  }
}
