package dev.loupe.cli;

import dev.loupe.core.Counterfactual;
import dev.loupe.core.Counterfactuals;
import dev.loupe.core.Link;
import dev.loupe.core.TreeEnsemble;
import dev.loupe.explainers.counterfactual.CounterfactualOptions;
import dev.loupe.explainers.counterfactual.CounterfactualSearch;
import dev.loupe.io.json.CounterfactualJson;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code loupe counterfactual}: diverse counterfactuals of one row under constraints. */
@Command(name = "counterfactual", mixinStandardHelpOptions = true,
    description = {"What would have to change for the model to decide otherwise? Finds up to --count diverse,"
        + " close and sparse changes of one row that the model predicts as --desired, under constraints.",
        "Uses the trees' split intervals; proves when no counterfactual exists under the constraints (status"
            + " NONE_EXISTS with the reason), else says NONE_FOUND (not proven) with what was searched.",
        "Proximity: L1 distance, numeric features scaled by their median absolute deviation in the training"
            + " data (default: the --data file), each changed category counting 1.",
        "Without --out: a readable table. With --out F.json: the versioned loupe.counterfactuals document."})
final class CounterfactualCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ModelAndData input;

  @Option(names = "--row", required = true, paramLabel = "ROW", description = "The row to explain, 0-based.")
  int row;

  @Option(names = "--desired", paramLabel = "CLASS",
      description = "The desired class: 1 (probability > 0.5, margin > 0) or 0 for a binary model; the output name"
          + " or index for a multiclass model. Give this or --desired-range.")
  String desired;

  @Option(names = "--desired-range", paramLabel = "LO:HI",
      description = "A desired prediction range for a regression (or single-output) model, in the units"
          + " 'loupe predict' prints, e.g. 200000:250000 or 0.7: (open end).")
  String desiredRange;

  @Option(names = "--count", paramLabel = "K", defaultValue = "5", description = "Counterfactuals to find (default 5).")
  int count;

  @Option(names = "--immutable", split = ",", paramLabel = "F", description = "Features that must not change: sex,age.")
  List<String> immutable = new ArrayList<>();

  @Option(names = "--range", paramLabel = "F=LO:HI",
      description = "A numeric feature may change only to values in [LO, HI] (either end may be empty); repeatable.")
  List<String> ranges = new ArrayList<>();

  @Option(names = "--categories", paramLabel = "F=A|B",
      description = "A categorical feature may change only to these levels, separated by |; repeatable.")
  List<String> categories = new ArrayList<>();

  @Option(names = "--increase-only", split = ",", paramLabel = "F",
      description = "Numeric features that may only increase.")
  List<String> increaseOnly = new ArrayList<>();

  @Option(names = "--decrease-only", split = ",", paramLabel = "F",
      description = "Numeric features that may only decrease.")
  List<String> decreaseOnly = new ArrayList<>();

  @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Random seed (default 0).")
  long seed;

  @Option(names = "--max-rows", paramLabel = "N", defaultValue = "100000",
      description = "Search budget: rows the model may predict (default 100000).")
  long maxRows;

  @Option(names = {"--training", "--background"}, paramLabel = "CSV",
      description = "Training data for the MAD scales and candidate values (default: the --data file); --background"
          + " is the same option, as in explain and anchor.")
  Path training;

  @Option(names = "--out", paramLabel = "FILE", description = "Write the JSON document to this file.")
  Path out;

  @Override
  public Integer call() {
    if (row < 0) {
      throw CliException.usage("--row must be >= 0, was " + row);
    }
    if (count < 1) {
      throw CliException.usage("--count must be >= 1, was " + count);
    }
    if (maxRows < 1) {
      throw CliException.usage("--max-rows must be >= 1, was " + maxRows);
    }
    CounterfactualOptions.Builder b = CounterfactualOptions.builder().count(count).seed(seed).maxModelRows(maxRows);
    try {
      b.immutable(immutable.toArray(new String[0]));
      for (String r : ranges) {
        String[] fr = split(r, "--range", "F=LO:HI, e.g. duration=6:24");
        int colon = fr[1].indexOf(':');
        if (colon < 0) {
          throw CliException.usage("--range '" + r + "' needs LO:HI, e.g. duration=6:24 (or duration=:24)");
        }
        b.range(fr[0], bound(fr[1].substring(0, colon), Double.NEGATIVE_INFINITY, r),
            bound(fr[1].substring(colon + 1), Double.POSITIVE_INFINITY, r));
      }
      for (String c : categories) {
        String[] fc = split(c, "--categories", "F=A|B, e.g. purpose=new car|used car");
        b.categories(fc[0], Arrays.asList(fc[1].split("\\|")));
      }
      b.increaseOnly(increaseOnly.toArray(new String[0]));
      b.decreaseOnly(decreaseOnly.toArray(new String[0]));
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }

    Destination.check(out);
    Inputs inputs = Inputs.load(input.model);
    TreeEnsemble model = inputs.model;
    desired(b, model);
    Inputs.Data d = input.read(inputs);
    if (row >= d.frame().rows()) {
      throw CliException.usage("--row " + row + " out of range: " + input.data + " has " + d.frame().rows()
          + " rows (0-" + (d.frame().rows() - 1) + ")");
    }
    Inputs.Data t = training == null ? d
        : inputs.frame(Inputs.CsvSource.of(training), training.toString(), input.target, true);
    CounterfactualSearch search;
    try {
      search = CounterfactualSearch.of(model, t.frame(), b.build());
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
    Counterfactuals r = search.explain(d.frame(), row);
    if (out != null) {
      Destination.write(out, spec.commandLine().getOut(), w -> CounterfactualJson.write(List.of(r), w));
    }
    print(spec.commandLine().getOut(), r, model, desiredText(model));
    return 0;
  }

  private void desired(CounterfactualOptions.Builder b, TreeEnsemble model) {
    if ((desired == null) == (desiredRange == null)) {
      throw CliException.usage("give either --desired CLASS (a classifier) or --desired-range LO:HI (a prediction"
          + " range), not " + (desired == null ? "neither" : "both"));
    }
    if (desiredRange != null) {
      if (model.numOutputs() != 1) {
        throw CliException.usage("--desired-range needs a single-output model; this one has outputs "
            + String.join(", ", model.output().names()) + ": use --desired with one of them");
      }
      int colon = desiredRange.indexOf(':');
      if (colon < 0) {
        throw CliException.usage("--desired-range '" + desiredRange + "' needs LO:HI, e.g. 200000:250000 or 0.7:");
      }
      double lo = bound(desiredRange.substring(0, colon), Double.NEGATIVE_INFINITY, desiredRange);
      double hi = bound(desiredRange.substring(colon + 1), Double.POSITIVE_INFINITY, desiredRange);
      if (!(lo <= hi)) {
        throw CliException.usage("--desired-range '" + desiredRange + "': LO must not exceed HI");
      }
      // the search compares raw margins: map the printed (response) bounds through the inverse link
      b.desiredRange(toMargin(model.link(), lo, desiredRange), toMargin(model.link(), hi, desiredRange));
      return;
    }
    if (model.numOutputs() == 1 && (model.link() == Link.IDENTITY || model.link() == Link.EXP)) {
      throw CliException.usage("--desired '" + desired + "': " + input.model + " is a regression model (it predicts"
          + " values, not classes); give the prediction range you want instead, e.g. --desired-range 200000:250000");
    }
    if (model.numOutputs() == 1) {
      if (!desired.equals("0") && !desired.equals("1")) {
        throw CliException.usage("--desired '" + desired + "': a binary model's classes are 0 and 1"
            + " (1: output '" + model.output().name(0) + "' above 0.5 probability)");
      }
      b.desiredClass(Integer.parseInt(desired));
      return;
    }
    if (model.output().names().contains(desired)) {
      b.desiredClass(desired);
      return;
    }
    try {
      int c = Integer.parseInt(desired);
      if (c >= 0 && c < model.numOutputs()) {
        b.desiredClass(c);
        return;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw CliException.usage("--desired '" + desired + "' is not an output of the model; its outputs are: "
        + String.join(", ", model.output().names()));
  }

  /** The raw margin whose response under {@code link} is {@code value} (links are increasing). */
  static double toMargin(Link link, double value, String spec) {
    if (Double.isInfinite(value)) {
      return value;
    }
    return switch (link) {
      case IDENTITY -> value;
      case EXP -> {
        if (!(value > 0)) {
          throw CliException.usage("--desired-range '" + spec + "': this model predicts positive values (log link);"
              + " give bounds > 0");
        }
        yield Math.log(value);
      }
      case LOGISTIC -> {
        if (!(value > 0 && value < 1)) {
          throw CliException.usage("--desired-range '" + spec + "': this model predicts probabilities; give bounds"
              + " strictly between 0 and 1 (or leave one end open)");
        }
        yield Math.log(value / (1 - value));
      }
      case SOFTMAX -> throw CliException.usage("--desired-range needs a single-output model");
    };
  }

  private static String[] split(String spec, String option, String form) {
    int eq = spec.indexOf('=');
    if (eq <= 0) {
      throw CliException.usage(option + " '" + spec + "' needs the form " + form);
    }
    return new String[] {spec.substring(0, eq).strip(), spec.substring(eq + 1)};
  }

  private static double bound(String s, double empty, String spec) {
    if (s.isBlank()) {
      return empty;
    }
    try {
      return Double.parseDouble(s.strip());
    } catch (NumberFormatException e) {
      throw CliException.usage("'" + spec + "': '" + s + "' is not a number");
    }
  }

  /** The readable table: the row's prediction, one counterfactual per line, the status line. */
  static void print(PrintWriter out, Counterfactuals r, TreeEnsemble model) {
    print(out, r, model, r.desired());
  }

  /**
   * The desired outcome in the units the table prints (probabilities, values), not raw margins;
   * a multiclass class is described by the search itself.
   */
  private String desiredText(TreeEnsemble model) {
    if (model.numOutputs() != 1) {
      return null;
    }
    String name = "'" + model.output().name(0) + "'";
    if (desiredRange != null) {
      int colon = desiredRange.indexOf(':');
      double lo = bound(desiredRange.substring(0, colon), Double.NEGATIVE_INFINITY, desiredRange);
      double hi = bound(desiredRange.substring(colon + 1), Double.POSITIVE_INFINITY, desiredRange);
      String what = (model.link() == Link.LOGISTIC ? "probability of " : "prediction of ") + name;
      return Double.isInfinite(lo) ? what + " <= " + fmt(hi)
          : Double.isInfinite(hi) ? what + " >= " + fmt(lo) : what + " in [" + fmt(lo) + ", " + fmt(hi) + "]";
    }
    if (model.link() == Link.LOGISTIC) {
      return "class " + desired + ": probability of " + name + (desired.equals("1") ? " > 0.5" : " <= 0.5");
    }
    return null;
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  static void print(PrintWriter out, Counterfactuals r, TreeEnsemble model, String desiredText) {
    out.println("row " + r.rowId() + ": " + score(r.prediction(), model) + "; desired "
        + (desiredText == null ? r.desired() : desiredText));
    int i = 1;
    for (Counterfactual c : r.counterfactuals()) {
      List<String> changes = new ArrayList<>();
      c.changes().forEach(ch -> changes.add(ch.toString()));
      out.println(String.format(Locale.ROOT, "%3d. %s  ->  %s  (%d change%s, proximity %.2f)", i++,
          String.join(", ", changes), score(c.prediction(), model), c.changeCount(), c.changeCount() == 1 ? "" : "s",
          c.proximity()));
    }
    String counts = String.format(Locale.ROOT, "%,d model calls, %,d rows, %.0f ms", r.diagnostics().modelCalls(),
        r.diagnostics().rowsPredicted(), r.elapsedNanos() / 1e6);
    String div = Double.isNaN(r.diversity()) ? "" : String.format(Locale.ROOT, "; diversity %.2f", r.diversity());
    out.println("status: " + r.status() + " (" + r.size() + " of " + r.requested() + div + "; " + counts + ")");
    if (!r.reason().isEmpty()) {
      out.println("reason: " + r.reason());
    }
    out.flush();
  }

  private static String score(double[] margins, TreeEnsemble model) {
    double[] resp = margins.clone();
    model.link().apply(resp, 0, resp.length);
    if (resp.length == 1) {
      String name = model.link() == Link.LOGISTIC ? "probability" : "prediction";
      return String.format(Locale.ROOT, "%s of '%s' %.3f", name, model.output().name(0), resp[0]);
    }
    List<String> parts = new ArrayList<>();
    for (int o = 0; o < resp.length; o++) {
      parts.add(String.format(Locale.ROOT, "%s %.3f", model.output().name(o), resp[o]));
    }
    return "probabilities " + String.join(", ", parts);
  }
}
