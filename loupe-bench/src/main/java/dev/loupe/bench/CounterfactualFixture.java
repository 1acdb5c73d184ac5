package dev.loupe.bench;

import dev.loupe.core.Frame;
import dev.loupe.core.TreeEnsemble;
import dev.loupe.explainers.counterfactual.CounterfactualOptions;
import dev.loupe.io.csv.Table;
import dev.loupe.models.ModelReaders;
import dev.loupe.testkit.Datasets;
import dev.loupe.testkit.xgboost.XGBoostReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;

/**
 * The counterfactual acceptance setting: German credit (data/german_credit), rows shuffled with
 * seed 5, XGBoost4J 3.4 {@code binary:logistic} (label 1 = bad credit; 100 rounds, depth 4, eta
 * 0.3, native categorical splits, one thread, seed 0) trained on the first 500 rows, read back by
 * {@link ModelReaders}; the refused applicants are the first 100 held-out rows (of 500) with margin
 * &gt; 0 (probability of bad &gt; 0.5), whose desired class is 0.
 */
final class CounterfactualFixture {
  static final int TRAIN = 500;
  static final int REFUSED = 100;

  final Booster booster;
  final TreeEnsemble model;
  final Frame train;
  final Frame heldOut;
  final int[] refused;

  CounterfactualFixture() {
    Table t = Datasets.germanCredit();
    int bad = t.targetFeature().levels().indexOf("bad");
    double[] y = t.target();
    for (int i = 0; i < y.length; i++) {
      y[i] = y[i] == bad ? 1 : 0;
    }
    int[] rows = Datasets.sample(t.rows(), t.rows(), 5);
    Frame all = t.features().select(rows);
    train = all.slice(0, TRAIN);
    heldOut = all.slice(TRAIN, t.rows());
    booster = XGBoostReference.train(train, Datasets.pick(y, Arrays.copyOf(rows, TRAIN)),
        Map.of("objective", "binary:logistic", "max_depth", 4, "eta", 0.3, "max_cat_to_onehot", 1), 100);
    try {
      Path file = Files.createTempFile("german-credit", ".json");
      XGBoostReference.save(booster, file);
      model = ModelReaders.read(file);
      Files.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    double[] margin = model.predict(heldOut);
    List<Integer> r = new ArrayList<>();
    for (int i = 0; i < margin.length && r.size() < REFUSED; i++) {
      if (margin[i] > 0) {
        r.add(i);
      }
    }
    refused = r.stream().mapToInt(Integer::intValue).toArray();
  }

  /** No constraints. */
  static CounterfactualOptions free() {
    return CounterfactualOptions.builder().desiredClass(0).count(5).seed(1).build();
  }

  /** Protected attributes immutable, duration at most 48 months, credit amount may only decrease. */
  static CounterfactualOptions constrained() {
    return CounterfactualOptions.builder().desiredClass(0).count(5).seed(1)
        .immutable("personal_status", "age", "foreign_worker").range("duration", 4, 48).decreaseOnly("credit_amount")
        .build();
  }
}
