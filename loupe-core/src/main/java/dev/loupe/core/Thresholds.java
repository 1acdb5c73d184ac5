package dev.loupe.core;

/**
 * Converts the split rules of foreign formats into Loupe's canonical one: a numeric split sends
 * {@code x} left exactly when {@code x < threshold} (both doubles).
 */
public final class Thresholds {
  private Thresholds() {}

  /**
   * LightGBM's rule {@code x <= t} in doubles, as {@code x < nextUp(t)}.
   */
  public static double lessOrEqual(double t) {
    return Double.isNaN(t) ? t : Math.nextUp(t);
  }

  /**
   * XGBoost's rule: the input is rounded to float (round half to even) and sent left when
   * {@code (float) x < t}. Returns the double {@code d} with {@code x < d <=> (float) x < t} for
   * every double {@code x}: the midpoint between {@code t} and the float below it, moved up one
   * ulp when the midpoint itself rounds down (the float below has an even significand).
   */
  public static double floatLessThan(float t) {
    if (Float.isNaN(t)) {
      return Double.NaN;
    }
    if (t == Float.NEGATIVE_INFINITY) {
      return Double.NEGATIVE_INFINITY;
    }
    float below = Math.nextDown(t);
    if (below == Float.NEGATIVE_INFINITY) {
      // t == -Float.MAX_VALUE: doubles below the rounding boundary of -MAX round to -Infinity.
      double mid = -(double) Float.MAX_VALUE - Math.ulp(Float.MAX_VALUE) / 2.0;
      return Math.nextUp(mid);
    }
    if (t == Float.POSITIVE_INFINITY) {
      // (float) x == +Inf exactly when x >= MAX + ulp/2 (ties go to even, i.e. to infinity).
      return (double) Float.MAX_VALUE + Math.ulp(Float.MAX_VALUE) / 2.0;
    }
    double mid = ((double) below + (double) t) / 2.0; // exact: floats have 24-bit significands
    boolean belowIsEven = (Float.floatToRawIntBits(below) & 1) == 0;
    // x == mid rounds to the even neighbour: if that is 'below', mid goes left, so the bound is above mid.
    return belowIsEven ? Math.nextUp(mid) : mid;
  }
}
