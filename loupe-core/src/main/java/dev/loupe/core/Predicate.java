package dev.loupe.core;

import java.util.Locale;
import java.util.Objects;

/**
 * One condition on one feature, as used by rule explanations such as anchors: {@code age <= 28.00},
 * {@code 28.00 < age <= 37.00}, {@code age > 37.00}, {@code workclass = Private},
 * {@code capital_gain is missing}. Immutable.
 *
 * <p>Numeric bounds are half-open on the left, closed on the right: a range holds
 * {@code lower < x <= upper}, as quantile bins do. A missing value ({@code NaN}) satisfies only
 * {@link Kind#MISSING}.
 *
 * @param feature the feature's position in the schema of the explanation
 * @param name the feature's name
 * @param kind the form of the condition
 * @param lower the lower bound (exclusive) for {@link Kind#ABOVE} and {@link Kind#BETWEEN}, the
 *     category code for {@link Kind#EQUALS}, else {@code NaN}
 * @param upper the upper bound (inclusive) for {@link Kind#AT_MOST} and {@link Kind#BETWEEN}, else
 *     {@code NaN}
 * @param level for {@link Kind#EQUALS}, the level's readable name (its code as text if unnamed);
 *     else empty
 */
public record Predicate(int feature, String name, Kind kind, double lower, double upper, String level) {

  /** The forms of a condition. */
  public enum Kind {
    /** {@code x <= upper}. */
    AT_MOST,
    /** {@code x > lower}. */
    ABOVE,
    /** {@code lower < x <= upper}. */
    BETWEEN,
    /** {@code x == lower}: a category code. */
    EQUALS,
    /** {@code x} is missing ({@code NaN}). */
    MISSING
  }

  public Predicate {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    level = level == null ? "" : level;
    if (feature < 0) {
      throw new IllegalArgumentException("predicate feature index must be >= 0, was " + feature);
    }
    boolean ok = switch (kind) {
      case AT_MOST -> !Double.isNaN(upper);
      case ABOVE, EQUALS -> !Double.isNaN(lower);
      case BETWEEN -> lower < upper;
      case MISSING -> true;
    };
    if (!ok) {
      throw new IllegalArgumentException("predicate on '" + name + "': bounds " + lower + ", " + upper
          + " do not fit the form " + kind);
    }
  }

  /** {@code name <= upper}. */
  public static Predicate atMost(int feature, String name, double upper) {
    return new Predicate(feature, name, Kind.AT_MOST, Double.NaN, upper, "");
  }

  /** {@code name > lower}. */
  public static Predicate above(int feature, String name, double lower) {
    return new Predicate(feature, name, Kind.ABOVE, lower, Double.NaN, "");
  }

  /** {@code lower < name <= upper}. */
  public static Predicate between(int feature, String name, double lower, double upper) {
    return new Predicate(feature, name, Kind.BETWEEN, lower, upper, "");
  }

  /** {@code name = level} for category {@code code}. */
  public static Predicate equalTo(int feature, String name, int code, String level) {
    return new Predicate(feature, name, Kind.EQUALS, code, Double.NaN, level);
  }

  /** {@code name is missing}. */
  public static Predicate missing(int feature, String name) {
    return new Predicate(feature, name, Kind.MISSING, Double.NaN, Double.NaN, "");
  }

  /** Whether a value of the feature satisfies this predicate. */
  public boolean test(double x) {
    return switch (kind) {
      case AT_MOST -> x <= upper;
      case ABOVE -> x > lower;
      case BETWEEN -> x > lower && x <= upper;
      case EQUALS -> x == lower;
      case MISSING -> Double.isNaN(x);
    };
  }

  /** The predicate as a person reads it, bounds with two decimals: {@code 28.00 < age <= 37.00}. */
  public String text() {
    return switch (kind) {
      case AT_MOST -> name + " <= " + number(upper);
      case ABOVE -> name + " > " + number(lower);
      case BETWEEN -> number(lower) + " < " + name + " <= " + number(upper);
      case EQUALS -> name + " = " + level;
      case MISSING -> name + " is missing";
    };
  }

  private static String number(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  @Override
  public String toString() {
    return text();
  }
}
