package dev.loupe.models.lightgbm;

/**
 * The bits of LightGBM's per-node {@code decision_type} ({@code include/LightGBM/tree.h}): bit 0
 * ({@code kCategoricalMask}) a categorical split; bit 1 ({@code kDefaultLeftMask}) missing values
 * go left; bits 2-3 the missing type: 0 None (NaN is read as 0), 1 Zero (NaN and zero take the
 * default side), 2 NaN (NaN takes the default side). Bits 4-7 are unused and must be 0.
 */
final class DecisionType {
  static final int CATEGORICAL = 1;
  static final int DEFAULT_LEFT = 2;
  static final int MISSING_NONE = 0;
  static final int MISSING_ZERO = 1;
  static final int MISSING_NAN = 2;

  private DecisionType() {}

  static boolean isCategorical(int decisionType) {
    return (decisionType & CATEGORICAL) != 0;
  }

  static boolean defaultLeft(int decisionType) {
    return (decisionType & DEFAULT_LEFT) != 0;
  }

  /** The missing type, bits 2-3: 0 None, 1 Zero, 2 NaN (3 is invalid). */
  static int missingType(int decisionType) {
    return (decisionType >> 2) & 3;
  }

  /** Whether the value uses only the bits LightGBM defines, with a valid missing type. */
  static boolean isValid(int decisionType) {
    return decisionType >= 0 && decisionType < 16 && missingType(decisionType) != 3;
  }
}
