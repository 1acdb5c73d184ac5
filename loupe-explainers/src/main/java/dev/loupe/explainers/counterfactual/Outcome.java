package dev.loupe.explainers.counterfactual;

import dev.loupe.core.Output;
import dev.loupe.core.Scale;

/**
 * The desired outcome resolved against a model's outputs: whether a prediction has it, and how
 * far a prediction is from it (a hinge, 0 when it has it). Immutable; thread-safe.
 */
final class Outcome {
  final CounterfactualOptions.Goal goal;
  final int k;
  /** The output judged (CLASS on a multi-output model: the class's output). */
  final int output;
  /** Single-output CLASS: 1 means above the threshold, 0 not above; -1 for multi-output or RANGE. */
  final int side;
  final double threshold;
  final double lo;
  final double hi;
  private final Output outputs;

  Outcome(Output outputs, CounterfactualOptions o) {
    this.outputs = outputs;
    this.goal = o.goal;
    this.k = outputs.size();
    if (goal == CounterfactualOptions.Goal.CLASS) {
      this.lo = Double.NaN;
      this.hi = Double.NaN;
      if (k == 1) {
        if (o.desiredOutput != null) {
          throw new IllegalArgumentException("desired class '" + o.desiredOutput + "': the model has one output ('"
              + outputs.name(0) + "'); desire class 1 (output above the threshold) or 0");
        }
        if (o.desiredClass > 1) {
          throw new IllegalArgumentException("desired class " + o.desiredClass + ": a single-output model has classes"
              + " 0 and 1 (output '" + outputs.name(0) + "' above the threshold)");
        }
        this.output = 0;
        this.side = o.desiredClass;
        this.threshold = Double.isNaN(o.threshold) ? (outputs.scale() == Scale.RAW_MARGIN ? 0.0 : 0.5) : o.threshold;
      } else {
        int c = o.desiredOutput != null ? outputs.require(o.desiredOutput) : o.desiredClass;
        if (c >= k) {
          throw new IllegalArgumentException("desired class " + c + " out of range: the model's outputs are 0-"
              + (k - 1) + " (" + String.join(", ", outputs.names()) + ")");
        }
        this.output = c;
        this.side = -1;
        this.threshold = Double.NaN;
      }
    } else {
      if (o.desiredOutput == null && k > 1) {
        throw new IllegalArgumentException("desired range: the model has " + k + " outputs ("
            + String.join(", ", outputs.names()) + "); name the output the range is for");
      }
      this.output = o.desiredOutput == null ? 0 : outputs.require(o.desiredOutput);
      this.side = -1;
      this.threshold = Double.NaN;
      this.lo = o.lo;
      this.hi = o.hi;
    }
  }

  boolean singleClass() {
    return side >= 0;
  }

  /** Whether the outputs at {@code out[off .. off + k)} have the desired outcome. */
  boolean valid(double[] out, int off) {
    double v = out[off + output];
    if (goal == CounterfactualOptions.Goal.RANGE) {
      return v >= lo && v <= hi;
    }
    if (side == 1) {
      return v > threshold;
    }
    if (side == 0) {
      return v <= threshold;
    }
    for (int o = 0; o < k; o++) {
      if (o != output && !(v > out[off + o])) {
        return false;
      }
    }
    return true;
  }

  /** How far the outputs are from the desired outcome, in output units; 0 when valid. */
  double hinge(double[] out, int off) {
    double v = out[off + output];
    if (v != v) {
      return Double.POSITIVE_INFINITY;
    }
    if (goal == CounterfactualOptions.Goal.RANGE) {
      return v < lo ? lo - v : v > hi ? v - hi : 0;
    }
    if (side == 1) {
      return v > threshold ? 0 : threshold - v;
    }
    if (side == 0) {
      return v <= threshold ? 0 : v - threshold;
    }
    double worst = 0;
    for (int o = 0; o < k; o++) {
      if (o != output) {
        worst = Math.max(worst, out[off + o] - v);
      }
    }
    return worst;
  }

  /** The desired outcome in words. */
  String describe() {
    String name = "output '" + outputs.name(output) + "'";
    if (goal == CounterfactualOptions.Goal.RANGE) {
      return name + " in [" + lo + ", " + hi + "]";
    }
    if (side == 1) {
      return "class 1: " + name + " > " + threshold;
    }
    if (side == 0) {
      return "class 0: " + name + " <= " + threshold;
    }
    return "class '" + outputs.name(output) + "': " + name + " the largest";
  }
}
