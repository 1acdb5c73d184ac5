package dev.loupe.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Feature#format}: the text people read for a value (tables, counterfactual changes). */
class FeatureFormatTest {
  @Test
  void numbersReadAsPeopleWriteThem() {
    Feature f = Feature.numeric("x");
    assertEquals("1200", f.format(1200));
    assertEquals("-3", f.format(-3));
    assertEquals("1.5", f.format(1.5));
    assertEquals("0.998438", f.format(0.9984377324581146)); // 6 significant digits, rounded half-up
    assertEquals("0.530375", f.format(0.53037494));
    assertEquals("123457", f.format(123456.7));
    assertEquals("1E-7", f.format(1e-7));
    assertEquals("missing", f.format(Double.NaN));
    assertEquals("Infinity", f.format(Double.POSITIVE_INFINITY));
    assertEquals("-Infinity", f.format(Double.NEGATIVE_INFINITY));
  }

  @Test
  void categoriesReadAsTheirLevels() {
    Feature c = Feature.categorical("colour", List.of("red", "green"));
    assertEquals("green", c.format(1));
    assertEquals("7", c.format(7)); // a code without a level name
    assertEquals("missing", c.format(Double.NaN));
  }
}
