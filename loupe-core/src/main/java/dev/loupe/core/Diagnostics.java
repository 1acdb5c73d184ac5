package dev.loupe.core;

/**
 * What an explainer reports about how far to trust a batch of {@link Attributions}: how much it
 * asked of the model, the standard error of every sampled value, and the fit of a surrogate.
 * Immutable; the arrays are copied in and out.
 *
 * <p>The additivity error needs no field: {@link Attributions#maxAdditivityError()} computes it.
 */
public final class Diagnostics {
  /** Diagnostics of a deterministic method that calls no model (TreeSHAP). */
  public static final Diagnostics NONE = new Diagnostics(0, 0, 0, null, null);

  private final long modelCalls;
  private final long rowsPredicted;
  private final long samples;
  private final double[] standardErrors;
  private final double[] fit;

  /**
   * @param modelCalls batch {@code predict} calls made
   * @param rowsPredicted rows the model predicted in those calls
   * @param samples what the method sampled or enumerated over all rows: coalitions (Shapley
   *     methods), perturbations (LIME)
   * @param standardErrors standard error of each value, laid out as the values
   *     ({@code [row][output][feature]}), or {@code null} for exact methods
   * @param fit a goodness of fit per {@code [row][output]} (LIME's weighted R²), or {@code null}
   */
  public Diagnostics(long modelCalls, long rowsPredicted, long samples, double[] standardErrors, double[] fit) {
    if (modelCalls < 0 || rowsPredicted < 0 || samples < 0) {
      throw new IllegalArgumentException("counts must be >= 0, were " + modelCalls + ", " + rowsPredicted + ", " + samples);
    }
    this.modelCalls = modelCalls;
    this.rowsPredicted = rowsPredicted;
    this.samples = samples;
    this.standardErrors = standardErrors == null ? null : standardErrors.clone();
    this.fit = fit == null ? null : fit.clone();
  }

  public long modelCalls() {
    return modelCalls;
  }

  public long rowsPredicted() {
    return rowsPredicted;
  }

  public long samples() {
    return samples;
  }

  public boolean hasStandardErrors() {
    return standardErrors != null;
  }

  public boolean hasFit() {
    return fit != null;
  }

  /** The standard errors, {@code [row][output][feature]}, or {@code null}. */
  public double[] standardErrors() {
    return standardErrors == null ? null : standardErrors.clone();
  }

  /** The fits, {@code [row][output]}, or {@code null}. */
  public double[] fit() {
    return fit == null ? null : fit.clone();
  }

  double standardError(int index) {
    return standardErrors == null ? Double.NaN : standardErrors[index];
  }

  double fit(int index) {
    return fit == null ? Double.NaN : fit[index];
  }

  int standardErrorCount() {
    return standardErrors == null ? -1 : standardErrors.length;
  }

  int fitCount() {
    return fit == null ? -1 : fit.length;
  }
}
