package dev.loupe.bench;

import dev.loupe.core.Frame;
import dev.loupe.core.TreeEnsemble;
import dev.loupe.io.csv.Table;
import dev.loupe.models.ModelReaders;
import dev.loupe.testkit.Datasets;
import dev.loupe.testkit.xgboost.XGBoostReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;

/**
 * Adult split for the anchors measurements: {@value #TRAIN} training rows (the model's and the
 * anchors' data), {@value #EXPLAINED} explained rows, and every other row held out; an XGBoost4J
 * model (binary:logistic, depth 5, 50 rounds, native categorical splits, one thread, seed 0)
 * trained on the training rows, saved as JSON and read back by Loupe. Rows are a seeded permutation
 * (seed 2018), so the split is the same on every run.
 */
final class AdultAnchorsFixture {
  static final int TRAIN = 10_000;
  static final int EXPLAINED = 100;

  final Frame train;
  final Frame explained;
  final Frame heldOut;
  final TreeEnsemble model;

  AdultAnchorsFixture() {
    Table t = Datasets.adult();
    int[] rows = Datasets.sample(t.rows(), t.rows(), 2018);
    Frame all = t.features().select(rows);
    train = all.slice(0, TRAIN);
    explained = all.slice(TRAIN, TRAIN + EXPLAINED);
    heldOut = all.slice(TRAIN + EXPLAINED, all.rows());
    double[] y = Datasets.pick(t.target(), Arrays.copyOf(rows, TRAIN));
    Booster booster = XGBoostReference.train(train, y, Map.of("objective", "binary:logistic", "max_depth", 5,
        "eta", 0.3, "max_cat_to_onehot", 1, "nthread", 1, "seed", 0), 50);
    try {
      Path file = Files.createTempFile("adult-anchors", ".json");
      XGBoostReference.save(booster, file);
      model = ModelReaders.read(file);
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      booster.dispose();
    }
  }
}
