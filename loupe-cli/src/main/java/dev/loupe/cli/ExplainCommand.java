package dev.loupe.cli;

import dev.loupe.io.csv.AttributionCsv;
import dev.loupe.io.json.ExplanationJson;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code loupe explain}: TreeSHAP attributions (and interactions) of rows of a CSV file. */
@Command(name = "explain", mixinStandardHelpOptions = true,
    description = {"Explain predictions with exact TreeSHAP.",
        "Without --out or --format: a readable table per row (prediction, base value, top reasons).",
        "CSV: row,output,base_value,<feature 1>,... (values in the raw margin); with --interactions"
            + " row,output,feature,<feature 1>,... (one matrix row per line). JSON: the versioned"
            + " loupe.explanation document."})
final class ExplainCommand implements Callable<Integer> {
  static final String PATH_DEPENDENT = "tree-path-dependent";
  static final String INTERVENTIONAL = "tree-interventional";

  @Spec CommandSpec spec;

  @Mixin ModelAndData input;

  @Option(names = "--method", paramLabel = "METHOD", defaultValue = PATH_DEPENDENT,
      description = "tree-path-dependent (default; no background needed) or tree-interventional (needs --background).")
  String method;

  @Option(names = "--background", paramLabel = "CSV",
      description = "Background data for tree-interventional: the rows that 'feature absent' is averaged over.")
  Path background;

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
    if (!method.equals(PATH_DEPENDENT) && !method.equals(INTERVENTIONAL)) {
      throw CliException.usage("unknown --method '" + method + "'; use " + PATH_DEPENDENT + " or " + INTERVENTIONAL);
    }
    if (method.equals(INTERVENTIONAL) && background == null) {
      throw CliException.usage("--method " + INTERVENTIONAL + " needs --background <CSV>: the rows that"
          + " 'feature absent' is averaged over (e.g. a sample of the training data)");
    }
    if (method.equals(PATH_DEPENDENT) && background != null) {
      throw CliException.usage("--background is used only by --method " + INTERVENTIONAL
          + "; add --method " + INTERVENTIONAL + " or drop --background");
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

    Inputs inputs = Inputs.load(input.model);
    Inputs.Data d = input.read(inputs);
    int[] chosen = selection == null ? all(d.frame().rows()) : selection.resolve(d.frame().rows(), input.data.toString());
    Inputs.Data bg = background == null ? null
        : inputs.frame(Inputs.CsvSource.of(background), background.toString(), input.target, true);
    Explanations.Result r = Explanations.explain(inputs.model, d, chosen, bg, threads, interactions);
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
