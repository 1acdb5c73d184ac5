package dev.loupe.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.Seed;
import java.util.HashMap;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The native interaction call reached through {@link XGBoostInteractions} answers what XGBoost
 * documents for interaction contributions: {@code n x (m+1) x (m+1)} values, symmetric, and each
 * row of a block sums to that feature's {@code predictContrib} value (the reference: XGBoost4J's
 * public {@code predictContrib} on the same rows). Tolerance 1e-4: both sides are float32 sums over
 * 30 trees.
 */
class XGBoostInteractionsTest {
  static final int M = SyntheticData.FEATURES;
  static final int N = 64;
  static Booster booster;

  @BeforeAll
  static void train() throws XGBoostError {
    Seed seed = new Seed(7);
    int rows = 2_000;
    DMatrix train = new DMatrix(SyntheticData.toFloat(SyntheticData.rows(seed, SyntheticData.TRAIN, rows)),
        rows, M, Float.NaN);
    train.setLabel(SyntheticData.labels(seed, SyntheticData.TRAIN, rows));
    Map<String, Object> p = new HashMap<>();
    p.put("objective", "binary:logistic");
    p.put("max_depth", 4);
    p.put("eta", 0.3);
    p.put("nthread", 1);
    p.put("seed", 7);
    booster = XGBoost.train(train, p, 30, new HashMap<>(), null, null);
    train.dispose();
  }

  @AfterAll
  static void dispose() {
    booster.dispose();
  }

  private static DMatrix explained() throws XGBoostError {
    double[] x = SyntheticData.rows(new Seed(7), SyntheticData.EXPLAIN, N);
    return new DMatrix(SyntheticData.toFloat(x), N, M, Float.NaN);
  }

  @Test
  void interactionRowsSumToContributions() throws XGBoostError {
    DMatrix d1 = explained();
    DMatrix d2 = explained();
    float[] inter = XGBoostInteractions.predict(booster, d1);
    float[][] contrib = booster.predictContrib(d2, 0);
    d1.dispose();
    d2.dispose();

    int w = M + 1;
    assertEquals(N * w * w, inter.length, "n x (m+1) x (m+1) values");
    double worst = 0;
    double worstAsym = 0;
    double offDiagonal = 0;
    for (int i = 0; i < N; i++) {
      for (int a = 0; a < w; a++) {
        double sum = 0;
        for (int b = 0; b < w; b++) {
          float v = inter[(i * w + a) * w + b];
          sum += v;
          worstAsym = Math.max(worstAsym, Math.abs(v - inter[(i * w + b) * w + a]));
          if (a != b) {
            offDiagonal = Math.max(offDiagonal, Math.abs(v));
          }
        }
        worst = Math.max(worst, Math.abs(sum - contrib[i][a]));
      }
    }
    assertTrue(worst <= 1e-4, "max |row sum - predictContrib| = " + worst);
    assertTrue(worstAsym <= 1e-5, "interaction matrix not symmetric: max |phi_ab - phi_ba| = " + worstAsym);
    assertTrue(offDiagonal > 1e-3, "no interaction at all: the call may have returned plain contributions");
  }

  @Test
  void disposedBoosterIsRefusedNotCrashed() throws Exception {
    Booster b = XGBoost.loadModel(booster.toByteArray("json"));
    b.dispose();
    DMatrix d = explained();
    try {
      IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
          () -> XGBoostInteractions.predict(b, d));
      assertTrue(e.getMessage().contains("disposed"), e.getMessage());
    } finally {
      d.dispose();
    }
  }
}
