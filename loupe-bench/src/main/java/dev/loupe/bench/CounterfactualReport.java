package dev.loupe.bench;

import dev.loupe.core.Counterfactual;
import dev.loupe.core.Counterfactuals;
import dev.loupe.core.Frame;
import dev.loupe.core.Model;
import dev.loupe.explainers.counterfactual.CounterfactualOptions;
import dev.loupe.explainers.counterfactual.CounterfactualSearch;
import dev.loupe.testkit.xgboost.XGBoostReference;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The counterfactual acceptance measurement ({@link CounterfactualFixture}): for the 100 refused
 * applicants, the share of valid counterfactuals (re-predicted by XGBoost4J itself), the mean
 * number of changed features, mean proximity, mean diversity, time per applicant and the share of
 * each status, for the tree search and the model-agnostic search, without and with constraints.
 * One thread. Run: {@code java -cp loupe-bench/target/benchmarks.jar dev.loupe.bench.CounterfactualReport}.
 */
public final class CounterfactualReport {
  private CounterfactualReport() {}

  public static void main(String[] args) {
    CounterfactualFixture f = new CounterfactualFixture();
    System.out.printf(Locale.ROOT, "German credit: XGBoost %d trees on %d rows; %d refused held-out applicants%n",
        f.model.numTrees(), CounterfactualFixture.TRAIN, f.refused.length);
    Model function = Model.of("german-xgb-as-function", f.model.schema(), f.model.output(), f.model::predict);
    run(f, "trees, free", CounterfactualSearch.of(f.model, f.train, CounterfactualFixture.free()));
    run(f, "trees, constrained", CounterfactualSearch.of(f.model, f.train, CounterfactualFixture.constrained()));
    run(f, "agnostic, free", CounterfactualSearch.of(function, f.train, CounterfactualFixture.free()));
    run(f, "agnostic, constrained", CounterfactualSearch.of(function, f.train, CounterfactualFixture.constrained()));
    CounterfactualSearch example = CounterfactualSearch.of(f.model, f.train, CounterfactualFixture.constrained());
    Counterfactuals one = example.explain(f.heldOut, f.refused[0]);
    System.out.println("example (constrained), held-out row " + f.refused[0] + ": " + one.status());
    for (Counterfactual c : one.counterfactuals()) {
      System.out.println("  " + c.changes());
    }
    f.booster.dispose();
  }

  private static void run(CounterfactualFixture f, String name, CounterfactualSearch s) {
    s.explain(f.heldOut, new int[] {f.refused[0], f.refused[1]}, 1); // warm-up
    long t0 = System.nanoTime();
    List<Counterfactuals> rs = s.explain(f.heldOut, f.refused, 1);
    double ms = (System.nanoTime() - t0) / 1e6 / rs.size();
    Map<Counterfactuals.Status, Integer> status = new EnumMap<>(Counterfactuals.Status.class);
    int n = 0;
    int valid = 0;
    double changes = 0;
    double prox = 0;
    double div = 0;
    int divCount = 0;
    long rows = 0;
    int m = f.model.schema().size();
    for (Counterfactuals r : rs) {
      status.merge(r.status(), 1, Integer::sum);
      rows += r.diagnostics().rowsPredicted();
      if (r.size() == 0) {
        continue;
      }
      double[] x = new double[r.size() * m];
      for (int i = 0; i < r.size(); i++) {
        System.arraycopy(r.get(i).values(), 0, x, i * m, m);
      }
      double[] margins = XGBoostReference.margins(f.booster, Frame.ofRows(f.model.schema(), x, r.size()));
      for (int i = 0; i < r.size(); i++) {
        Counterfactual c = r.get(i);
        n++;
        valid += margins[i] <= 1e-5 ? 1 : 0;
        changes += c.changeCount();
        prox += c.proximity();
      }
      if (!Double.isNaN(r.diversity())) {
        div += r.diversity();
        divCount++;
      }
    }
    System.out.printf(Locale.ROOT, "%-22s counterfactuals %3d  valid (XGBoost4J) %5.1f%%  changes %.2f  proximity %.2f"
        + "  diversity %.2f  %.1f ms/applicant  %,d rows/applicant  status %s%n", name, n, 100.0 * valid / Math.max(1, n),
        changes / n, prox / n, div / Math.max(1, divCount), ms, rows / rs.size(), status);
  }
}
