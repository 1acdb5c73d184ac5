package dev.loupe.explainers.anchors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.AnchorExplanation;
import dev.loupe.core.Frame;
import dev.loupe.core.Model;
import dev.loupe.core.Output;
import dev.loupe.core.Predicate;
import dev.loupe.core.Scale;
import dev.loupe.core.Schema;
import dev.loupe.explainers.discretize.Discretization;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Anchors of models that are known rules over independent uniform features.
 *
 * <p>The model predicts 1 exactly when {@code age > median(age) and hours > q75(hours)} (cut
 * points of the training data's own quartile bins, so the rule is expressible). For a positive row
 * in age's third bin and hours' top bin, the only two-predicate anchors of precision 1 are
 * {@code age > median AND hours > q75} and {@code median < age <= q75 AND hours > q75}; every
 * one-predicate anchor has precision at most about 0.5. So the anchor must be the rule itself (the
 * first has twice the coverage), with precision exactly 1 (a deterministic model), and coverage
 * equal to the fraction of training rows satisfying it, counted in the test.
 */
class AnchorsTest {
  static final Schema SCHEMA = Schema.numeric("age", "hours", "n1", "n2", "n3");
  static Frame train;
  static double ageMedian;
  static double hoursQ75;
  static Model rule;

  @BeforeAll
  static void data() {
    SplittableRandom r = new SplittableRandom(5);
    int n = 3000;
    double[][] cols = new double[5][n];
    for (int i = 0; i < n; i++) {
      cols[0][i] = 18 + 62 * r.nextDouble();
      cols[1][i] = 10 + 70 * r.nextDouble();
      for (int j = 2; j < 5; j++) {
        cols[j][i] = r.nextDouble();
      }
    }
    train = Frame.of(SCHEMA, cols);
    Discretization d = Discretization.fit(train, Discretization.Quantiles.QUARTILES);
    ageMedian = d.edges(0)[1];
    hoursQ75 = d.edges(1)[2];
    rule = Model.of("rule", SCHEMA, new Output(List.of("1"), Scale.PROBABILITY), (x, n2, out) -> {
      for (int i = 0; i < n2; i++) {
        out[i] = x[i * 5] > ageMedian && x[i * 5 + 1] > hoursQ75 ? 0.9 : 0.2;
      }
    });
  }

  static Frame row(double... v) {
    return Frame.ofRows(SCHEMA, new double[][] {v});
  }

  @Test
  void anchorOfAKnownRuleIsTheRule() {
    Anchors anchors = Anchors.of(rule, train, AnchorOptions.builder().seed(1).build());
    double age = ageMedian + 3; // third bin: median < age <= q75
    AnchorExplanation a = anchors.explain(row(age, 79, 0.5, 0.5, 0.5), 0);
    Set<String> texts = a.predicates().stream().map(Predicate::text).collect(Collectors.toSet());
    assertEquals(Set.of(String.format(java.util.Locale.ROOT, "age > %.2f", ageMedian),
        String.format(java.util.Locale.ROOT, "hours > %.2f", hoursQ75)), texts, a.text());
    assertTrue(a.thresholdReached());
    assertEquals("1", a.predictedClass());
    assertEquals(1.0, a.precision(), 0);
    assertTrue(a.precisionLowerBound() >= 0.95);
    int covered = 0;
    double[] x = train.rowMajor();
    for (int i = 0; i < train.rows(); i++) {
      covered += a.holds(x, i * 5) ? 1 : 0;
    }
    assertEquals(covered / (double) train.rows(), a.coverage(), 1e-15);
    assertTrue(a.coverage() > 0.09 && a.coverage() < 0.16, "about 1/2 x 1/4: " + a.coverage());
    assertTrue(a.diagnostics().modelCalls() > 1);
    assertTrue(a.diagnostics().rowsPredicted() >= 100 * a.diagnostics().modelCalls() / 2, "batched model calls");
    assertEquals(a.diagnostics().rowsPredicted() - 1, a.diagnostics().samples());
    assertTrue(a.text().startsWith("IF ") && a.text().contains(" AND ")
        && a.text().contains("THEN predict 1 (precision 1.00, coverage 0.1"), a.text());
  }

  @Test
  void negativeRowAndMultiOutputArgmax() {
    Model three = Model.of("three", SCHEMA, new Output(List.of("low", "high", "other"), Scale.RAW_MARGIN),
        (x, n, out) -> {
          for (int i = 0; i < n; i++) {
            boolean pos = x[i * 5] > ageMedian && x[i * 5 + 1] > hoursQ75;
            out[3 * i] = pos ? -1 : 2;
            out[3 * i + 1] = pos ? 3 : 0;
            out[3 * i + 2] = 0.5;
          }
        });
    AnchorExplanation a = Anchors.of(three, train, AnchorOptions.builder().seed(2).build())
        .explain(row(ageMedian + 3, 79, 0.1, 0.2, 0.3), 0);
    assertEquals("high", a.predictedClass());
    assertEquals(1, a.predictedOutput());
    assertEquals(2, a.size(), a.text());
    // a row with age in the second bin is negative whatever the hours: the one-sided "age <= median"
    // alone has precision 1 and the highest coverage (1/2) among the one-predicate anchors that do
    AnchorExplanation neg = Anchors.of(rule, train, AnchorOptions.builder().seed(2).build())
        .explain(row(ageMedian - 3, 79, 0.1, 0.2, 0.3), 0);
    assertEquals("0", neg.predictedClass());
    assertEquals(1, neg.size(), neg.text());
    assertEquals("age", neg.predicates().get(0).name());
    assertTrue(neg.predicates().get(0).test(ageMedian) && !neg.predicates().get(0).test(ageMedian + 1e-9), neg.text());
  }

  @Test
  void constantModelHasTheEmptyAnchor() {
    Model always = Model.of("always", SCHEMA, new Output(List.of("1"), Scale.PROBABILITY), (x, n, out) -> {
      java.util.Arrays.fill(out, 0, n, 0.8);
    });
    AnchorExplanation a = Anchors.of(always, train, AnchorOptions.defaults()).explain(row(30, 30, 0, 0, 0), 0);
    assertEquals(0, a.size());
    assertEquals(1.0, a.coverage(), 0);
    assertTrue(a.thresholdReached());
    assertEquals("IF TRUE THEN predict 1", a.text().substring(0, 22));
    assertEquals(0, a.row());
  }

  @Test
  void unreachableThresholdIsReported() {
    // the class is a hash of age's digits: no bin of any feature fixes it
    Model noise = Model.of("noise", SCHEMA, new Output(List.of("1"), Scale.RAW_MARGIN), (x, n, out) -> {
      for (int i = 0; i < n; i++) {
        out[i] = ((long) (x[i * 5] * 1e6)) % 2 == 0 ? 1 : -1;
      }
    });
    AnchorExplanation a = Anchors.of(noise, train, AnchorOptions.builder().maxAnchorSize(2).maxSamples(1000)
        .seed(3).build()).explain(row(40.1234567, 30, 0.5, 0.5, 0.5), 0);
    assertFalse(a.thresholdReached(), a.text());
    assertTrue(a.text().contains("NOT reached"), a.text());
    assertTrue(a.precisionLowerBound() < 0.95 && a.precision() < 0.8, a.text());
  }

  @Test
  void deterministicAcrossThreadsAndBatches() {
    Frame rows = Frame.ofRows(SCHEMA, new double[][] {
        {ageMedian + 3, 79, 0.5, 0.5, 0.5}, {25, 79, 0.1, 0.9, 0.4}, {70, 20, 0.3, 0.3, 0.3}, {60, 75, 0.9, 0.1, 0.2}});
    AnchorOptions one = AnchorOptions.builder().seed(9).threads(1).build();
    List<AnchorExplanation> a1 = Anchors.of(rule, train, one).explain(rows, new int[] {0, 1, 2, 3});
    List<AnchorExplanation> a2 = Anchors.of(rule, train, one.toBuilder().threads(2).build())
        .explain(rows, new int[] {0, 1, 2, 3});
    AnchorExplanation alone = Anchors.of(rule, train, one).explain(rows, 2);
    for (int i = 0; i < 4; i++) {
      assertEquals(a1.get(i).text(), a2.get(i).text());
      assertEquals(a1.get(i).precision(), a2.get(i).precision());
      assertEquals(a1.get(i).diagnostics().rowsPredicted(), a2.get(i).diagnostics().rowsPredicted());
    }
    assertEquals(a1.get(2).text(), alone.text());
    assertEquals(a1.get(2).precisionLowerBound(), alone.precisionLowerBound());
  }

  @Test
  void badInput() {
    Model regression = Model.of("reg", SCHEMA, new Output(List.of("y"), Scale.VALUE), (x, n, out) -> { });
    assertMessage(() -> Anchors.of(regression, train, AnchorOptions.defaults()), "classifiers", "regression");
    assertMessage(() -> Anchors.of(rule, train.slice(0, 0), AnchorOptions.defaults()), "no rows");
    assertMessage(() -> Anchors.of(rule, Frame.of(Schema.numeric("age"), new double[][] {{1}}),
        AnchorOptions.defaults()), "hours");
    assertMessage(() -> AnchorOptions.builder().threshold(1.5).build(), "threshold", "1.5");
    assertMessage(() -> AnchorOptions.builder().delta(0).build(), "delta");
    assertMessage(() -> AnchorOptions.builder().beamSize(0).build(), "beamSize");
    assertMessage(() -> AnchorOptions.builder().batchSize(100).maxSamples(50).build(), "maxSamples");
  }

  private static void assertMessage(Runnable r, String... parts) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), () -> "'" + p + "' in: " + e.getMessage());
    }
  }
}
