package dev.loupe.cli;

import dev.loupe.io.csv.AttributionCsv;
import dev.loupe.io.json.ExplanationJson;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code loupe explain}: attributions of rows of a CSV file by TreeSHAP (and interactions), exact
 * Shapley values, KernelSHAP, permutation SHAP or LIME.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
    description = {"Explain predictions: exact TreeSHAP, or Shapley values of the model as a black box"
        + " (exact, kernel, permutation) against a background, or LIME.",
        "Without --out or --format: a readable table per row (prediction, base value, top reasons;"
            + " sampled methods add each value's 95%% interval, LIME its surrogate's weighted R²).",
        "CSV: row,output,base_value,<feature 1>,... (values in the model's raw margin); with --interactions"
            + " row,output,feature,<feature 1>,... (one matrix row per line). JSON: the versioned"
            + " loupe.explanation document, with standard errors, surrogate fit and model calls."})
final class ExplainCommand implements Callable<Integer> {
  static final String PATH_DEPENDENT = "tree-path-dependent";
  static final String INTERVENTIONAL = "tree-interventional";
  static final String EXACT = "exact";
  static final String KERNEL = "kernel";
  static final String PERMUTATION = "permutation";
  static final String LIME = "lime";
  static final List<String> METHODS = List.of(PATH_DEPENDENT, INTERVENTIONAL, EXACT, KERNEL, PERMUTATION, LIME);
  private static final List<String> SAMPLED = List.of(KERNEL, PERMUTATION, LIME);
  private static final List<String> AGNOSTIC = List.of(EXACT, KERNEL, PERMUTATION, LIME);

  @Spec CommandSpec spec;

  @Mixin ModelAndData input;

  @Option(names = "--method", paramLabel = "METHOD", defaultValue = PATH_DEPENDENT,
      description = {"tree-path-dependent (default; no background needed), tree-interventional (needs --background),",
          "exact (every coalition; up to 20 features), kernel (KernelSHAP), permutation (permutation SHAP),"
              + " or lime (a sparse local linear surrogate)."})
  String method;

  @Option(names = "--background", paramLabel = "CSV",
      description = {"Background data: the rows that 'feature absent' is averaged over (tree-interventional, exact,"
          + " kernel, permutation), or LIME's training data.",
          "Default for exact, kernel, permutation and lime: the --data file."})
  Path background;

  @Option(names = "--background-size", paramLabel = "N", defaultValue = "100",
      description = "exact, kernel, permutation: use a random sample of N background rows (default 100) when the"
          + " background has more; each row costs one model evaluation per coalition.")
  int backgroundSize;

  @Option(names = "--background-kmeans", paramLabel = "K",
      description = "exact, kernel, permutation: summarise the background by K weighted k-means centres (as"
          + " shap.kmeans) instead of a random sample; fewer rows per coalition, each weighted by its cluster's size.")
  Integer backgroundKmeans;

  @Option(names = "--samples", paramLabel = "N",
      description = "kernel and permutation: coalitions per row (default: kernel 2M+2048, permutation 20"
          + " orderings); lime: perturbed samples per row (default 5000).")
  Integer samples;

  @Option(names = "--seed", paramLabel = "S",
      description = "Random seed of kernel, permutation and lime, and of the background sample (default 0);"
          + " the same seed gives the same values whatever --threads.")
  Long seed;

  @Option(names = "--interactions", description = "SHAP interaction values (tree-path-dependent only).")
  boolean interactions;

  @Option(names = "--rows", paramLabel = "ROWS",
      description = "Rows to explain, 0-based: 5, 0-99 or 1,4,10-12 (default: all).")
  String rows;

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores); results do not depend on it.")
  Integer threads;

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "csv or json (default: from the --out file's extension, else a readable table).")
  String format;

  @Option(names = "--out", paramLabel = "FILE", description = "Write to this file instead of standard output.")
  Path out;

  @Option(names = "--top", paramLabel = "K", defaultValue = "5", description = "Reasons per row in the table (default 5).")
  int top;

  @Override
  public Integer call() {
    // Check the whole command line before reading any file.
    if (!METHODS.contains(method)) {
      throw CliException.usage("unknown --method '" + method + "'; use one of " + String.join(", ", METHODS));
    }
    if (samples != null && !SAMPLED.contains(method)) {
      throw CliException.usage("--samples is used only by --method kernel, permutation or lime");
    }
    if (samples != null && samples < 1) {
      throw CliException.usage("--samples must be >= 1, was " + samples);
    }
    if (seed != null && !AGNOSTIC.contains(method)) {
      throw CliException.usage("--seed is used only by --method exact, kernel, permutation or lime; "
          + method + " is deterministic");
    }
    if (backgroundKmeans != null && (backgroundKmeans < 1 || !List.of(EXACT, KERNEL, PERMUTATION).contains(method))) {
      throw CliException.usage(backgroundKmeans < 1 ? "--background-kmeans must be >= 1, was " + backgroundKmeans
          : "--background-kmeans is used only by --method exact, kernel or permutation");
    }
    if (backgroundSize < 1) {
      throw CliException.usage("--background-size must be >= 1, was " + backgroundSize);
    }
    if (method.equals(INTERVENTIONAL) && background == null) {
      throw CliException.usage("--method " + INTERVENTIONAL + " needs --background <CSV>: the rows that"
          + " 'feature absent' is averaged over (e.g. a sample of the training data)");
    }
    if (method.equals(PATH_DEPENDENT) && background != null) {
      throw CliException.usage("--background is not used by --method " + PATH_DEPENDENT + " (it follows the"
          + " trees' own cover); add --method " + INTERVENTIONAL + " (or exact, kernel, permutation) or drop --background");
    }
    if (interactions && !method.equals(PATH_DEPENDENT)) {
      throw CliException.usage("--interactions needs --method " + PATH_DEPENDENT);
    }
    if (threads != null && threads < 1) {
      throw CliException.usage("--threads must be >= 1, was " + threads);
    }
    if (top < 1) {
      throw CliException.usage("--top must be >= 1, was " + top);
    }
    String fmt = format(format, out);
    RowSelection selection = rows == null ? null : RowSelection.parse(rows);

    Destination.check(out);
    Inputs inputs = Inputs.load(input.model);
    Inputs.Data d = input.read(inputs);
    int[] chosen = selection == null ? all(d.frame().rows()) : selection.resolve(d.frame().rows(), input.data.toString());
    Inputs.Data bg = background == null ? null
        : inputs.frame(Inputs.CsvSource.of(background), background.toString(), input.target, true);
    Explanations.Result r = AGNOSTIC.contains(method)
        ? Explanations.explainAgnostic(method, inputs.model, d, chosen, bg, new Explanations.Sampling(samples,
            seed == null ? 0 : seed, backgroundSize, backgroundKmeans), threads, spec.commandLine().getErr())
        : Explanations.explain(inputs.model, d, chosen, bg, threads, interactions);
    switch (fmt) {
      case "table" -> Explanations.printTable(spec.commandLine().getOut(), r, inputs.model, d, top);
      case "csv" -> Destination.write(out, spec.commandLine().getOut(), w -> {
        if (interactions) {
          AttributionCsv.write(r.interactions(), w);
        } else {
          AttributionCsv.write(r.attributions(), w);
        }
      });
      default -> Destination.write(out, spec.commandLine().getOut(),
          w -> ExplanationJson.write(r.attributions(), r.interactions(), w));
    }
    return 0;
  }

  static String format(String format, Path out) {
    if (format != null) {
      String f = format.toLowerCase(Locale.ROOT);
      if (!f.equals("csv") && !f.equals("json")) {
        throw CliException.usage("unknown --format '" + format + "'; use csv or json");
      }
      return f;
    }
    if (out == null) {
      return "table";
    }
    return out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json") ? "json" : "csv";
  }

  static int[] all(int n) {
    int[] r = new int[n];
    for (int i = 0; i < n; i++) {
      r[i] = i;
    }
    return r;
  }
}
