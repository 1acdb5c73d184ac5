package dev.loupe.core;

import java.util.List;
import java.util.Objects;

/**
 * The counterfactual explanation of one row: up to {@link #requested()} diverse
 * {@link Counterfactual}s with the desired outcome, and a {@link Status} that says whether the
 * search found them all, found fewer, proved that none exists, found none without proof, or
 * found that the row already has the desired outcome. A search that finds nothing always says so
 * and why ({@link #reason()}); it never looks like an empty success.
 *
 * <p>Immutable. Carries its {@link Provenance} (method, options, seed) and {@link Diagnostics}
 * (model calls, rows predicted, candidate rows searched) and the wall time of the search.
 */
public final class Counterfactuals {
  /** The outcome of a counterfactual search. */
  public enum Status {
    /** As many counterfactuals as requested. */
    FOUND,
    /** At least one, but fewer than requested; {@link #reason()} says why. */
    FOUND_FEWER,
    /** Proven: no counterfactual exists under the constraints; {@link #reason()} gives the proof. */
    NONE_EXISTS,
    /** None found within the search budget, not proven impossible; {@link #reason()} says what was searched. */
    NONE_FOUND,
    /** The row already has the desired outcome: no counterfactual is needed. */
    ALREADY_DESIRED
  }

  private final Schema schema;
  private final Output output;
  private final int rowId;
  private final double[] row;
  private final double[] prediction;
  private final String desired;
  private final int requested;
  private final Status status;
  private final String reason;
  private final List<Counterfactual> counterfactuals;
  private final double diversity;
  private final long elapsedNanos;
  private final Provenance provenance;
  private final Diagnostics diagnostics;

  /**
   * @param schema the model's features
   * @param output the model's outputs and their scale
   * @param rowId the explained row's index in its data
   * @param row the explained row, in schema order
   * @param prediction the model's outputs for {@code row}
   * @param desired the desired outcome in words, e.g. {@code "output '1' > 0.5"}
   * @param requested how many counterfactuals were asked for
   * @param status the outcome of the search
   * @param reason why, in words (may be empty only for {@link Status#FOUND})
   * @param counterfactuals the counterfactuals found, closest first
   * @param diversity the mean pairwise MAD-scaled L1 distance between the counterfactuals, or
   *     {@code NaN} for fewer than two
   * @param elapsedNanos the search's wall time
   * @param provenance how it was made
   * @param diagnostics model calls, rows predicted and candidates searched
   */
  public Counterfactuals(Schema schema, Output output, int rowId, double[] row, double[] prediction, String desired,
      int requested, Status status, String reason, List<Counterfactual> counterfactuals, double diversity,
      long elapsedNanos, Provenance provenance, Diagnostics diagnostics) {
    this.schema = Objects.requireNonNull(schema, "schema");
    this.output = Objects.requireNonNull(output, "output");
    this.status = Objects.requireNonNull(status, "status");
    this.reason = Objects.requireNonNull(reason, "reason");
    this.desired = Objects.requireNonNull(desired, "desired");
    this.provenance = Objects.requireNonNull(provenance, "provenance");
    this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
    this.counterfactuals = List.copyOf(counterfactuals);
    if (row.length != schema.size()) {
      throw new IllegalArgumentException("row has " + row.length + " values for " + schema.size() + " features");
    }
    if (prediction.length != output.size()) {
      throw new IllegalArgumentException("prediction has " + prediction.length + " values for " + output.size() + " outputs");
    }
    if (requested < 1) {
      throw new IllegalArgumentException("requested must be >= 1, was " + requested);
    }
    int n = this.counterfactuals.size();
    boolean consistent = switch (status) {
      case FOUND -> n == requested;
      case FOUND_FEWER -> n >= 1 && n < requested;
      case NONE_EXISTS, NONE_FOUND, ALREADY_DESIRED -> n == 0;
    };
    if (!consistent) {
      throw new IllegalArgumentException("status " + status + " with " + n + " of " + requested + " counterfactuals");
    }
    if (status != Status.FOUND && reason.isBlank()) {
      throw new IllegalArgumentException("status " + status + " needs a reason");
    }
    this.rowId = rowId;
    this.row = row.clone();
    this.prediction = prediction.clone();
    this.requested = requested;
    this.diversity = diversity;
    this.elapsedNanos = elapsedNanos;
  }

  public Schema schema() {
    return schema;
  }

  public Output output() {
    return output;
  }

  /** The explained row's index in its data. */
  public int rowId() {
    return rowId;
  }

  /** The explained row, in schema order. */
  public double[] row() {
    return row.clone();
  }

  /** The model's outputs for the explained row, in {@code output().scale()}. */
  public double[] prediction() {
    return prediction.clone();
  }

  /** The desired outcome in words. */
  public String desired() {
    return desired;
  }

  /** How many counterfactuals were asked for. */
  public int requested() {
    return requested;
  }

  public Status status() {
    return status;
  }

  /** Why the status is what it is: the proof, what was searched, or why fewer were found. */
  public String reason() {
    return reason;
  }

  /** The counterfactuals, closest first; empty unless {@link Status#FOUND} or {@link Status#FOUND_FEWER}. */
  public List<Counterfactual> counterfactuals() {
    return counterfactuals;
  }

  public int size() {
    return counterfactuals.size();
  }

  public Counterfactual get(int i) {
    return counterfactuals.get(i);
  }

  /** Mean pairwise MAD-scaled L1 distance between the counterfactuals; {@code NaN} for fewer than two. */
  public double diversity() {
    return diversity;
  }

  /** Mean proximity of the counterfactuals; {@code NaN} if there are none. */
  public double meanProximity() {
    double s = 0;
    for (Counterfactual c : counterfactuals) {
      s += c.proximity();
    }
    return counterfactuals.isEmpty() ? Double.NaN : s / counterfactuals.size();
  }

  /** Mean number of changed features; {@code NaN} if there are none. */
  public double meanChanges() {
    double s = 0;
    for (Counterfactual c : counterfactuals) {
      s += c.changeCount();
    }
    return counterfactuals.isEmpty() ? Double.NaN : s / counterfactuals.size();
  }

  /** The search's wall time in nanoseconds. */
  public long elapsedNanos() {
    return elapsedNanos;
  }

  public Provenance provenance() {
    return provenance;
  }

  /** Model calls, rows predicted, and candidate rows searched ({@link Diagnostics#samples()}). */
  public Diagnostics diagnostics() {
    return diagnostics;
  }

  @Override
  public String toString() {
    return "Counterfactuals[row " + rowId + ", " + status + ", " + counterfactuals.size() + " of " + requested
        + (reason.isEmpty() ? "" : ": " + reason) + "]";
  }
}
