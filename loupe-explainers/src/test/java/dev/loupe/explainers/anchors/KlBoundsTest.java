package dev.loupe.explainers.anchors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * KL confidence bounds. Closed forms: {@code KL(1 || q) = -log q}, so the lower bound at p = 1 is
 * {@code exp(-level)}; {@code KL(0 || q) = -log(1 - q)}, so the upper bound at p = 0 is
 * {@code 1 - exp(-level)}; {@code KL(0.5 || 0.25) = 0.5 log 2 + 0.5 log(2/3)}. Elsewhere the bound
 * solves {@code KL(p || q) = level} (checked by evaluating KL at it, 1e-9) and respects Pinsker's
 * inequality {@code |q - p| <= sqrt(level / 2)}.
 */
class KlBoundsTest {
  @Test
  void closedForms() {
    assertEquals(0.5 * Math.log(2) + 0.5 * Math.log(2.0 / 3), KlBounds.kl(0.5, 0.25), 1e-15);
    for (double level : new double[] {1e-4, 0.01, 0.3, 2}) {
      assertEquals(Math.exp(-level), KlBounds.lower(1, level), 1e-12);
      assertEquals(1 - Math.exp(-level), KlBounds.upper(0, level), 1e-12);
      assertEquals(1, KlBounds.upper(1, level), 0);
      assertEquals(0, KlBounds.lower(0, level), 0);
    }
  }

  @Test
  void boundsSolveTheDivergenceEquation() {
    for (double p : new double[] {0.05, 0.3, 0.5, 0.9, 0.97}) {
      for (double level : new double[] {1e-3, 0.02, 0.1}) {
        double u = KlBounds.upper(p, level);
        double l = KlBounds.lower(p, level);
        assertTrue(l < p && p < u);
        if (u < 1) {
          assertEquals(level, KlBounds.kl(p, u), 1e-9, "upper p=" + p);
        }
        if (l > 0) {
          assertEquals(level, KlBounds.kl(p, l), 1e-9, "lower p=" + p);
        }
        assertTrue(u - p <= Math.sqrt(level / 2) + 1e-12 && p - l <= Math.sqrt(level / 2) + 1e-12, "Pinsker");
      }
    }
  }

  @Test
  void betaIsThePapersRate() {
    double v = Math.log(405.5 * 10 * Math.pow(7, 1.1) / 0.05);
    assertEquals(v + Math.log(v), KlBounds.beta(10, 7, 0.05), 1e-12);
  }
}
