package dev.loupe.testkit.xgboost;

import dev.loupe.core.Frame;
import dev.loupe.io.csv.Table;
import dev.loupe.testkit.Datasets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;

/**
 * An XGBoost4J classifier of bad credit on Statlog German credit ({@link Datasets#germanCredit}),
 * as the counterfactual tests and benchmarks use it: rows shuffled with seed 5 ({@link
 * Datasets#sample}), the first {@code trainRows} for training, the rest held out; label 1 = bad
 * credit; {@code binary:logistic}, depth 4, eta 0.3, native categorical splits
 * ({@code max_cat_to_onehot = 1}), one thread, seed 0 (the {@link XGBoostReference#train} defaults).
 *
 * @param train the training rows (features only)
 * @param heldOut the other rows, in shuffled order
 * @param booster the trained booster
 */
public record GermanCreditXGBoost(Frame train, Frame heldOut, Booster booster) {

  /** Trains {@code rounds} rounds on the first {@code trainRows} shuffled rows. */
  public static GermanCreditXGBoost train(int trainRows, int rounds) {
    Table t = Datasets.germanCredit();
    int bad = t.targetFeature().levels().indexOf("bad");
    double[] y = t.target();
    for (int i = 0; i < y.length; i++) {
      y[i] = y[i] == bad ? 1 : 0;
    }
    int[] rows = Datasets.sample(t.rows(), t.rows(), 5);
    Frame all = t.features().select(rows);
    Frame train = all.slice(0, trainRows);
    Frame heldOut = all.slice(trainRows, t.rows());
    Booster booster = XGBoostReference.train(train, Datasets.pick(y, Arrays.copyOf(rows, trainRows)),
        Map.of("objective", "binary:logistic", "max_depth", 4, "eta", 0.3, "max_cat_to_onehot", 1), rounds);
    return new GermanCreditXGBoost(train, heldOut, booster);
  }

  /**
   * The first {@code most} indices whose margin is above 0 (probability of bad credit above 0.5):
   * the refused applicants, in order.
   */
  public static int[] refused(double[] margins, int most) {
    List<Integer> r = new ArrayList<>();
    for (int i = 0; i < margins.length && r.size() < most; i++) {
      if (margins[i] > 0) {
        r.add(i);
      }
    }
    return r.stream().mapToInt(Integer::intValue).toArray();
  }
}
