package dev.loupe.bench;

import dev.loupe.core.Attributions;
import dev.loupe.core.Frame;
import dev.loupe.core.Seed;
import dev.loupe.core.TreeEnsemble;
import dev.loupe.explainers.shapley.Background;
import dev.loupe.explainers.shapley.PermutationShap;
import dev.loupe.explainers.tree.TreeShap;
import dev.loupe.io.csv.Table;
import dev.loupe.models.ModelReaders;
import dev.loupe.testkit.Datasets;
import dev.loupe.testkit.xgboost.XGBoostReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;

/**
 * How far to trust permutation SHAP's values and standard errors: on an XGBoost4J model of credit
 * default (23 features), permutation SHAP of held-out rows against the exact interventional Shapley
 * values from interventional TreeSHAP with the same background. Prints, per coalition budget and
 * seed: the coverage of the reported 95% intervals ({@code |φ̂ − φ| <= 1.96 SE}, plus 1e-9 for
 * values whose pair estimates are all equal), the mean and largest absolute error, the root mean
 * square of the errors over that of the standard errors (1 if the standard errors are honest), the
 * additivity error, the model rows predicted and the wall time (noisy on a shared machine).
 *
 * <p>Defaults are the setting: 100 background rows, 200 rows, 2,048 coalitions per row;
 * model: 100 rounds, max_depth 6, eta 0.1, trained on 10,000 rows (nthread 1, seed 0). Run from the
 * repository root (it reads {@code data/credit_default}):
 *
 * <pre>
 * mvn -o -q -pl loupe-bench -am package -DskipTests
 * java -cp loupe-bench/target/benchmarks.jar dev.loupe.bench.PermutationShapReport \
 *     [--rounds 100] [--depth 6] [--train 10000] [--background 100] [--rows 200] \
 *     [--coalitions 2048[,4096...]] [--seeds 1] [--threads N]
 * </pre>
 */
public final class PermutationShapReport {
  private PermutationShapReport() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> o = new HashMap<>(Map.of("rounds", "100", "depth", "6", "train", "10000", "background", "100",
        "rows", "200", "coalitions", "2048", "seeds", "1",
        "threads", Integer.toString(Runtime.getRuntime().availableProcessors())));
    for (int i = 0; i < args.length; i += 2) {
      String key = args[i].replaceFirst("^--", "");
      if (!o.containsKey(key) || i + 1 >= args.length) {
        throw new IllegalArgumentException("unknown option or missing value: " + args[i] + "; options: " + o.keySet());
      }
      o.put(key, args[i + 1]);
    }
    int rounds = Integer.parseInt(o.get("rounds"));
    int depth = Integer.parseInt(o.get("depth"));
    int trainRows = Integer.parseInt(o.get("train"));
    int backgroundRows = Integer.parseInt(o.get("background"));
    int rows = Integer.parseInt(o.get("rows"));
    int seeds = Integer.parseInt(o.get("seeds"));
    int threads = Integer.parseInt(o.get("threads"));
    int[] budgets = Arrays.stream(o.get("coalitions").split(",")).mapToInt(Integer::parseInt).toArray();

    Table t = Datasets.creditDefault();
    int[] sample = Datasets.sample(t.rows(), trainRows + rows, 21);
    Frame all = t.features().select(sample);
    Frame train = all.slice(0, trainRows);
    Frame test = all.slice(trainRows, trainRows + rows);
    Map<String, Object> params = new HashMap<>();
    params.put("objective", "binary:logistic");
    params.put("max_depth", depth);
    params.put("eta", 0.1);
    long start = System.nanoTime();
    Booster booster = XGBoostReference.train(train, Datasets.pick(t.target(), Arrays.copyOf(sample, trainRows)), params,
        rounds);
    Path file = Files.createTempFile("loupe-permutation-report", ".json");
    TreeEnsemble model;
    try {
      XGBoostReference.save(booster, file);
      model = ModelReaders.read(file);
    } finally {
      Files.deleteIfExists(file);
      booster.dispose();
    }
    System.out.printf(Locale.ROOT, "credit default: %d features; XGBoost %d rounds, depth %d, %d training rows (%.1f s)%n",
        model.schema().size(), rounds, depth, trainRows, (System.nanoTime() - start) / 1e9);
    Background background = Background.sample(train, backgroundRows, new Seed(5));
    Attributions exact = TreeShap.interventional(model, background.rows()).threads(threads).explain(test);
    System.out.printf(Locale.ROOT, "%d explained rows, %d background rows, %d threads; exact: interventional TreeSHAP%n%n",
        rows, backgroundRows, threads);
    System.out.println("| coalitions/row | permutations | seed | coverage 95% | mean abs err | max abs err | rms err / rms SE"
        + " | max additivity err | model rows | seconds |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|");
    int m = model.schema().size();
    for (int budget : budgets) {
      for (long seed = 1; seed <= seeds; seed++) {
        PermutationShap shap = PermutationShap.of(model, background).coalitions(budget).seed(seed).threads(threads);
        long t0 = System.nanoTime();
        Attributions a = shap.explain(test);
        double seconds = (System.nanoTime() - t0) / 1e9;
        int covered = 0;
        double sumAbs = 0;
        double maxAbs = 0;
        double sumSq = 0;
        double sumSe2 = 0;
        for (int i = 0; i < rows; i++) {
          for (int j = 0; j < m; j++) {
            double err = Math.abs(a.value(i, 0, j) - exact.value(i, 0, j));
            double se = a.standardError(i, 0, j);
            if (err <= 1.96 * se + 1e-9) {
              covered++;
            }
            sumAbs += err;
            maxAbs = Math.max(maxAbs, err);
            sumSq += err * err;
            sumSe2 += se * se;
          }
        }
        int n = rows * m;
        System.out.printf(Locale.ROOT, "| %d | %d | %d | %.4f | %.2e | %.2e | %.3f | %.1e | %,d | %.1f |%n",
            shap.coalitionsPerRow(), shap.permutations(), seed, covered / (double) n, sumAbs / n, maxAbs,
            Math.sqrt(sumSq / sumSe2), a.maxAdditivityError(), a.diagnostics().rowsPredicted(), seconds);
      }
    }
  }
}
