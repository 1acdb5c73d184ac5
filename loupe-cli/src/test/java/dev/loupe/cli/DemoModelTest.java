package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loupe.core.TreeEnsemble;
import dev.loupe.models.ModelReaders;
import java.io.ByteArrayInputStream;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;

/**
 * The bundled demo model, read by Loupe, predicts what XGBoost itself predicts on the bundled data.
 * Reference: XGBoost4J's {@code Booster.predict(dmatrix, outputMargin = true)} on the model loaded
 * with {@code XGBoost.loadModel}.
 */
class DemoModelTest {
  /** XGBoost adds 100 float32 leaf values per row; Loupe adds them in double. */
  private static final double TOLERANCE = 1e-5;

  @Test
  void loupeMarginsEqualXGBoostMargins() throws Exception {
    Booster booster = XGBoost.loadModel(new ByteArrayInputStream(DemoCommand.resource(DemoCommand.MODEL)));
    TreeEnsemble model = ModelReaders.read(DemoCommand.resource(DemoCommand.MODEL), "demo");
    Inputs inputs = Inputs.of(model, DemoCommand.MODEL, DemoCommand.text(DemoCommand.LEVELS), DemoCommand.LEVELS);
    Inputs.Data data = inputs.frame(Inputs.CsvSource.of(DemoCommand.text(DemoCommand.DATA), "demo"), "demo", "class",
        false);
    assertEquals(1000, data.frame().rows());
    DMatrix d = DemoModelGenerator.matrix(data.frame(), null);
    float[][] expected = booster.predict(d, true);
    double[] actual = model.predict(data.frame());
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < actual.length; i++) {
      int row = i;
      assertEquals(expected[i][0], actual[i], TOLERANCE, () -> "margin of row " + row);
    }
  }
}
