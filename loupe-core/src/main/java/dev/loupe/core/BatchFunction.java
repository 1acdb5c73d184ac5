package dev.loupe.core;

/**
 * A prediction function over a batch of rows: the whole of what a model-agnostic explainer needs
 * from a model. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface BatchFunction {

  /**
   * @param rows row-major block of {@code n * m} values, {@code NaN} for missing
   * @param n number of rows
   * @param out receives {@code n * k} values, row-major
   */
  void apply(double[] rows, int n, double[] out);
}
