package dev.loupe.cli;

import dev.loupe.core.AnchorExplanation;
import dev.loupe.core.Link;
import dev.loupe.explainers.anchors.AnchorOptions;
import dev.loupe.explainers.anchors.Anchors;
import dev.loupe.io.json.AnchorJson;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code loupe anchor}: the anchor (a high-precision rule) of one row's predicted class. */
@Command(name = "anchor", mixinStandardHelpOptions = true,
    description = {"Explain one row's predicted class with an anchor: a rule on the row's own (binned) feature values"
        + " under which the model predicts the same class with high precision (Ribeiro et al. 2018).",
        "Prints e.g.: IF age > 37.00 AND relationship = Husband THEN predict 1 (precision 0.97, coverage 0.21,"
            + " 4,512 model calls). With --out: the versioned loupe.anchor JSON document.",
        "Numeric features are binned at the quartiles of the training data; perturbations and coverage come from"
            + " it too. The training data is the --data file unless --background is given."})
final class AnchorCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ModelAndData input;

  @Option(names = "--row", required = true, paramLabel = "ROW", description = "The row of --data to explain, 0-based.")
  int row;

  @Option(names = "--threshold", paramLabel = "P", defaultValue = "0.95",
      description = "Precision the anchor must reach, with 95%% confidence (default 0.95).")
  double threshold;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Random seed (default 0).")
  long seed;

  @Option(names = "--background", paramLabel = "CSV",
      description = "Training data for the bins, the perturbations and the coverage (default: the --data file).")
  Path background;

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores); results do not depend on it.")
  Integer threads;

  @Option(names = "--out", paramLabel = "FILE", description = "Also write the anchor as JSON to this file.")
  Path out;

  @Override
  public Integer call() {
    if (!(threshold > 0 && threshold <= 1)) {
      throw CliException.usage("--threshold must be in (0, 1], was " + threshold);
    }
    if (row < 0) {
      throw CliException.usage("--row must be >= 0 (rows are numbered from 0), was " + row);
    }
    if (threads != null && threads < 1) {
      throw CliException.usage("--threads must be >= 1, was " + threads);
    }
    Destination.check(out);
    Inputs inputs = Inputs.load(input.model);
    if (inputs.model.link() == Link.IDENTITY || inputs.model.link() == Link.EXP) {
      throw CliException.data(input.model + " is a regression model (it predicts values, not classes), and anchors"
          + " explain a predicted class; explain a regression with 'loupe explain' (SHAP or --method lime)");
    }
    Inputs.Data d = input.read(inputs);
    if (row >= d.frame().rows()) {
      throw CliException.usage("--row " + row + " out of range; " + input.data + " has "
          + (d.frame().rows() == 0 ? "no rows" : d.frame().rows() + " rows (0-" + (d.frame().rows() - 1) + ")"));
    }
    Inputs.Data training = background == null ? d
        : inputs.frame(Inputs.CsvSource.of(background), background.toString(), input.target, true);
    AnchorOptions.Builder options = AnchorOptions.builder().threshold(threshold).seed(seed);
    if (threads != null) {
      options.threads(threads);
    }
    AnchorExplanation anchor;
    try {
      anchor = Anchors.of(inputs.model, training.frame(), options.build()).explain(d.frame(), row);
    } catch (IllegalArgumentException e) {
      throw CliException.data(e.getMessage());
    }
    spec.commandLine().getOut().println(anchor.text());
    spec.commandLine().getOut().flush();
    if (out != null) {
      Destination.write(out, spec.commandLine().getOut(), w -> AnchorJson.write(List.of(anchor), w));
    }
    return 0;
  }
}
