package dev.loupe.bench;

import dev.loupe.core.AnchorExplanation;
import dev.loupe.core.TreeEnsemble;
import dev.loupe.explainers.anchors.AnchorOptions;
import dev.loupe.explainers.anchors.Anchors;
import java.util.Locale;

/**
 * The anchors acceptance measurement on Adult ({@link AdultAnchorsFixture}): anchors of the 100
 * explained rows, computed one at a time on one thread with the training rows as data and default
 * options (threshold 0.95, delta 0.05, beam 2); for each anchor its precision measured on the
 * held-out rows that satisfy it (the fraction the model gives the explained row's class: margin
 * > 0 for class 1), its coverage on the training and on the held-out rows, its length, wall time,
 * model calls and rows predicted. Prints one line per anchor and the means.
 *
 * <p>Run: {@code java -cp loupe-bench/target/benchmarks.jar dev.loupe.bench.AnchorsReport [rows]}.
 */
public final class AnchorsReport {
  private AnchorsReport() {}

  public static void main(String[] args) {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : AdultAnchorsFixture.EXPLAINED;
    AdultAnchorsFixture f = new AdultAnchorsFixture();
    TreeEnsemble model = f.model;
    Anchors anchors = Anchors.of(model, f.train, AnchorOptions.builder().threads(1).seed(0).build());
    int m = model.schema().size();
    double[] h = f.heldOut.rowMajor(model.bind(f.heldOut.schema()));
    double[] margins = model.predict(f.heldOut);
    anchors.explain(f.explained, 0); // warm-up
    double sumPrecision = 0;
    double sumEstimate = 0;
    double sumCoverage = 0;
    double sumHeldCoverage = 0;
    double sumLength = 0;
    double sumMillis = 0;
    double sumCalls = 0;
    double sumRows = 0;
    int measured = 0;
    int reached = 0;
    for (int r = 0; r < rows; r++) {
      long t0 = System.nanoTime();
      AnchorExplanation a = anchors.explain(f.explained, r);
      double ms = (System.nanoTime() - t0) / 1e6;
      int cls = a.predictedClass().equals("1") ? 1 : 0;
      int covered = 0;
      int same = 0;
      for (int i = 0; i < f.heldOut.rows(); i++) {
        if (a.holds(h, i * m)) {
          covered++;
          same += (margins[i] > 0 ? 1 : 0) == cls ? 1 : 0;
        }
      }
      double precision = covered == 0 ? Double.NaN : same / (double) covered;
      if (covered > 0) {
        sumPrecision += precision;
        measured++;
      }
      reached += a.thresholdReached() ? 1 : 0;
      sumEstimate += a.precision();
      sumCoverage += a.coverage();
      sumHeldCoverage += covered / (double) f.heldOut.rows();
      sumLength += a.size();
      sumMillis += ms;
      sumCalls += a.diagnostics().modelCalls();
      sumRows += a.diagnostics().rowsPredicted();
      System.out.printf(Locale.ROOT, "row %3d  held-out precision %.3f (%5d rows)  %7.1f ms  %s%n", r, precision,
          covered, ms, a.text());
    }
    System.out.printf(Locale.ROOT, "%nAdult, XGBoost depth 5 x 50 rounds, %d training rows, %d held-out rows,"
        + " %d anchors (threshold 0.95, delta 0.05, beam 2, one thread)%n", f.train.rows(), f.heldOut.rows(), rows);
    System.out.printf(Locale.ROOT, "mean held-out precision      %.4f (over %d anchors covering held-out rows)%n",
        sumPrecision / measured, measured);
    System.out.printf(Locale.ROOT, "mean estimated precision     %.4f%n", sumEstimate / rows);
    System.out.printf(Locale.ROOT, "threshold reached            %d of %d%n", reached, rows);
    System.out.printf(Locale.ROOT, "mean coverage (training)     %.4f%n", sumCoverage / rows);
    System.out.printf(Locale.ROOT, "mean coverage (held-out)     %.4f%n", sumHeldCoverage / rows);
    System.out.printf(Locale.ROOT, "mean anchor length           %.2f%n", sumLength / rows);
    System.out.printf(Locale.ROOT, "time per anchor              %.1f ms%n", sumMillis / rows);
    System.out.printf(Locale.ROOT, "model calls per anchor       %.1f%n", sumCalls / rows);
    System.out.printf(Locale.ROOT, "rows predicted per anchor    %.0f%n", sumRows / rows);
  }
}
