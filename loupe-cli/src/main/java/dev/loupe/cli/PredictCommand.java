package dev.loupe.cli;

import dev.loupe.core.TreeEnsemble;
import dev.loupe.io.csv.AttributionCsv;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code loupe predict}: the model's predictions for every row of a CSV file. */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = {"Predict every row of a CSV file.",
        "Writes CSV: row,<output 1>,... with probabilities for classifiers (the positive class of a binary"
            + " model, one column per class otherwise), values for regression, or raw margins with --raw."})
final class PredictCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ModelAndData input;

  @Option(names = "--raw", description = "Write raw margins (log-odds, logits) instead of probabilities or values.")
  boolean raw;

  @Option(names = "--out", paramLabel = "FILE", description = "Write to this file instead of standard output.")
  Path out;

  @Override
  public Integer call() {
    Inputs inputs = Inputs.load(input.model);
    Inputs.Data d = input.read(inputs);
    TreeEnsemble m = inputs.model;
    int n = d.frame().rows();
    int k = m.output().size();
    double[] x = d.rowMajor();
    double[] y = new double[n * k];
    if (raw) {
      m.predict(x, n, y);
    } else {
      m.predictResponse(x, n, y);
    }
    Destination.write(out, spec.commandLine().getOut(), w -> {
      StringBuilder line = new StringBuilder("row");
      for (String name : m.output().names()) {
        line.append(',').append(AttributionCsv.field(name));
      }
      w.write(line.append('\n').toString());
      for (int i = 0; i < n; i++) {
        line.setLength(0);
        line.append(i);
        for (int o = 0; o < k; o++) {
          line.append(',').append(Double.toString(y[i * k + o]));
        }
        w.write(line.append('\n').toString());
      }
    });
    return 0;
  }
}
