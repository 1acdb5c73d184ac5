package dev.loupe.core;

/**
 * A model: a batch function from rows over its {@link Schema} to its {@link Output}s.
 *
 * <p>Explainers need nothing else. Implementations must be thread-safe for concurrent
 * {@code predict} calls.
 */
public interface Model {

  /** The features, in the order {@link #predict} reads them. */
  Schema schema();

  /** The outputs and the scale {@link #predict} answers in. */
  Output output();

  /**
   * Predicts {@code n} rows.
   *
   * @param rows row-major block of {@code n * schema().size()} values, {@code NaN} for missing
   * @param n number of rows
   * @param out receives {@code n * output().size()} values, row-major
   */
  void predict(double[] rows, int n, double[] out);

  /**
   * As {@link #predict(double[], int, double[])}, allowed to use up to {@code threads} threads for
   * this one batch. The results must not depend on {@code threads}. The default ignores it; tree
   * ensembles split the batch into row blocks. Explainers use it when they have fewer rows to
   * explain than threads, so a single explained row still uses every core.
   */
  default void predict(double[] rows, int n, double[] out, int threads) {
    predict(rows, n, out);
  }

  /** Whether the schema's names come from the model (match data by name) or are placeholders. */
  default boolean hasFeatureNames() {
    return true;
  }

  /** A digest that identifies this model's content (for provenance), e.g. {@code sha256:...}. */
  String digest();

  /** Which data columns feed this model's features: by name if it has names, else by position. */
  default FeatureBinding bind(Schema data) {
    return FeatureBinding.bind(schema(), hasFeatureNames(), data);
  }

  /**
   * A model from any Java function over a batch of rows.
   *
   * @param name identifies the model in provenance ({@code function:<name>}); name a version too
   * @param schema the features the function reads, in order
   * @param output the function's outputs and their scale
   * @param function the batch prediction function, thread-safe
   */
  static Model of(String name, Schema schema, Output output, BatchFunction function) {
    return new FunctionModel(name, schema, output, function);
  }

  /** Predicts every row of {@code data}; columns matched by {@link #bind}. */
  default double[] predict(Frame data) {
    double[] x = data.rowMajor(bind(data.schema()));
    double[] out = new double[data.rows() * output().size()];
    predict(x, data.rows(), out);
    return out;
  }
}
