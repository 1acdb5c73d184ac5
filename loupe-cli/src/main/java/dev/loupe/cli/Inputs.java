package dev.loupe.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.core.DataFormatException;
import dev.loupe.core.Feature;
import dev.loupe.core.FeatureBinding;
import dev.loupe.core.Frame;
import dev.loupe.core.Schema;
import dev.loupe.core.TreeEnsemble;
import dev.loupe.io.csv.Csv;
import dev.loupe.io.csv.CsvOptions;
import dev.loupe.io.csv.Table;
import dev.loupe.models.ModelReaders;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A model with the level names of its categorical features, and CSV data read to fit it.
 *
 * <p>Level names come from the model file when it stores them, else from the sidecar file
 * {@code <model>.levels.json} ({@code {"feature": ["level0", "level1", ...]}}) next to the model:
 * for a model {@code credit.json} either {@code credit.json.levels.json} or
 * {@code credit.levels.json}.
 */
final class Inputs {
  private static final ObjectMapper JSON = new ObjectMapper();

  final TreeEnsemble model;
  final String modelSource;
  /** Level names by model feature name, for the categorical features that have them. */
  final Map<String, List<String>> levels;

  private Inputs(TreeEnsemble model, String modelSource, Map<String, List<String>> levels) {
    this.model = model;
    this.modelSource = modelSource;
    this.levels = levels;
  }

  /** Reads a model file and its sidecar levels, if any. */
  static Inputs load(Path modelFile) {
    if (Files.isDirectory(modelFile)) {
      throw CliException.data(modelFile + " is a directory; give --model a model file (XGBoost JSON/UBJSON or LightGBM text)");
    }
    TreeEnsemble model = ModelReaders.read(modelFile);
    Path sidecar = sidecar(modelFile);
    String sidecarText = null;
    if (sidecar != null) {
      try {
        sidecarText = Files.readString(sidecar, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw CliException.data(sidecar + ": cannot be read (" + e.getMessage() + ")");
      }
    }
    return of(model, modelFile.toString(), sidecarText, sidecar == null ? null : sidecar.toString());
  }

  /** A model held in memory, with the text of its sidecar levels file (or {@code null}). */
  static Inputs of(TreeEnsemble model, String modelSource, String sidecarText, String sidecarSource) {
    Map<String, List<String>> levels = new HashMap<>();
    if (sidecarText != null) {
      levels.putAll(parseSidecar(sidecarText, sidecarSource, model.schema()));
    }
    for (Feature f : model.schema().features()) {
      if (f.isCategorical() && !f.levels().isEmpty()) {
        levels.put(f.name(), f.levels()); // the model's own names win
      }
    }
    return new Inputs(model, modelSource, Map.copyOf(levels));
  }

  static Path sidecar(Path modelFile) {
    Path full = modelFile.resolveSibling(modelFile.getFileName() + ".levels.json");
    if (Files.isRegularFile(full)) {
      return full;
    }
    String name = modelFile.getFileName().toString();
    int dot = name.lastIndexOf('.');
    if (dot > 0) {
      Path stem = modelFile.resolveSibling(name.substring(0, dot) + ".levels.json");
      if (Files.isRegularFile(stem)) {
        return stem;
      }
    }
    return null;
  }

  static Map<String, List<String>> parseSidecar(String text, String source, Schema schema) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw CliException.data(source + ": not valid JSON (" + e.getOriginalMessage() + "); expected {\"feature\": [\"level0\", ...]}");
    }
    if (root == null || !root.isObject()) {
      throw CliException.data(source + ": expected a JSON object {\"feature\": [\"level0\", \"level1\", ...]}");
    }
    Map<String, List<String>> out = new HashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = root.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      int j = schema.indexOf(e.getKey());
      if (j < 0) {
        throw CliException.data(source + ": levels for '" + e.getKey() + "', which is not a feature of the model"
            + " (its features: " + String.join(", ", schema.names()) + ")");
      }
      if (!schema.feature(j).isCategorical()) {
        throw CliException.data(source + ": levels for '" + e.getKey() + "', but the model's feature is numeric");
      }
      if (!e.getValue().isArray()) {
        throw CliException.data(source + ": '" + e.getKey() + "' must map to an array of level names");
      }
      List<String> names = new ArrayList<>();
      for (JsonNode n : e.getValue()) {
        if (!n.isTextual()) {
          throw CliException.data(source + ": the levels of '" + e.getKey() + "' must be text, found " + n);
        }
        names.add(n.asText());
      }
      out.put(e.getKey(), names);
    }
    return out;
  }

  /** Reads a CSV source, given options; {@link #frame} calls it once or twice. */
  @FunctionalInterface
  interface CsvSource {
    Table read(CsvOptions options);

    static CsvSource of(Path file) {
      return options -> Csv.read(file, options);
    }

    static CsvSource of(String text, String name) {
      return options -> {
        try {
          return Csv.read(new StringReader(text), name, options);
        } catch (IOException e) {
          throw new DataFormatException(name + ": cannot be read (" + e.getMessage() + ")", e);
        }
      };
    }
  }

  /** Data read to fit the model: its frame and the binding of model features to columns. */
  record Data(Frame frame, FeatureBinding binding, String source) {
    /** The frame's rows in the model's feature order, row-major. */
    double[] rowMajor() {
      return frame.rowMajor(binding);
    }

    /** The data column that feeds model feature {@code j}. */
    Feature column(int j) {
      return frame.schema().feature(binding.sourceColumn(j));
    }
  }

  /**
   * Reads data for this model: columns matched with {@code model.bind}, categorical columns
   * read with the model's level names, and a target column (when named) set aside.
   *
   * @param target the target column to leave out, or {@code null}
   * @param targetOptional whether a missing target column is fine (a background file)
   */
  Data frame(CsvSource csv, String source, String target, boolean targetOptional) {
    Table first;
    if (targetOptional && target != null) {
      // a background file may or may not carry the target column: set it aside only if present
      Table plain = csv.read(options(null, Map.of()));
      boolean present = plain.features().schema().indexOf(target) >= 0;
      first = present ? csv.read(options(target, Map.of())) : plain;
    } else {
      first = csv.read(options(target, Map.of()));
    }
    Frame frame = first.features();
    if (targetOptional && frame.rows() == 0) {
      throw CliException.data(source + ": the file has a header but no rows; give it the rows to compare against"
          + " (typically 100 to 1,000 rows of the training data)");
    }
    FeatureBinding binding = bind(frame, source);
    Schema ms = model.schema();
    Map<String, List<String>> columnLevels = new HashMap<>();
    List<String> codeColumns = new ArrayList<>();
    for (int j = 0; j < ms.size(); j++) {
      Feature mf = ms.feature(j);
      Feature column = frame.schema().feature(binding.sourceColumn(j));
      List<String> names = levels.get(mf.name());
      if (mf.isCategorical() && names != null) {
        columnLevels.put(column.name(), names);
      } else if (mf.isCategorical() && !column.isCategorical()) {
        codeColumns.add(column.name());
      } else if (column.isCategorical()) {
        String example = column.levels().get(0);
        if (mf.isCategorical()) {
          throw CliException.data(source + ": column '" + column.name() + "' holds text ('" + example
              + "') but the model stores category codes, not names, for feature '" + mf.name()
              + "'; give the column the codes (0, 1, ...) the model was trained with, or put the level names"
              + " next to the model in " + sidecarName() + " as {\"" + mf.name() + "\": [\"level0\", \"level1\", ...]}");
        }
        // Read the column as numeric: the CSV reader names the first bad field's line and column.
        csv.read(CsvOptions.builder().target(target).numeric(column.name()).build());
        throw CliException.data(source + ": column '" + column.name() + "' holds text ('" + example
            + "') but the model's feature '" + mf.name() + "' is numeric; fix the column's values");
      }
    }
    if (columnLevels.isEmpty() && codeColumns.isEmpty()) {
      return new Data(frame, binding, source);
    }
    // Read again with the model's levels, and with numeric category codes checked as whole
    // numbers >= 0 (the reader names the line and column of a bad one): formats disagree on what
    // a code like -0.5 or 2.7 means, so Loupe refuses it rather than guess.
    boolean hasTarget = first.targetFeature() != null;
    CsvOptions.Builder typedOptions = CsvOptions.builder().target(hasTarget ? target : null);
    columnLevels.forEach(typedOptions::levels);
    codeColumns.forEach(c -> typedOptions.categorical(c));
    Frame typed = csv.read(typedOptions.build()).features();
    return new Data(typed, bind(typed, source), source);
  }

  private String sidecarName() {
    String name = Path.of(modelSource).getFileName().toString();
    int dot = name.lastIndexOf('.');
    return (dot > 0 ? name.substring(0, dot) : name) + ".levels.json";
  }

  private FeatureBinding bind(Frame frame, String source) {
    try {
      return model.bind(frame.schema());
    } catch (IllegalArgumentException e) {
      throw CliException.data(source + ": " + e.getMessage());
    }
  }

  private static CsvOptions options(String target, Map<String, List<String>> columnLevels) {
    CsvOptions.Builder b = CsvOptions.builder().target(target);
    columnLevels.forEach(b::levels);
    return b.build();
  }
}
