package dev.loupe.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One row's attribution for one model output: a base value and one value per feature, in the
 * units of the output's scale, such that {@code baseValue + sum(values) = prediction} for exact
 * additive methods.
 *
 * <p>An immutable view into an {@link Attributions} batch.
 */
public final class Attribution {
  private final Attributions batch;
  private final int rowIndex;
  private final int outputIndex;

  Attribution(Attributions batch, int rowIndex, int outputIndex) {
    this.batch = batch;
    this.rowIndex = rowIndex;
    this.outputIndex = outputIndex;
  }

  /** The explained row's index in its data (0-based). */
  public int row() {
    return batch.rowId(rowIndex);
  }

  /** The output's name. */
  public String output() {
    return batch.outputs().name(outputIndex);
  }

  public double baseValue() {
    return batch.baseValue(rowIndex, outputIndex);
  }

  /** The model's prediction for this row and output, in the attribution's units. */
  public double prediction() {
    return batch.prediction(rowIndex, outputIndex);
  }

  public double value(int feature) {
    return batch.value(rowIndex, outputIndex, feature);
  }

  public double value(String feature) {
    return value(batch.schema().require(feature));
  }

  /** A copy of the per-feature values, in schema order. */
  public double[] values() {
    double[] v = new double[batch.schema().size()];
    for (int j = 0; j < v.length; j++) {
      v[j] = value(j);
    }
    return v;
  }

  /** The explained row's value of a feature. */
  public double featureValue(int feature) {
    return batch.featureValue(rowIndex, feature);
  }

  /** |base value + sum of values - prediction|: zero up to rounding for exact methods. */
  public double additivityError() {
    double s = baseValue();
    int m = batch.schema().size();
    for (int j = 0; j < m; j++) {
      s += value(j);
    }
    return Math.abs(s - prediction());
  }

  /** The {@code k} features with the largest absolute values, largest first (ties by feature order). */
  public List<Contribution> top(int k) {
    int m = batch.schema().size();
    Integer[] order = new Integer[m];
    for (int j = 0; j < m; j++) {
      order[j] = j;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer j) -> -Math.abs(value(j))).thenComparingInt(j -> j));
    List<Contribution> out = new ArrayList<>();
    for (int r = 0; r < Math.min(k, m); r++) {
      int j = order[r];
      Feature f = batch.schema().feature(j);
      out.add(new Contribution(f.name(), featureValue(j), f.format(featureValue(j)), value(j)));
    }
    return out;
  }

  @Override
  public String toString() {
    return "Attribution[row " + row() + ", output " + output() + ", base " + baseValue() + ", top " + top(3) + "]";
  }

  /**
   * One feature's contribution.
   *
   * @param feature the feature's name
   * @param featureValue the row's value of it (NaN if missing)
   * @param formattedValue the value as a person reads it (a level name for a category)
   * @param value the contribution, in the output's units
   */
  public record Contribution(String feature, double featureValue, String formattedValue, double value) {
    @Override
    public String toString() {
      return feature + " = " + formattedValue + " → " + (value >= 0 ? "+" : "") + value;
    }
  }
}
