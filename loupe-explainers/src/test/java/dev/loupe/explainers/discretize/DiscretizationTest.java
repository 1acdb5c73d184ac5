package dev.loupe.explainers.discretize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.Feature;
import dev.loupe.core.Frame;
import dev.loupe.core.Schema;
import dev.loupe.explainers.discretize.Discretization.Quantiles;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Quartile bins. Expected cut points are NumPy's {@code np.percentile(v, [25, 50, 75])} (linear
 * interpolation) worked by hand for the given values, exact to 1e-12; counts and predicates are
 * enumerated by hand.
 */
class DiscretizationTest {
  private static final double TOL = 1e-12;

  private static Discretization fit(Schema schema, double[][] columns) {
    return Discretization.fit(Frame.of(schema, columns), Quantiles.QUARTILES);
  }

  @Test
  void quartilesInterpolateAsNumPy() {
    // np.percentile([1..8], [25, 50, 75]) = [2.75, 4.5, 6.25]
    Discretization d = fit(Schema.numeric("age"), new double[][] {{8, 1, 7, 2, 6, 3, 5, 4}});
    assertArrayEquals(new double[] {2.75, 4.5, 6.25}, d.edges(0), TOL);
    assertEquals(5, d.bins(0)); // 4 value bins and the missing bin
    assertEquals(0, d.bin(0, 2.75), "a cut point belongs to the bin below it");
    assertEquals(1, d.bin(0, 2.7500001));
    assertEquals(3, d.bin(0, 100));
    assertEquals(4, d.bin(0, Double.NaN));
    assertEquals("age <= 2.75", d.predicate(0, 0).text());
    assertEquals("2.75 < age <= 4.50", d.predicate(0, 1).text());
    assertEquals("age > 6.25", d.predicate(0, 3).text());
    assertEquals("age is missing", d.predicate(0, 4).text());
    assertEquals("age <= 4.50", d.predicate(0, 0, 1).text());
    assertEquals("age > 2.75", d.predicate(0, 1, 3).text());
    for (int b = 0; b < 4; b++) {
      assertEquals(2, d.count(0, b));
      assertEquals(0.25, d.frequency(0, b), TOL);
    }
    assertEquals(0, d.count(0, 4));
    assertEquals(6, d.count(0, 1, 3));
  }

  @Test
  void tiesAreMergedAndMissingIsABin() {
    // np.percentile([0,0,0,0,0,0,5,9], [25,50,75]) = [0, 0, 1.25]: cut points 0 and 1.25
    double nan = Double.NaN;
    Discretization d = fit(Schema.numeric("capital_gain", "constant"),
        new double[][] {{0, 0, 9, 0, 0, 0, 5, 0, nan, nan}, {3, 3, 3, 3, 3, 3, 3, 3, 3, 3}});
    assertArrayEquals(new double[] {0, 1.25}, d.edges(0), TOL);
    assertArrayEquals(new int[] {6, 0, 2, 2}, new int[] {d.count(0, 0), d.count(0, 1), d.count(0, 2), d.count(0, 3)});
    assertEquals(3, d.missingBin(0));
    assertEquals("capital_gain is missing", d.predicate(0, d.bin(0, nan)).text());
    assertArrayEquals(new double[] {3}, d.edges(1), TOL, "a constant feature has one cut point");
    assertEquals(10, d.count(1, 0));
    assertEquals("constant <= 3.00", d.predicate(1, 0).text());
  }

  @Test
  void categoricalKeepsLevelNames() {
    Schema s = new Schema(List.of(Feature.categorical("workclass", List.of("Private", "State-gov", "Never-worked"))));
    Discretization d = fit(s, new double[][] {{0, 0, 1, Double.NaN, 0}});
    assertEquals(4, d.bins(0));
    assertEquals("workclass = Private", d.predicate(0, 0).text());
    assertEquals("workclass = Never-worked", d.predicate(0, 2).text());
    assertEquals(0, d.count(0, 2));
    assertEquals(1, d.count(0, d.missingBin(0)));
    assertEquals(2, d.bin(0, 2));
    assertEquals(1.0, d.sample(0, 1, new SplittableRandom(1)));
    assertTrue(Double.isNaN(d.sample(0, 3, new SplittableRandom(1))));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.bin(0, 7));
    assertTrue(e.getMessage().contains("workclass") && e.getMessage().contains("7"), e.getMessage());
  }

  @Test
  void samplesComeFromTheBinsTrainingValues() {
    double[] v = new double[1000];
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextDouble() * 10;
    }
    Discretization d = fit(Schema.numeric("x"), new double[][] {v});
    double[] e = d.edges(0);
    SplittableRandom s = new SplittableRandom(4);
    for (int t = 0; t < 2000; t++) {
      int b = t % 4;
      double x = d.sample(0, b, s);
      assertEquals(b, d.bin(0, x));
      boolean found = false;
      for (double w : v) {
        found |= w == x;
      }
      assertTrue(found, "a training value");
    }
    double y = d.sample(0, 1, 3, s);
    assertTrue(y > e[0], "one-sided run: above the first cut");
  }

  @Test
  void decilesHaveNineCuts() {
    double[] v = new double[101];
    for (int i = 0; i <= 100; i++) {
      v[i] = i;
    }
    Discretization d = Discretization.fit(Frame.of(Schema.numeric("x"), new double[][] {v}), Quantiles.DECILES);
    assertArrayEquals(new double[] {10, 20, 30, 40, 50, 60, 70, 80, 90}, d.edges(0), TOL);
  }

  @Test
  void badInput() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> fit(Schema.numeric("x"), new double[][] {{}}));
    assertTrue(e.getMessage().contains("no rows"), e.getMessage());
    Schema s = new Schema(List.of(Feature.categorical("color")));
    e = assertThrows(IllegalArgumentException.class, () -> fit(s, new double[][] {{0, 1.5}}));
    assertTrue(e.getMessage().contains("color") && e.getMessage().contains("1.5"), e.getMessage());
  }
}
