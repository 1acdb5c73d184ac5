package dev.loupe.models.lightgbm;

import dev.loupe.core.Feature;
import dev.loupe.core.ModelFormatException;
import dev.loupe.core.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The header of LightGBM's text model ({@code GBDT::SaveModelToString} and
 * {@code GBDT::LoadModelFromString} in {@code src/boosting/gbdt_model_text.cpp}):
 *
 * <ul>
 *   <li>{@code version}: the format, {@code v2} to {@code v4} (LightGBM 2.x to 4.x);
 *   <li>{@code num_class}, {@code num_tree_per_iteration}: trees {@code t} adds to output
 *       {@code t % num_tree_per_iteration};
 *   <li>{@code max_feature_idx}: the model has {@code max_feature_idx + 1} features, named by
 *       {@code feature_names} (LightGBM's placeholders are {@code Column_0, Column_1, ...});
 *   <li>{@code feature_infos}: per feature {@code [min:max]} for numeric, {@code none} for a
 *       feature never used, and the colon-separated category codes (e.g. {@code 0:1:2}) for a
 *       categorical one;
 *   <li>{@code objective}: see {@link Objective};
 *   <li>{@code average_output} (a bare flag): random-forest mode, the raw score is the mean of the
 *       iterations' trees rather than their sum ({@code GBDT::PredictRaw});
 *   <li>{@code tree_sizes}: the byte size of each tree block, hence the number of trees;
 *       {@code label_index} and {@code monotone_constraints} do not affect predictions.
 * </ul>
 */
record Header(String version, int numClass, int numTreePerIteration, Objective objective, Schema schema,
    boolean placeholderNames, boolean averageOutput, int declaredTrees) {

  private static final Set<String> KNOWN = Set.of("version", "num_class", "num_tree_per_iteration", "label_index",
      "max_feature_idx", "objective", "average_output", "feature_names", "feature_infos", "monotone_constraints",
      "tree_sizes");
  private static final Set<String> VERSIONS = Set.of("v2", "v3", "v4");

  /** The number of features, {@code max_feature_idx + 1}. */
  int numFeatures() {
    return schema.size();
  }

  static Header parse(ModelText text) {
    Map<String, ModelText.Entry> h = text.header();
    for (ModelText.Entry e : h.values()) {
      if (!KNOWN.contains(e.key())) {
        throw text.error(e.line(), "unknown header line '" + e.key() + "'; this LightGBM model uses a feature Loupe"
            + " does not know, so Loupe cannot promise the same predictions");
      }
    }
    ModelText.Entry v = require(text, "version");
    String version = v.value() == null ? "" : v.value().strip();
    if (!VERSIONS.contains(version)) {
      throw text.error(v.line(), "unsupported LightGBM model format version '" + version
          + "'; Loupe reads v2, v3 and v4");
    }
    int numClass = single(text, require(text, "num_class"));
    ModelText.Entry perIt = h.get("num_tree_per_iteration");
    int treesPerIteration = perIt == null ? numClass : single(text, perIt);
    if (numClass < 1 || treesPerIteration < 1) {
      throw text.error(require(text, "num_class").line(), "num_class (" + numClass + ") and num_tree_per_iteration ("
          + treesPerIteration + ") must be >= 1");
    }
    ModelText.Entry obj = h.get("objective");
    Objective objective;
    try {
      objective = Objective.parse(obj == null ? null : obj.value(), numClass);
    } catch (IllegalArgumentException e) {
      throw text.error(obj == null ? 1 : obj.line(), e.getMessage());
    }
    if (treesPerIteration != objective.outputs().size()) {
      throw text.error(perIt == null ? 1 : perIt.line(), "num_tree_per_iteration is " + treesPerIteration
          + " but objective '" + objective.name() + "' has " + objective.outputs().size() + " output(s)");
    }
    ModelText.Entry maxIdx = require(text, "max_feature_idx");
    int m = single(text, maxIdx) + 1;
    if (m < 1) {
      throw text.error(maxIdx.line(), "max_feature_idx must be >= 0, was " + (m - 1));
    }
    ModelText.Entry namesEntry = require(text, "feature_names");
    String namesValue = namesEntry.value() == null ? "" : namesEntry.value().strip();
    String[] names = namesValue.isEmpty() ? new String[0] : namesValue.split("\\s+");
    if (names.length != m) {
      throw text.error(namesEntry.line(), "feature_names lists " + names.length + " names but max_feature_idx="
          + (m - 1) + " declares " + m + " features");
    }
    String[] infos = null;
    ModelText.Entry infosEntry = h.get("feature_infos");
    if (infosEntry != null) {
      String iv = infosEntry.value() == null ? "" : infosEntry.value().strip();
      infos = iv.isEmpty() ? new String[0] : iv.split("\\s+");
      if (infos.length != m) {
        throw text.error(infosEntry.line(), "feature_infos has " + infos.length + " entries but the model has "
            + m + " features");
      }
    }
    boolean placeholders = true;
    List<Feature> features = new ArrayList<>(m);
    for (int j = 0; j < m; j++) {
      placeholders &= names[j].equals("Column_" + j);
      boolean categorical = infos != null && isCategoricalInfo(infos[j]);
      features.add(categorical ? Feature.categorical(names[j]) : Feature.numeric(names[j]));
    }
    Schema schema;
    try {
      schema = new Schema(features);
    } catch (IllegalArgumentException e) {
      throw text.error(namesEntry.line(), "feature_names: " + e.getMessage());
    }
    ModelText.Entry avg = h.get("average_output");
    if (avg != null && avg.value() != null) {
      throw text.error(avg.line(), "'average_output' should be a bare flag, found '" + avg.key() + "=" + avg.value()
          + "'");
    }
    int declared = -1;
    ModelText.Entry sizes = h.get("tree_sizes");
    if (sizes != null) {
      String sv = sizes.value() == null ? "" : sizes.value().strip();
      declared = sv.isEmpty() ? 0 : sv.split("\\s+").length;
    }
    return new Header(version, numClass, treesPerIteration, objective, schema, placeholders, avg != null, declared);
  }

  /** {@code [min:max]} and {@code none} are numeric; a list of integer codes is categorical. */
  static boolean isCategoricalInfo(String info) {
    if (info.startsWith("[") || info.equals("none")) {
      return false;
    }
    for (String code : info.split(":")) {
      if (!code.matches("-?\\d+")) {
        return false;
      }
    }
    return true;
  }

  private static ModelText.Entry require(ModelText text, String key) {
    ModelText.Entry e = text.header().get(key);
    if (e == null) {
      throw new ModelFormatException(text.source() + ": the header has no '" + key + "=' line; the file is not a"
          + " complete LightGBM model");
    }
    return e;
  }

  private static int single(ModelText text, ModelText.Entry e) {
    return text.ints(e, 1, "header")[0];
  }
}
