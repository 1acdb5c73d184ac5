package dev.loupe.bench;

import java.lang.reflect.Field;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;
import ml.dmlc.xgboost4j.java.XGBoostJNI;

/**
 * XGBoost's SHAP interaction values, which XGBoost4J has no public method for.
 *
 * <p>{@code Booster.predict} calls the native entry point
 * {@code XGBoostJNI.XGBoosterPredict(long booster, long dmatrix, int optionMask, int treeLimit,
 * float[][] out)} with option mask 1 (margin), 2 (leaf) or 4 (contributions); mask 16 asks for
 * interaction contributions. In xgboost4j 3.4.0 that native method is public, but the booster's
 * native handle is the private field {@code Booster.handle}: it is read by reflection, once per
 * booster. {@code out[0]} receives {@code n x (m + 1) x (m + 1)} values per output, row-major,
 * entry {@code (m, m)} of each block the bias, and each row of a block sums to that feature's
 * {@code predictContrib} value.
 */
final class XGBoostInteractions {
  /** XGBoost's {@code PredictionType}-style option mask for interaction contributions. */
  static final int PRED_INTERACTIONS = 16;

  private static final Field HANDLE = handleField();

  private XGBoostInteractions() {}

  /** Interaction values of every row of {@code data}, flat, XGBoost's layout (all trees). */
  static float[] predict(Booster booster, DMatrix data) throws XGBoostError {
    float[][] out = new float[1][];
    int rc = XGBoostJNI.XGBoosterPredict(handle(booster), data.getHandle(), PRED_INTERACTIONS, 0, out);
    if (rc != 0) {
      throw new XGBoostError("XGBoosterPredict(option mask 16) failed: " + XGBoostJNI.XGBGetLastError());
    }
    return out[0];
  }

  static long handle(Booster booster) {
    try {
      long h = HANDLE.getLong(booster);
      if (h == 0) {
        throw new IllegalStateException("the booster has been disposed (native handle 0)");
      }
      return h;
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot read Booster.handle", e);
    }
  }

  private static Field handleField() {
    try {
      Field f = Booster.class.getDeclaredField("handle");
      if (f.getType() != long.class) {
        throw new IllegalStateException("Booster.handle is " + f.getType() + ", expected long; xgboost4j changed");
      }
      f.setAccessible(true);
      return f;
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException("xgboost4j's Booster has no 'handle' field; this version is not supported", e);
    }
  }
}
