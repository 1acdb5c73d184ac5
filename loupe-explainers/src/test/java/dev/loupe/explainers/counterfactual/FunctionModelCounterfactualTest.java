package dev.loupe.explainers.counterfactual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.Counterfactual;
import dev.loupe.core.Counterfactuals;
import dev.loupe.core.Counterfactuals.Status;
import dev.loupe.core.Feature;
import dev.loupe.core.Frame;
import dev.loupe.core.Model;
import dev.loupe.core.Output;
import dev.loupe.core.Scale;
import dev.loupe.core.Schema;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The model-agnostic search on a Java function with a closed-form decision rule: probability
 * sigmoid(income/1000 + 2 [job = 2] - debt/500 - 4), class 1 above 0.5, i.e. exactly when
 * {@code income/1000 + 2 [job = 2] - debt/500 - 4 > 0}. Validity is checked with that formula
 * (exact), the constraints with {@link Constraints}.
 */
class FunctionModelCounterfactualTest {
  static final Schema SCHEMA = new Schema(List.of(Feature.numeric("income"), Feature.numeric("debt"),
      Feature.numeric("age"), Feature.categorical("job", List.of("none", "clerk", "engineer"))));

  static double score(double income, double debt, double job) {
    return income / 1000 + (job == 2 ? 2 : 0) - debt / 500 - 4;
  }

  static final Model MODEL = Model.of("closed-form-v1", SCHEMA, new Output(List.of("approve"), Scale.PROBABILITY),
      (x, n, out) -> {
        for (int i = 0; i < n; i++) {
          out[i] = 1 / (1 + Math.exp(-score(x[i * 4], x[i * 4 + 1], x[i * 4 + 3])));
        }
      });

  static Frame training() {
    SplittableRandom r = new SplittableRandom(7);
    double[][] rows = new double[300][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = new double[] {1000 * r.nextInt(1, 9), 100 * r.nextInt(0, 20), r.nextInt(20, 70), r.nextInt(3)};
    }
    return Frame.ofRows(SCHEMA, rows);
  }

  @Test
  void validSparseAndConstrained() {
    double[] x = {2000, 1000, 30, 0}; // score 2 - 2 - 4 = -4
    CounterfactualOptions o = CounterfactualOptions.builder().desiredClass(1).count(4).seed(1).immutable("age")
        .decreaseOnly("debt").range("income", 0, 7000).build();
    Counterfactuals r = CounterfactualSearch.of(MODEL, training(), o).explain(x, 0);
    new Constraints(Set.of("age"), Map.of("income", new double[] {0, 7000}), Map.of(), Set.of(), Set.of("debt")).check(r);
    assertTrue(r.size() >= 2, r.toString());
    for (Counterfactual c : r.counterfactuals()) {
      double[] v = c.values();
      assertTrue(score(v[0], v[1], v[3]) > 0, "closed form says valid: " + c);
      // sparsity: reverting any single change breaks validity (the minimisation's guarantee)
      for (Counterfactual.Change ch : c.changes()) {
        double[] back = v.clone();
        back[ch.feature()] = x[ch.feature()];
        assertTrue(score(back[0], back[1], back[3]) <= 0, "change " + ch + " is needed in " + c);
      }
    }
    assertEquals(Status.FOUND, r.status());
    assertTrue(r.diversity() > 0);
  }

  @Test
  void noneFoundIsNotClaimedImpossible() {
    // Only income > 9000 (beyond every training value, at most 8000) would do: candidates come from the data.
    double[] x = {2000, 2500, 30, 1};
    Counterfactuals r = CounterfactualSearch.of(MODEL, training(), CounterfactualOptions.builder().desiredClass(1)
        .immutable("job", "debt").build()).explain(x, 3);
    assertEquals(Status.NONE_FOUND, r.status(), r.toString());
    assertTrue(r.reason().startsWith("none found within the search budget (not proven impossible)"), r.reason());
    assertTrue(r.reason().contains("job, debt immutable") || r.reason().contains("debt, job immutable"), r.reason());
  }

  @Test
  void allImmutableIsProvenImpossible() {
    Counterfactuals r = CounterfactualSearch.of(MODEL, training(), CounterfactualOptions.builder().desiredClass(1)
        .immutable("income", "debt", "age", "job").build()).explain(new double[] {2000, 1000, 30, 1}, 3);
    assertEquals(Status.NONE_EXISTS, r.status());
  }

  @Test
  void alreadyDesired() {
    Counterfactuals r = CounterfactualSearch.of(MODEL, training(), CounterfactualOptions.builder().desiredClass(1)
        .build()).explain(new double[] {8000, 0, 30, 2}, 0);
    assertEquals(Status.ALREADY_DESIRED, r.status());
    assertTrue(r.reason().contains("no counterfactual is needed"), r.reason());
  }

  @Test
  void outputRange() {
    double[] x = {2000, 1000, 30, 0};
    Counterfactuals r = CounterfactualSearch.of(MODEL, training(), CounterfactualOptions.builder()
        .desiredRange(0.3, 0.4).count(3).build()).explain(x, 0);
    assertTrue(r.size() >= 1, r.toString());
    for (Counterfactual c : r.counterfactuals()) {
      double[] v = c.values();
      double p = 1 / (1 + Math.exp(-score(v[0], v[1], v[3])));
      assertTrue(p >= 0.3 && p <= 0.4, "in range: " + p);
    }
  }

  @Test
  void errorsNameTheProblem() {
    Frame t = training();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CounterfactualSearch.of(MODEL, t,
        CounterfactualOptions.builder().desiredClass(1).immutable("salary").build()));
    assertTrue(e.getMessage().contains("'salary'") && e.getMessage().contains("income, debt, age, job"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> CounterfactualSearch.of(MODEL, t,
        CounterfactualOptions.builder().desiredClass(1).categories("job", List.of("pilot")).build()));
    assertTrue(e.getMessage().contains("'pilot'") && e.getMessage().contains("none, clerk, engineer"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> CounterfactualSearch.of(MODEL, t,
        CounterfactualOptions.builder().desiredClass(1).range("job", 0, 1).build()));
    assertTrue(e.getMessage().contains("categorical"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> CounterfactualSearch.of(MODEL, t,
        CounterfactualOptions.builder().desiredClass(2).build()));
    assertTrue(e.getMessage().contains("classes 0 and 1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> CounterfactualOptions.builder().desiredClass(1)
        .increaseOnly("debt").decreaseOnly("debt"));
    assertTrue(e.getMessage().contains("'debt'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> CounterfactualOptions.builder().build());
    assertTrue(e.getMessage().contains("desired"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> CounterfactualOptions.builder().count(0));
    assertTrue(e.getMessage().contains("count must be >= 1, was 0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> CounterfactualOptions.builder().desiredClass(1)
        .immutable("age").range("age", 1, 2).build());
    assertTrue(e.getMessage().contains("'age' is immutable"), e.getMessage());
  }
}
