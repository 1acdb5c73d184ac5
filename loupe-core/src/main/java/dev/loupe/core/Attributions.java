package dev.loupe.core;

import java.util.Objects;

/**
 * A batch of local attributions: for each explained row and each model output, a base value and
 * one value per feature. Immutable.
 *
 * <p>Values are in {@link #scale()} (for trees, the raw margin). The batch carries its
 * {@link Provenance} and the explained rows' feature values, so each {@link Attribution} can say
 * "income = 1,200 lowered the score by 0.84".
 */
public final class Attributions {
  private final Schema schema;
  private final Output outputs;
  private final Scale scale;
  private final int[] rowIds;
  private final double[] features; // rows x m
  private final double[] values; // rows x k x m
  private final double[] base; // rows x k
  private final double[] predictions; // rows x k
  private final Provenance provenance;
  private final Diagnostics diagnostics;

  /**
   * @param schema the explained features, in the order of the values
   * @param outputs the model outputs explained
   * @param scale units of base values, values and predictions
   * @param rowIds for each explained row, its index in the data it came from
   * @param features the explained rows, row-major {@code rows x m}
   * @param values the attributions, {@code [row][output][feature]} row-major
   * @param base the base values, {@code [row][output]}
   * @param predictions the model's predictions in {@code scale}, {@code [row][output]}
   * @param provenance how they were made
   */
  public Attributions(Schema schema, Output outputs, Scale scale, int[] rowIds, double[] features, double[] values,
      double[] base, double[] predictions, Provenance provenance) {
    this(schema, outputs, scale, rowIds, features, values, base, predictions, provenance, Diagnostics.NONE);
  }

  /**
   * As the other constructor, with the explainer's {@link Diagnostics}: its standard errors
   * (if any) must be laid out as {@code values}, its fits (if any) as {@code base}.
   */
  public Attributions(Schema schema, Output outputs, Scale scale, int[] rowIds, double[] features, double[] values,
      double[] base, double[] predictions, Provenance provenance, Diagnostics diagnostics) {
    this.schema = Objects.requireNonNull(schema);
    this.outputs = Objects.requireNonNull(outputs);
    this.scale = Objects.requireNonNull(scale);
    int n = rowIds.length;
    int m = schema.size();
    int k = outputs.size();
    check("features", features.length, (long) n * m);
    check("values", values.length, (long) n * k * m);
    check("base", base.length, (long) n * k);
    check("predictions", predictions.length, (long) n * k);
    this.rowIds = rowIds;
    this.features = features;
    this.values = values;
    this.base = base;
    this.predictions = predictions;
    this.provenance = Objects.requireNonNull(provenance);
    this.diagnostics = Objects.requireNonNull(diagnostics);
    if (diagnostics.hasStandardErrors()) {
      check("standard errors", diagnostics.standardErrorCount(), (long) n * k * m);
    }
    if (diagnostics.hasFit()) {
      check("fits", diagnostics.fitCount(), (long) n * k);
    }
  }

  private static void check(String what, int actual, long expected) {
    if (actual != expected) {
      throw new IllegalArgumentException(what + " has " + actual + " values, expected " + expected);
    }
  }

  public Schema schema() {
    return schema;
  }

  public Output outputs() {
    return outputs;
  }

  public Scale scale() {
    return scale;
  }

  public Provenance provenance() {
    return provenance;
  }

  /** How far to trust these values: model calls, standard errors, surrogate fit. */
  public Diagnostics diagnostics() {
    return diagnostics;
  }

  /** The standard error of a sampled value, or {@code NaN} if the method is exact. */
  public double standardError(int i, int output, int feature) {
    return diagnostics.standardError((i * outputs.size() + output) * schema.size() + feature);
  }

  /** The surrogate's goodness of fit for a row and output (LIME's weighted R²), or {@code NaN}. */
  public double fit(int i, int output) {
    return diagnostics.fit(i * outputs.size() + output);
  }

  /** Number of explained rows. */
  public int size() {
    return rowIds.length;
  }

  /** The data index of the {@code i}-th explained row. */
  public int rowId(int i) {
    return rowIds[i];
  }

  /** The attribution of the {@code i}-th explained row for output {@code output}. */
  public Attribution get(int i, int output) {
    Objects.checkIndex(i, rowIds.length);
    Objects.checkIndex(output, outputs.size());
    return new Attribution(this, i, output);
  }

  /** The attribution of the {@code i}-th explained row for the named output. */
  public Attribution get(int i, String output) {
    return get(i, outputs.require(output));
  }

  public double value(int i, int output, int feature) {
    int m = schema.size();
    return values[(i * outputs.size() + output) * m + feature];
  }

  public double baseValue(int i, int output) {
    return base[i * outputs.size() + output];
  }

  public double prediction(int i, int output) {
    return predictions[i * outputs.size() + output];
  }

  public double featureValue(int i, int feature) {
    return features[i * schema.size() + feature];
  }

  /** The largest additivity error over all rows and outputs: a diagnostic of exactness. */
  public double maxAdditivityError() {
    double max = 0;
    for (int i = 0; i < size(); i++) {
      for (int o = 0; o < outputs.size(); o++) {
        max = Math.max(max, get(i, o).additivityError());
      }
    }
    return max;
  }
}
