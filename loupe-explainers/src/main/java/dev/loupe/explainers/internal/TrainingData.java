package dev.loupe.explainers.internal;

import dev.loupe.core.Frame;
import dev.loupe.core.Model;
import dev.loupe.core.Schema;
import dev.loupe.explainers.discretize.Discretization;

/**
 * Training data as LIME and Anchors take it: laid out in the model's feature order and binned.
 * Not part of Loupe's API; the array is shared, not copied.
 *
 * @param schema the model's features as the data describes them ({@link Discretization#modelSchema})
 * @param rowMajor the training rows, row-major, columns in the model's feature order
 * @param bins the bins of every feature, fitted on these rows
 */
public record TrainingData(Schema schema, double[] rowMajor, Discretization bins) {

  /**
   * Binds {@code training} to {@code model} and bins it.
   *
   * @throws IllegalArgumentException if the training data has no rows or lacks a model feature
   *     (the message starts with "training data: " and names it)
   */
  public static TrainingData of(Model model, Frame training, Discretization.Quantiles quantiles) {
    if (training.rows() == 0) {
      throw new IllegalArgumentException(
          "the training data has no rows; give the rows the model was trained on (or a sample of them)");
    }
    Schema schema;
    double[] x;
    try {
      schema = Discretization.modelSchema(model, training.schema());
      x = training.rowMajor(model.bind(training.schema()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("training data: " + e.getMessage(), e);
    }
    return new TrainingData(schema, x, Discretization.fit(schema, x, training.rows(), quantiles));
  }
}
