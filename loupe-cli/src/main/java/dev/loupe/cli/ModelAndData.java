package dev.loupe.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --model}, {@code --data} and {@code --target} options of {@code predict} and
 * {@code explain}, as a picocli mixin.
 */
final class ModelAndData {
  @Option(names = "--model", required = true, paramLabel = "MODEL",
      description = "Model file: XGBoost JSON/UBJSON or LightGBM text (from save_model).")
  Path model;

  @Option(names = "--data", required = true, paramLabel = "CSV", description = "Data: CSV with a header row.")
  Path data;

  @Option(names = "--target", paramLabel = "COLUMN", description = "A column of the data to leave out (the label).")
  String target;

  /** Reads the {@code --data} rows for {@code inputs}' model, leaving out the {@code --target} column. */
  Inputs.Data read(Inputs inputs) {
    return inputs.frame(Inputs.CsvSource.of(data), data.toString(), target, false);
  }
}
