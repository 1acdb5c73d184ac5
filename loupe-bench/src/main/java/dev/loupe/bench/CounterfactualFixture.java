package dev.loupe.bench;

import dev.loupe.core.Frame;
import dev.loupe.core.TreeEnsemble;
import dev.loupe.explainers.counterfactual.CounterfactualOptions;
import dev.loupe.models.ModelReaders;
import dev.loupe.testkit.xgboost.GermanCreditXGBoost;
import dev.loupe.testkit.xgboost.XGBoostReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    GermanCreditXGBoost credit = GermanCreditXGBoost.train(TRAIN, 100);
    train = credit.train();
    heldOut = credit.heldOut();
    booster = credit.booster();
    try {
      Path file = Files.createTempFile("german-credit", ".json");
      XGBoostReference.save(booster, file);
      model = ModelReaders.read(file);
      Files.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    refused = GermanCreditXGBoost.refused(model.predict(heldOut), REFUSED);
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
