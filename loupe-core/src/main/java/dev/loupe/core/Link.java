package dev.loupe.core;

/**
 * The map from a model's additive raw margin to its response (probability or value).
 *
 * <p>Tree ensembles add leaf values in the margin; explanations of trees are given in the margin,
 * where they add up exactly. The link turns margins into the responses users read.
 */
public enum Link {
  /** Response = margin (regression with squared or absolute error, raw scores). */
  IDENTITY(Scale.VALUE),
  /** Response = 1 / (1 + exp(-margin)) (binary logistic). */
  LOGISTIC(Scale.PROBABILITY),
  /** Response = exp(margin) (Poisson, gamma, Tweedie). */
  EXP(Scale.VALUE),
  /** Responses = softmax over the outputs (multiclass). */
  SOFTMAX(Scale.PROBABILITY);

  private final Scale responseScale;

  Link(Scale responseScale) {
    this.responseScale = responseScale;
  }

  /** The scale of the response this link produces. */
  public Scale responseScale() {
    return responseScale;
  }

  /**
   * Turns {@code k} margins at {@code values[offset .. offset + k)} into responses, in place.
   */
  public void apply(double[] values, int offset, int k) {
    switch (this) {
      case IDENTITY -> { }
      case LOGISTIC -> {
        for (int i = offset; i < offset + k; i++) {
          values[i] = 1.0 / (1.0 + Math.exp(-values[i]));
        }
      }
      case EXP -> {
        for (int i = offset; i < offset + k; i++) {
          values[i] = Math.exp(values[i]);
        }
      }
      case SOFTMAX -> {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = offset; i < offset + k; i++) {
          max = Math.max(max, values[i]);
        }
        double sum = 0;
        for (int i = offset; i < offset + k; i++) {
          values[i] = Math.exp(values[i] - max);
          sum += values[i];
        }
        for (int i = offset; i < offset + k; i++) {
          values[i] /= sum;
        }
      }
    }
  }
}
