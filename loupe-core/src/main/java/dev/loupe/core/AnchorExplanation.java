package dev.loupe.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An anchor: a rule that "anchors" a classifier's prediction for one row, such that (with high
 * probability) the model predicts the same class wherever the rule holds (Ribeiro, Singh and
 * Guestrin, "Anchors: High-Precision Model-Agnostic Explanations", AAAI 2018). Immutable.
 *
 * <p>The rule is a conjunction of {@link Predicate}s on the row's own feature values. Its
 * <em>precision</em> is the estimated probability that the model predicts the row's class on
 * perturbations that satisfy the rule; its <em>coverage</em> the fraction of the reference data
 * that satisfies it. {@link #thresholdReached()} says whether the precision's lower confidence
 * bound reached the requested threshold; when it did not, the anchor is the best one found and
 * should not be trusted as a high-precision rule.
 */
public final class AnchorExplanation {
  private final Schema schema;
  private final int row;
  private final double[] features;
  private final Output outputs;
  private final int predictedOutput;
  private final String predictedClass;
  private final List<Predicate> predicates;
  private final double precision;
  private final double precisionLowerBound;
  private final double coverage;
  private final double threshold;
  private final boolean thresholdReached;
  private final Provenance provenance;
  private final Diagnostics diagnostics;

  /**
   * @param schema the features the predicates index
   * @param row the explained row's index in its data
   * @param features the explained row's values, in schema order
   * @param outputs the model's outputs
   * @param predictedOutput the output that decided the class: the argmax for several outputs, 0 for
   *     a single output
   * @param predictedClass the predicted class's name (for a single binary output, its name when
   *     positive, e.g. {@code "1"}, or its complement, e.g. {@code "0"})
   * @param predicates the rule, in the order they were added
   * @param precision the estimated precision, in [0, 1]
   * @param precisionLowerBound the lower confidence bound of the precision
   * @param coverage the fraction of the reference data satisfying the rule, in [0, 1]
   * @param threshold the precision asked for
   * @param thresholdReached whether {@code precisionLowerBound} reached it
   * @param provenance how it was made
   * @param diagnostics model calls, rows predicted and perturbations sampled
   */
  public AnchorExplanation(Schema schema, int row, double[] features, Output outputs, int predictedOutput,
      String predictedClass, List<Predicate> predicates, double precision, double precisionLowerBound, double coverage,
      double threshold, boolean thresholdReached, Provenance provenance, Diagnostics diagnostics) {
    this.schema = Objects.requireNonNull(schema, "schema");
    this.row = row;
    if (features.length != schema.size()) {
      throw new IllegalArgumentException("features has " + features.length + " values, expected " + schema.size());
    }
    this.features = features.clone();
    this.outputs = Objects.requireNonNull(outputs, "outputs");
    Objects.checkIndex(predictedOutput, outputs.size());
    this.predictedOutput = predictedOutput;
    this.predictedClass = Objects.requireNonNull(predictedClass, "predictedClass");
    this.predicates = List.copyOf(predicates);
    for (Predicate p : this.predicates) {
      if (p.feature() >= schema.size() || !schema.name(p.feature()).equals(p.name())) {
        throw new IllegalArgumentException("predicate '" + p.text() + "' does not name feature " + p.feature()
            + " of the schema");
      }
    }
    checkUnit("precision", precision);
    checkUnit("coverage", coverage);
    checkUnit("threshold", threshold);
    this.precision = precision;
    this.precisionLowerBound = precisionLowerBound;
    this.coverage = coverage;
    this.threshold = threshold;
    this.thresholdReached = thresholdReached;
    this.provenance = Objects.requireNonNull(provenance, "provenance");
    this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
  }

  private static void checkUnit(String what, double v) {
    if (!(v >= 0 && v <= 1)) {
      throw new IllegalArgumentException(what + " must be in [0, 1], was " + v);
    }
  }

  public Schema schema() {
    return schema;
  }

  /** The explained row's index in its data. */
  public int row() {
    return row;
  }

  /** A copy of the explained row's values, in schema order. */
  public double[] features() {
    return features.clone();
  }

  public Output outputs() {
    return outputs;
  }

  /** The output that decided the predicted class. */
  public int predictedOutput() {
    return predictedOutput;
  }

  /** The class the model predicts for the row, and that the anchor holds it to. */
  public String predictedClass() {
    return predictedClass;
  }

  /** The rule's predicates; empty when the prediction holds without any condition. */
  public List<Predicate> predicates() {
    return predicates;
  }

  /** Number of predicates. */
  public int size() {
    return predicates.size();
  }

  public double precision() {
    return precision;
  }

  public double precisionLowerBound() {
    return precisionLowerBound;
  }

  public double coverage() {
    return coverage;
  }

  public double threshold() {
    return threshold;
  }

  /** Whether the precision's lower confidence bound reached {@link #threshold()}. */
  public boolean thresholdReached() {
    return thresholdReached;
  }

  public Provenance provenance() {
    return provenance;
  }

  /** Model calls, rows predicted and perturbations sampled for this anchor. */
  public Diagnostics diagnostics() {
    return diagnostics;
  }

  /** Whether a row (values in schema order, starting at {@code offset}) satisfies every predicate. */
  public boolean holds(double[] x, int offset) {
    for (Predicate p : predicates) {
      if (!p.test(x[offset + p.feature()])) {
        return false;
      }
    }
    return true;
  }

  /** The rule alone: {@code age > 37.00 AND relationship = Husband}, or {@code TRUE} if empty. */
  public String rule() {
    if (predicates.isEmpty()) {
      return "TRUE";
    }
    List<String> parts = new ArrayList<>();
    for (Predicate p : predicates) {
      parts.add(p.text());
    }
    return String.join(" AND ", parts);
  }

  /**
   * The anchor as a sentence: {@code IF age > 37.00 AND relationship = Husband THEN predict 1
   * (precision 0.97, coverage 0.21, 4,512 model calls)}, with a warning when the threshold was
   * not reached.
   */
  public String text() {
    // a rare rule's coverage keeps two significant digits instead of reading as 0.00
    String cover = String.format(Locale.ROOT, coverage > 0 && coverage < 0.01 ? "%.2g" : "%.2f", coverage);
    String s = String.format(Locale.ROOT, "IF %s THEN predict %s (precision %.2f, coverage %s, %,d model calls)",
        rule(), predictedClass, precision, cover, diagnostics.modelCalls());
    if (!thresholdReached) {
      s += String.format(Locale.ROOT, "; precision threshold %.2f NOT reached (lower bound %.2f): best anchor found",
          threshold, precisionLowerBound);
    }
    return s;
  }

  @Override
  public String toString() {
    return "AnchorExplanation[row " + row + ": " + text() + "]";
  }
}
