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

  /** The readable form of a value of this feature: the level name for a named category code. */
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
    return Double.toString(value);
  }
}
