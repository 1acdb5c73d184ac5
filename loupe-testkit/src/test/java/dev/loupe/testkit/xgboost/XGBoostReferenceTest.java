package dev.loupe.testkit.xgboost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.Feature;
import dev.loupe.core.Frame;
import dev.loupe.core.Schema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import ml.dmlc.xgboost4j.java.Booster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shapes and the additivity of XGBoostReference's outputs. Expected values: the SHAP efficiency
 * property (contributions of a row, bias included, sum to its margin) and the interaction property
 * (each row of the interaction matrix sums to that feature's contribution), both as computed by
 * XGBoost itself; tolerance 1e-4 absolute (float sums over 4 features and 20 trees of a margin of
 * order 1).
 */
class XGBoostReferenceTest {
  @TempDir Path dir;

  @Test
  void marginsContributionsAndInteractionsAddUp() throws Exception {
    int n = 200;
    int m = 3;
    Random r = new Random(11);
    double[][] cols = new double[m][n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      cols[0][i] = r.nextGaussian();
      cols[1][i] = i % 10 == 0 ? Double.NaN : r.nextGaussian();
      cols[2][i] = r.nextInt(3);
      y[i] = (cols[2][i] + r.nextInt(2)) % 3;
    }
    Frame x = Frame.of(new Schema(List.of(Feature.numeric("a"), Feature.numeric("b"), Feature.categorical("c"))), cols);
    int k = 3;
    Booster b = XGBoostReference.train(x, y, Map.of("objective", "multi:softprob", "num_class", k, "max_depth", 3), 20);
    double[] margins = XGBoostReference.margins(b, x);
    double[] phi = XGBoostReference.contributions(b, x);
    double[] inter = XGBoostReference.interactions(b, x);
    assertEquals(n * k, margins.length);
    assertEquals(n * k * (m + 1), phi.length);
    assertEquals(n * k * (m + 1) * (m + 1), inter.length);
    double[] probs = XGBoostReference.responses(b, x);
    for (int i = 0; i < n; i++) {
      double total = 0;
      for (int o = 0; o < k; o++) {
        total += probs[i * k + o];
        double sum = 0;
        for (int j = 0; j <= m; j++) {
          double phiJ = phi[(i * k + o) * (m + 1) + j];
          sum += phiJ;
          double rowSum = 0;
          for (int l = 0; l <= m; l++) {
            rowSum += inter[((i * k + o) * (m + 1) + j) * (m + 1) + l];
          }
          assertEquals(phiJ, rowSum, 1e-4, "row " + i + " output " + o + " feature " + j);
        }
        assertEquals(margins[i * k + o], sum, 1e-4, "row " + i + " output " + o);
      }
      assertEquals(1.0, total, 1e-5);
    }
    XGBoostReference.save(b, dir.resolve("m.json"));
    XGBoostReference.save(b, dir.resolve("m.ubj"));
    assertEquals('"', Files.readAllBytes(dir.resolve("m.json"))[1]);
    assertTrue(Files.readAllBytes(dir.resolve("m.ubj"))[1] != '"');
  }
}
