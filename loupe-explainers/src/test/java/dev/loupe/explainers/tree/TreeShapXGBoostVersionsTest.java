package dev.loupe.explainers.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loupe.core.TreeEnsemble;
import dev.loupe.models.xgboost.XGBoostModelReader;
import dev.loupe.testkit.xgboost.XGBoostVersionFixtures;
import dev.loupe.testkit.xgboost.XGBoostVersionFixtures.Case;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Path-dependent TreeSHAP on the models written by real XGBoost releases (1.6.2 to 3.4.0, JSON and
 * UBJSON) in {@code loupe-models/src/test/resources/xgboost-versions/}, read by
 * {@link XGBoostModelReader}.
 *
 * <p>Expected values: {@code Booster.predictContrib(d, 0)} (features and bias, bias last) that the
 * XGBoost4J release that wrote each file computed on the same 50 held-out rows with ~5% NaN, stored
 * in {@code <model>.expected.json} by {@code loupe-models/src/test/fixtures-generator}. Tolerance:
 * {@value #TOL} absolute per value (XGBoost computes in float32, Loupe in double, on the same float
 * leaf values and covers).
 */
class TreeShapXGBoostVersionsTest {
  private static final double TOL = 1e-5;

  @TestFactory
  Stream<DynamicTest> shapValuesEqualPredictContribOfTheXGBoostThatWroteTheFile() {
    return XGBoostVersionFixtures.all().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
  }

  private static void check(Case c) {
    TreeEnsemble model = XGBoostModelReader.read(c.file());
    assertEquals(c.features(), model.schema().size(), c.name() + " features");
    int m = c.features();
    double[] shap = new double[c.rows() * c.outputs() * (m + 1)];
    TreeShap.pathDependent(model).shapValues(c.x(), c.rows(), shap);
    Agreement.check(c.name() + " SHAP", c.contribs(), shap, TOL, c.rows(), c.outputs(), m + 1);
  }
}
