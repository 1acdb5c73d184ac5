package dev.loupe.core;

/** Whether a feature holds numbers or category codes. */
public enum FeatureType {
  /** A real-valued feature; missing is {@code NaN}. */
  NUMERIC,
  /**
   * A categorical feature. Values are non-negative integer category codes held as doubles; a
   * {@link Feature} may carry the level names that the codes index. Missing is {@code NaN}.
   */
  CATEGORICAL
}
