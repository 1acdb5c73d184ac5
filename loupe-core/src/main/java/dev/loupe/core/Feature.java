package dev.loupe.core;

import java.util.List;
import java.util.Objects;

/**
 * One named feature of a {@link Schema}.
 *
 * @param name the feature's name, unique within its schema
 * @param type numeric or categorical
 * @param levels for a categorical feature read from text, the level names in code order (code
 *     {@code i} is {@code levels.get(i)}); empty when the codes carry no names
 */
public record Feature(String name, FeatureType type, List<String> levels) {

  public Feature {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    levels = List.copyOf(levels);
    if (name.isEmpty()) {
      throw new IllegalArgumentException("feature name must not be empty");
    }
    if (type == FeatureType.NUMERIC && !levels.isEmpty()) {
      throw new IllegalArgumentException("numeric feature '" + name + "' cannot have levels");
    }
  }

  public static Feature numeric(String name) {
    return new Feature(name, FeatureType.NUMERIC, List.of());
  }

  public static Feature categorical(String name) {
    return new Feature(name, FeatureType.CATEGORICAL, List.of());
  }

  public static Feature categorical(String name, List<String> levels) {
    return new Feature(name, FeatureType.CATEGORICAL, levels);
  }

  public boolean isCategorical() {
    return type == FeatureType.CATEGORICAL;
  }

  /**
   * The readable form of a value of this feature: the level name for a named category code, a
   * whole number as such, any other number to 6 significant digits; {@code missing} for NaN.
   */
  public String format(double value) {
    if (Double.isNaN(value)) {
      return "missing";
    }
    if (type == FeatureType.CATEGORICAL) {
      int code = (int) value;
      if (code == value && code >= 0 && code < levels.size()) {
        return levels.get(code);
      }
      return code == value ? Integer.toString(code) : Double.toString(value);
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "Infinity" : "-Infinity";
    }
    // for people: at most 6 significant digits (0.9984377324581146 reads 0.998438); exact values
    // travel in CSV and JSON, never through this text
    java.math.BigDecimal d = new java.math.BigDecimal(value).round(new java.math.MathContext(6)).stripTrailingZeros();
    return Math.abs(value) >= 1e-4 && Math.abs(value) < 1e15 ? d.toPlainString() : d.toString();
  }
}
