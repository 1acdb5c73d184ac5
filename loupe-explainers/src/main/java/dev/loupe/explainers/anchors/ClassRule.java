package dev.loupe.explainers.anchors;

import dev.loupe.core.Link;
import dev.loupe.core.Model;
import dev.loupe.core.Output;
import dev.loupe.core.Scale;
import dev.loupe.core.TreeEnsemble;

/**
 * The class a classifier predicts from its outputs: for one output, positive when it exceeds 0.5
 * on a probability scale or 0 on a raw margin (log-odds); for several, the argmax (first on ties).
 * Classes are numbered: for one output 1 = positive, 0 = negative; else the output index.
 * Immutable.
 */
final class ClassRule {
  private final int outputs;
  private final double cut;

  private ClassRule(int outputs, double cut) {
    this.outputs = outputs;
    this.cut = cut;
  }

  /** @throws IllegalArgumentException for a regression model */
  static ClassRule of(Model model) {
    Model m = model instanceof dev.loupe.core.CountingModel c ? c.model() : model;
    Output out = m.output();
    String regression = "anchors explain classifiers, but model " + m.digest() + " is a regression model";
    if (m instanceof TreeEnsemble t && (t.link() == Link.IDENTITY || t.link() == Link.EXP)) {
      throw new IllegalArgumentException(regression + " (link " + t.link()
          + "); use an attribution method (SHAP, LIME) to explain a regression");
    }
    if (out.scale() == Scale.VALUE) {
      throw new IllegalArgumentException(regression + " (its output '" + out.name(0)
          + "' is on the VALUE scale); use an attribution method (SHAP, LIME) to explain a regression");
    }
    if (out.size() > 1) {
      return new ClassRule(out.size(), Double.NaN);
    }
    return new ClassRule(1, out.scale() == Scale.PROBABILITY ? 0.5 : 0.0);
  }

  /** The class of the prediction at {@code y[offset ..]}. */
  int classOf(double[] y, int offset) {
    if (outputs == 1) {
      return y[offset] > cut ? 1 : 0;
    }
    int best = 0;
    for (int o = 1; o < outputs; o++) {
      if (y[offset + o] > y[offset + best]) {
        best = o;
      }
    }
    return best;
  }

  /** The output that decides class {@code c}. */
  int outputOf(int c) {
    return outputs == 1 ? 0 : c;
  }

  /** The name of class {@code c}: an output's name, or for one output its name or complement. */
  String name(Output out, int c) {
    if (outputs > 1) {
      return out.name(c);
    }
    String pos = out.name(0);
    if (c == 1) {
      return pos;
    }
    return pos.equals("1") ? "0" : "not " + pos;
  }
}
