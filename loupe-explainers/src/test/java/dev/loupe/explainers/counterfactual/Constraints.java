package dev.loupe.explainers.counterfactual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.Counterfactual;
import dev.loupe.core.Counterfactuals;
import dev.loupe.core.Schema;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks every returned counterfactual against the constraints, written out independently of {@link Space}. */
record Constraints(Set<String> immutable, Map<String, double[]> ranges, Map<String, Set<Integer>> codes,
    Set<String> increase, Set<String> decrease) {

  void check(Counterfactuals r) {
    Schema s = r.schema();
    double[] x = r.row();
    for (Counterfactual c : r.counterfactuals()) {
      double[] v = c.values();
      assertTrue(c.changeCount() >= 1, "a counterfactual changes something: " + c);
      for (int j = 0; j < s.size(); j++) {
        String f = s.name(j);
        if (Counterfactual.same(x[j], v[j])) {
          continue;
        }
        assertTrue(!immutable.contains(f), () -> "immutable " + f + " changed: " + c);
        assertTrue(v[j] == v[j], () -> f + " changed to missing: " + c);
        double[] rg = ranges.get(f);
        if (rg != null) {
          int jj = j;
          assertTrue(v[jj] >= rg[0] && v[jj] <= rg[1], () -> f + " outside " + Arrays.toString(rg) + ": " + c);
        }
        Set<Integer> ok = codes.get(f);
        if (ok != null) {
          assertTrue(ok.contains((int) v[j]), () -> f + " not an allowed category: " + c);
        }
        if (increase.contains(f)) {
          assertTrue(v[j] > x[j], () -> f + " did not increase: " + c);
        }
        if (decrease.contains(f)) {
          assertTrue(v[j] < x[j], () -> f + " did not decrease: " + c);
        }
      }
    }
    // the status never hides a failure
    switch (r.status()) {
      case FOUND -> assertEquals(r.requested(), r.size());
      case FOUND_FEWER -> assertTrue(r.size() >= 1 && r.size() < r.requested() && !r.reason().isBlank());
      default -> assertTrue(r.size() == 0 && !r.reason().isBlank(), r.toString());
    }
  }

  static Constraints none() {
    return new Constraints(Set.of(), Map.of(), Map.of(), Set.of(), Set.of());
  }

  /** Rows of the counterfactuals, row-major, and their count. */
  static double[] rows(List<Counterfactuals> rs) {
    return rs.stream().flatMap(r -> r.counterfactuals().stream()).flatMapToDouble(c -> Arrays.stream(c.values()))
        .toArray();
  }
}
