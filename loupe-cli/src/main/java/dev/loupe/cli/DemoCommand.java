package dev.loupe.cli;

import dev.loupe.core.TreeEnsemble;
import dev.loupe.models.ModelReaders;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code loupe demo}: explains a bundled XGBoost model of the German credit data (UCI Statlog) on
 * its first rows and prints the top reasons for each.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Explain a bundled XGBoost model of the German credit data (UCI Statlog) and print the top"
        + " reasons for a few applicants."})
final class DemoCommand implements Callable<Integer> {
  static final String RESOURCES = "/dev/loupe/cli/demo/";
  static final String MODEL = "german_credit.json";
  static final String LEVELS = "german_credit.levels.json";
  static final String DATA = "german_credit.csv";

  @Spec CommandSpec spec;

  @Option(names = "--rows", paramLabel = "ROWS", defaultValue = "0-4",
      description = "Applicants to explain, 0-based: 5, 0-4 or 1,4,10-12 (default 0-4).")
  String rows;

  @Option(names = "--top", paramLabel = "K", defaultValue = "5", description = "Reasons per applicant (default 5).")
  int top;

  @Override
  public Integer call() {
    if (top < 1) {
      throw CliException.usage("--top must be >= 1, was " + top);
    }
    RowSelection selection = RowSelection.parse(rows);
    TreeEnsemble model = ModelReaders.read(resource(MODEL), "demo:" + MODEL);
    Inputs inputs = Inputs.of(model, MODEL, text(LEVELS), "demo:" + LEVELS);
    Inputs.Data data = inputs.frame(Inputs.CsvSource.of(text(DATA), "demo:" + DATA), "demo:" + DATA, "class", false);
    int[] chosen = selection.resolve(data.frame().rows(), "the demo data");
    Explanations.Result r = Explanations.explain(model, data, chosen, null, null, false);
    PrintWriter out = spec.commandLine().getOut();
    out.println("Loupe demo: why does an XGBoost model (" + model.numTrees() + " trees) rate these loan applicants"
        + " as bad credit risks?");
    out.println("Data: German credit (UCI Statlog, 1,000 applicants). Scores are log-odds of 'bad';"
        + " each reason is an exact TreeSHAP value.");
    out.println();
    Explanations.printTable(out, r, model, data, top);
    out.println("Next: loupe explain --model M --data D.csv --rows 0-9   (see loupe explain --help)");
    out.flush();
    return 0;
  }

  static byte[] resource(String name) {
    try (InputStream in = DemoCommand.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw CliException.data("the demo file " + name + " is missing from this build of loupe; rebuild it with"
            + " mvn -pl loupe-cli -am package");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw CliException.data("cannot read the demo file " + name + " (" + e.getMessage() + ")");
    }
  }

  static String text(String name) {
    return new String(resource(name), StandardCharsets.UTF_8);
  }
}
