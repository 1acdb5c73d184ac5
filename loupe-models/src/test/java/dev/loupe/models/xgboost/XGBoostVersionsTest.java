package dev.loupe.models.xgboost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.TreeEnsemble;
import dev.loupe.testkit.Datasets;
import dev.loupe.testkit.xgboost.XGBoostVersionFixtures;
import dev.loupe.testkit.xgboost.XGBoostVersionFixtures.Case;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Models written by real XGBoost releases (1.6.2, 1.7.6, 2.0.3, 2.1.4, 3.0.4, 3.4.0; JSON and
 * UBJSON; binary, regression, multiclass, {@code num_parallel_tree=2}, and categorical splits
 * from 1.7 on) in {@code src/test/resources/xgboost-versions/}, read by
 * {@link XGBoostModelReader#read(java.nio.file.Path)}.
 *
 * <p>Expected values: the margins {@code Booster.predict(d, true, 0)} that the very XGBoost4J
 * release that wrote each file computed on 50 held-out rows with ~5% NaN (stored beside the model
 * in {@code <model>.expected.json} by {@code src/test/fixtures-generator/XGBoostFixtureGenerator}).
 * Tolerance: {@value #TOL} absolute per margin (XGBoost sums float32 leaf values in float, Loupe in
 * double).
 */
class XGBoostVersionsTest {
  private static final double TOL = 1e-5;

  @TestFactory
  Stream<DynamicTest> marginsEqualThoseOfTheXGBoostThatWroteTheFile() {
    return XGBoostVersionFixtures.all().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
  }

  private static void check(Case c) {
    TreeEnsemble model = XGBoostModelReader.read(c.file());
    assertEquals(c.features(), model.schema().size(), c.name() + " features");
    assertEquals(c.outputs(), model.numOutputs(), c.name() + " outputs");
    assertTrue(model.format().startsWith("xgboost " + c.version() + " "), c.name() + ": format " + model.format());
    if (c.model().equals("categorical")) {
      int splits = 0;
      for (int node = 0; node < model.numNodes(); node++) {
        splits += !model.isLeaf(node) && model.isCategorical(node) ? 1 : 0;
      }
      assertTrue(splits > 0, c.name() + " must have categorical splits");
    }
    if (c.file().toString().endsWith(".ubj")) {
      byte[] head = readHead(c);
      assertTrue(head[0] == '{' && head[1] != '"' && head[1] != '\n', c.name() + " must be UBJSON, not JSON");
    }
    double[] margins = new double[c.rows() * c.outputs()];
    model.predict(c.x(), c.rows(), margins);
    double max = Datasets.maxAbsDiff(c.margins(), margins);
    System.out.printf("%-28s max |margin - XGBoost's| %.3g%n", c.name(), max);
    assertTrue(max <= TOL, c.name() + ": max |Loupe margin - XGBoost margin| = " + max + " > " + TOL);
  }

  private static byte[] readHead(Case c) {
    try (InputStream in = Files.newInputStream(c.file())) {
      return in.readNBytes(2);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void everyVersionAndFormIsThere() {
    List<Case> all = XGBoostVersionFixtures.all();
    Set<String> names = new TreeSet<>();
    for (Case c : all) {
      names.add(c.name());
    }
    for (String v : List.of("1.6.2", "1.7.6", "2.0.3", "2.1.4", "3.0.4", "3.4.0")) {
      for (String m : List.of("binary", "regression", "multiclass", "parallel")) {
        assertTrue(names.contains(v + "/" + m + ".json"), v + "/" + m + ".json");
        assertTrue(names.contains(v + "/" + m + ".ubj"), v + "/" + m + ".ubj");
      }
      if (!v.equals("1.6.2")) { // XGBoost4J 1.6 cannot set feature types: no categorical model
        assertTrue(names.contains(v + "/categorical.json"), v + "/categorical.json");
        assertTrue(names.contains(v + "/categorical.ubj"), v + "/categorical.ubj");
      }
    }
    assertEquals(6 * 8 + 5 * 2, all.size(), "model files: " + names);
  }
}
