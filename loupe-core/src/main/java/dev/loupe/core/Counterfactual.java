package dev.loupe.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One counterfactual of a row: a changed copy of the row that the model predicts with the desired
 * outcome. Immutable; arrays are copied in and out.
 *
 * <p>Its {@link #changes()} list the features whose value differs from the explained row (old and
 * new values, readable with level names); {@link #proximity()} is the L1 distance to the row with
 * each numeric feature scaled by its median absolute deviation in the training data and each
 * changed categorical feature counting 1 (Mothilal, Sharma and Tan 2020, "DiCE").
 */
public final class Counterfactual {
  private final double[] values;
  private final double[] prediction;
  private final List<Change> changes;
  private final double proximity;
  private final boolean valid;

  /**
   * One changed feature.
   *
   * @param feature the feature's index in the schema
   * @param name the feature's name
   * @param from the explained row's value
   * @param to the counterfactual's value
   * @param fromText {@code from} in words (level name for a categorical code)
   * @param toText {@code to} in words
   */
  public record Change(int feature, String name, double from, double to, String fromText, String toText) {
    public Change {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(fromText, "fromText");
      Objects.requireNonNull(toText, "toText");
    }

    /** {@code "duration 36 → 12"}. */
    @Override
    public String toString() {
      return name + " " + fromText + " \u2192 " + toText;
    }
  }

  /**
   * @param schema the model's features
   * @param row the explained row, in schema order
   * @param values the counterfactual row, in schema order
   * @param prediction the model's outputs for {@code values}, in the model's output scale
   * @param proximity the MAD-scaled L1 distance from {@code row} to {@code values}
   * @param valid whether {@code prediction} has the desired outcome
   */
  public Counterfactual(Schema schema, double[] row, double[] values, double[] prediction, double proximity,
      boolean valid) {
    if (row.length != schema.size() || values.length != schema.size()) {
      throw new IllegalArgumentException("row and values need " + schema.size() + " values each, got " + row.length
          + " and " + values.length);
    }
    if (!(proximity >= 0)) {
      throw new IllegalArgumentException("proximity must be >= 0, was " + proximity);
    }
    this.values = values.clone();
    this.prediction = prediction.clone();
    this.proximity = proximity;
    this.valid = valid;
    List<Change> cs = new ArrayList<>();
    for (int j = 0; j < row.length; j++) {
      if (!same(row[j], values[j])) {
        Feature f = schema.feature(j);
        cs.add(new Change(j, f.name(), row[j], values[j], f.format(row[j]), f.format(values[j])));
      }
    }
    this.changes = List.copyOf(cs);
  }

  /** Equal values, or both missing. */
  public static boolean same(double a, double b) {
    return a == b || (a != a && b != b);
  }

  /** The counterfactual row, in schema order. */
  public double[] values() {
    return values.clone();
  }

  public double value(int feature) {
    return values[feature];
  }

  /** The model's outputs for this row, in the model's output scale. */
  public double[] prediction() {
    return prediction.clone();
  }

  public double prediction(int output) {
    return prediction[output];
  }

  /** The changed features, in schema order. */
  public List<Change> changes() {
    return changes;
  }

  /** The number of changed features (sparsity: fewer is better). */
  public int changeCount() {
    return changes.size();
  }

  /** MAD-scaled L1 distance to the explained row (smaller is closer). */
  public double proximity() {
    return proximity;
  }

  /** Whether the model's prediction has the desired outcome. */
  public boolean valid() {
    return valid;
  }

  @Override
  public String toString() {
    List<String> cs = new ArrayList<>();
    for (Change c : changes) {
      cs.add(c.toString());
    }
    return String.join(", ", cs) + " -> " + Arrays.toString(prediction);
  }
}
