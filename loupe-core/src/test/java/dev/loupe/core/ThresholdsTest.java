package dev.loupe.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The canonical threshold must reproduce each format's own rule exactly, for every input: checked
 * against the rule itself ({@code (float) x < t} for XGBoost, {@code x <= t} for LightGBM) on
 * inputs at, next to and halfway between the floats around each threshold.
 */
class ThresholdsTest {

  @Test
  void floatLessThanMatchesXGBoostsRuleAtEveryBoundary() {
    SplittableRandom rnd = new SplittableRandom(1);
    for (int i = 0; i < 200_000; i++) {
      float t = switch (i % 4) {
        case 0 -> (float) rnd.nextGaussian();
        case 1 -> (float) (rnd.nextGaussian() * 1e6);
        case 2 -> Float.intBitsToFloat(rnd.nextInt()); // any bit pattern, NaN and infinities included
        default -> (float) rnd.nextInt(-100, 100);
      };
      if (Float.isNaN(t)) {
        continue;
      }
      double bound = Thresholds.floatLessThan(t);
      float below = Math.nextDown(t);
      float above = Math.nextUp(t);
      double[] xs = {
        t, below, above,
        ((double) below + t) / 2, Math.nextUp(((double) below + t) / 2), Math.nextDown(((double) below + t) / 2),
        ((double) t + above) / 2, Math.nextUp(((double) t + above) / 2), Math.nextDown(((double) t + above) / 2),
        Math.nextUp((double) t), Math.nextDown((double) t)
      };
      for (double x : xs) {
        if (Double.isNaN(x)) {
          continue;
        }
        assertEquals((float) x < t, x < bound, () -> "t=" + t + " x=" + x + " bound=" + bound);
      }
    }
  }

  @Test
  void floatLessThanAtTheEndsOfTheFloatRange() {
    for (float t : new float[] {Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        0.0f, -0.0f, Float.MIN_VALUE, -Float.MIN_VALUE}) {
      double bound = Thresholds.floatLessThan(t);
      for (double x : new double[] {Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
          Float.MAX_VALUE, -Float.MAX_VALUE, 0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Float.MIN_VALUE / 2.0,
          -Float.MIN_VALUE / 2.0, (double) Float.MAX_VALUE + Math.ulp(Float.MAX_VALUE) / 2.0,
          -(double) Float.MAX_VALUE - Math.ulp(Float.MAX_VALUE) / 2.0}) {
        assertEquals((float) x < t, x < bound, "t=" + t + " x=" + x);
      }
    }
  }

  @Test
  void lessOrEqualMatchesLightGbmsRule() {
    SplittableRandom rnd = new SplittableRandom(2);
    for (int i = 0; i < 100_000; i++) {
      double t = rnd.nextGaussian() * Math.pow(10, rnd.nextInt(-10, 10));
      double bound = Thresholds.lessOrEqual(t);
      for (double x : new double[] {t, Math.nextUp(t), Math.nextDown(t), t * 2, -t}) {
        assertEquals(x <= t, x < bound, "t=" + t + " x=" + x);
      }
    }
  }
}
