package dev.loupe.explainers.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GaussLegendreTest {

  /** Closed form: integral_0^1 t^d dt = 1 / (d + 1); exact for d <= 2n - 1 (tolerance 1e-14). */
  @Test
  void integratesMonomialsExactlyUpToDegree2nMinus1() {
    for (int n = 1; n <= 16; n++) {
      GaussLegendre rule = GaussLegendre.of(n);
      for (int d = 0; d <= 2 * n - 1; d++) {
        double sum = 0;
        for (int k = 0; k < n; k++) {
          sum += rule.weights[k] * Math.pow(rule.nodes[k], d);
        }
        assertEquals(1.0 / (d + 1), sum, 1e-14, "n=" + n + " d=" + d);
      }
      if (n > 6) {
        continue; // beyond n = 6 the error at degree 2n falls below 1e-12
      }
      // and not beyond: degree 2n is not exact (so the test above can fail)
      double sum = 0;
      for (int k = 0; k < n; k++) {
        sum += rule.weights[k] * Math.pow(rule.nodes[k], 2 * n);
      }
      assertTrue(Math.abs(sum - 1.0 / (2 * n + 1)) > 1e-12, "degree 2n should not be exact for n=" + n);
    }
  }

  @Test
  void pointsForDegree() {
    assertEquals(1, GaussLegendre.pointsForDegree(0));
    assertEquals(1, GaussLegendre.pointsForDegree(1));
    assertEquals(2, GaussLegendre.pointsForDegree(2));
    assertEquals(3, GaussLegendre.pointsForDegree(5));
    assertEquals(4, GaussLegendre.pointsForDegree(6));
  }
}
