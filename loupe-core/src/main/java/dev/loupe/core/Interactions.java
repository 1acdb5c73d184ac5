package dev.loupe.core;

import java.util.Objects;

/**
 * SHAP interaction values of a batch of rows: for each row and output an {@code m x m} symmetric
 * matrix whose off-diagonal entry {@code (i, j)} is half the Shapley interaction index of
 * features {@code i} and {@code j} and whose row {@code i} sums to feature {@code i}'s SHAP value;
 * plus the base value. All entries plus the base value add up to the prediction. Immutable.
 */
public final class Interactions {
  private final Schema schema;
  private final Output outputs;
  private final int[] rowIds;
  private final double[] values; // rows x k x m x m
  private final double[] base; // rows x k
  private final Provenance provenance;

  public Interactions(Schema schema, Output outputs, int[] rowIds, double[] values, double[] base,
      Provenance provenance) {
    this.schema = Objects.requireNonNull(schema);
    this.outputs = Objects.requireNonNull(outputs);
    int m = schema.size();
    long expected = (long) rowIds.length * outputs.size() * m * m;
    if (values.length != expected) {
      throw new IllegalArgumentException("values has " + values.length + " entries, expected " + expected);
    }
    if (base.length != rowIds.length * outputs.size()) {
      throw new IllegalArgumentException("base has " + base.length + " entries, expected " + rowIds.length * outputs.size());
    }
    this.rowIds = rowIds;
    this.values = values;
    this.base = base;
    this.provenance = Objects.requireNonNull(provenance);
  }

  public Schema schema() {
    return schema;
  }

  public Output outputs() {
    return outputs;
  }

  public Provenance provenance() {
    return provenance;
  }

  public int size() {
    return rowIds.length;
  }

  public int rowId(int i) {
    return rowIds[i];
  }

  /** Entry {@code (a, b)} of row {@code i}'s matrix for {@code output}. */
  public double value(int i, int output, int a, int b) {
    int m = schema.size();
    return values[((i * outputs.size() + output) * m + a) * m + b];
  }

  public double baseValue(int i, int output) {
    return base[i * outputs.size() + output];
  }
}
