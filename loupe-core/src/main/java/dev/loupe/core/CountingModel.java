package dev.loupe.core;

import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link Model} that counts what is asked of the model it wraps: the number of batch
 * {@code predict} calls and the number of rows predicted. Explainers wrap the user's model in one
 * to report model calls among their diagnostics. Thread-safe; the counts are exact under
 * concurrency.
 */
public final class CountingModel implements Model {
  private final Model model;
  private final LongAdder calls = new LongAdder();
  private final LongAdder rows = new LongAdder();

  private CountingModel(Model model) {
    this.model = model;
  }

  /**
   * Wraps {@code model}. A counting model is wrapped again, not unwrapped: an explainer counts its
   * own calls and the user's counter still sees every call.
   */
  public static CountingModel of(Model model) {
    return new CountingModel(java.util.Objects.requireNonNull(model, "model"));
  }

  /** The wrapped model. */
  public Model model() {
    return model;
  }

  /** Batch {@code predict} calls so far. */
  public long calls() {
    return calls.sum();
  }

  /** Rows predicted so far. */
  public long rows() {
    return rows.sum();
  }

  @Override
  public Schema schema() {
    return model.schema();
  }

  @Override
  public Output output() {
    return model.output();
  }

  @Override
  public void predict(double[] x, int n, double[] out) {
    calls.increment();
    rows.add(n);
    model.predict(x, n, out);
  }

  @Override
  public void predict(double[] x, int n, double[] out, int threads) {
    calls.increment();
    rows.add(n);
    model.predict(x, n, out, threads);
  }

  @Override
  public boolean hasFeatureNames() {
    return model.hasFeatureNames();
  }

  @Override
  public String digest() {
    return model.digest();
  }

  @Override
  public FeatureBinding bind(Schema data) {
    return model.bind(data);
  }
}
