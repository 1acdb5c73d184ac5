package dev.loupe.explainers.counterfactual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.Counterfactual;
import dev.loupe.core.Counterfactuals;
import dev.loupe.core.Counterfactuals.Status;
import dev.loupe.core.Frame;
import dev.loupe.core.Model;
import dev.loupe.core.TreeEnsemble;
import dev.loupe.models.ModelReaders;
import dev.loupe.testkit.xgboost.GermanCreditXGBoost;
import dev.loupe.testkit.xgboost.XGBoostReference;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ml.dmlc.xgboost4j.java.Booster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Counterfactuals of refused applicants (predicted bad credit) of an XGBoost4J 3.4 model of German
 * credit (800 training rows, 60 rounds, depth 4, native categorical splits), read back by
 * {@link ModelReaders}.
 *
 * <p>Independent source of validity: every returned counterfactual is re-predicted by XGBoost4J
 * itself ({@link XGBoostReference#margins}) and must have margin &lt;= 0 (probability of bad
 * &lt;= 0.5), with a tolerance of {@value #FLOAT_TOL} for XGBoost's float32 arithmetic; the
 * constraints are checked by {@link Constraints}, written independently of the search.
 */
class GermanCreditCounterfactualTest {
  private static final double FLOAT_TOL = 1e-5;
  private static final int TRAIN = 800;

  @TempDir static Path dir;
  static Booster booster;
  static TreeEnsemble model;
  static Frame train;
  static Frame test;
  static int[] refused;

  @BeforeAll
  static void trainModel() {
    GermanCreditXGBoost credit = GermanCreditXGBoost.train(TRAIN, 60);
    train = credit.train();
    test = credit.heldOut();
    booster = credit.booster();
    Path file = dir.resolve("german.json");
    XGBoostReference.save(booster, file);
    model = ModelReaders.read(file);
    refused = GermanCreditXGBoost.refused(model.predict(test), 8);
    assertTrue(refused.length == 8, "the held-out part has refused applicants");
  }

  private static CounterfactualOptions.Builder constrained() {
    return CounterfactualOptions.builder().desiredClass(0).count(4).seed(3)
        .immutable("personal_status", "age", "foreign_worker")
        .range("duration", 6, 36)
        .categories("purpose", List.of("new car", "used car", "radio/tv", "furniture/equipment"))
        .decreaseOnly("credit_amount")
        .increaseOnly("existing_credits");
  }

  private static Constraints constraints() {
    var purpose = train.schema().feature(train.schema().require("purpose")).levels();
    Set<Integer> codes = Set.of(purpose.indexOf("new car"), purpose.indexOf("used car"), purpose.indexOf("radio/tv"),
        purpose.indexOf("furniture/equipment"));
    return new Constraints(Set.of("personal_status", "age", "foreign_worker"), Map.of("duration", new double[] {6, 36}),
        Map.of("purpose", codes), Set.of("existing_credits"), Set.of("credit_amount"));
  }

  /** XGBoost's own margins of the counterfactual rows must be <= 0 (good credit). */
  private static void validByXGBoost(List<Counterfactuals> rs) {
    double[] cf = Constraints.rows(rs);
    int n = cf.length / model.schema().size();
    assertTrue(n > 0, "some counterfactuals were found");
    double[] margins = XGBoostReference.margins(booster, Frame.ofRows(model.schema(), cf, n));
    int i = 0;
    for (Counterfactuals r : rs) {
      for (Counterfactual c : r.counterfactuals()) {
        assertTrue(margins[i] <= FLOAT_TOL, "XGBoost margin " + margins[i] + " of " + c);
        assertEquals(margins[i], c.prediction(0), FLOAT_TOL, "Loupe's margin agrees with XGBoost's");
        assertTrue(c.valid());
        i++;
      }
    }
  }

  @Test
  void treeSearchIsValidAndRespectsConstraints() {
    CounterfactualSearch s = CounterfactualSearch.of(model, train, constrained().build());
    assertTrue(s.usesTrees());
    List<Counterfactuals> rs = s.explain(test, refused, 2);
    Constraints c = constraints();
    int found = 0;
    for (Counterfactuals r : rs) {
      c.check(r);
      found += r.size();
      assertEquals(CounterfactualSearch.TREES, r.provenance().method());
      assertTrue(r.diagnostics().modelCalls() >= 1);
      if (r.size() >= 2) {
        assertTrue(r.diversity() > 0, "distinct counterfactuals are apart: " + r.diversity());
      }
    }
    assertTrue(found >= refused.length, "most refused applicants get counterfactuals: " + rs);
    validByXGBoost(rs);
  }

  @Test
  void agnosticSearchOnTheSameModelAsAFunction() {
    Model f = Model.of("german-xgb-as-function", model.schema(), model.output(), model::predict);
    CounterfactualSearch s = CounterfactualSearch.of(f, train, constrained().maxModelRows(20_000).build());
    assertTrue(!s.usesTrees());
    List<Counterfactuals> rs = s.explain(test, Arrays.copyOf(refused, 4), 1);
    for (Counterfactuals r : rs) {
      constraints().check(r);
      assertEquals(CounterfactualSearch.AGNOSTIC, r.provenance().method());
      assertTrue(r.diagnostics().rowsPredicted() <= 20_001, "budget: " + r.diagnostics().rowsPredicted());
    }
    validByXGBoost(rs);
  }

  @Test
  void sameResultsForAnyThreadCountAndRowGrouping() {
    CounterfactualSearch s = CounterfactualSearch.of(model, train, constrained().maxModelRows(3_000).build());
    List<Counterfactuals> together = s.explain(test, refused, 2);
    for (int i = 0; i < refused.length; i++) {
      Counterfactuals alone = s.explain(test, refused[i]);
      assertEquals(describe(together.get(i)), describe(alone), "row " + refused[i]);
    }
    List<Counterfactuals> again = CounterfactualSearch.of(model, train, constrained().maxModelRows(3_000).build())
        .explain(test, refused, 1);
    for (int i = 0; i < refused.length; i++) {
      assertEquals(describe(together.get(i)), describe(again.get(i)));
    }
  }

  static String describe(Counterfactuals r) {
    StringBuilder b = new StringBuilder(r.status() + " " + r.reason());
    for (Counterfactual c : r.counterfactuals()) {
      b.append('\n').append(Arrays.toString(c.values())).append(' ').append(c.proximity());
    }
    return b.toString();
  }

  @Test
  void alreadyGoodApplicantNeedsNone() {
    double[] margin = model.predict(test);
    int good = 0;
    while (margin[good] > 0) {
      good++;
    }
    Counterfactuals r = CounterfactualSearch.of(model, train, constrained().build()).explain(test, good);
    assertEquals(Status.ALREADY_DESIRED, r.status());
    assertTrue(r.reason().contains("already"), r.reason());
  }
}
