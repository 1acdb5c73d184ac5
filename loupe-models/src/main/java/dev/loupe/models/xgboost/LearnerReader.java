package dev.loupe.models.xgboost;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loupe.core.Digests;
import dev.loupe.core.Feature;
import dev.loupe.core.ModelFormatException;
import dev.loupe.core.Schema;
import dev.loupe.core.Thresholds;
import dev.loupe.core.TreeEnsemble;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates the document tree of an XGBoost model ({@code {"learner": ..., "version": [...]}}) into
 * a {@link TreeEnsemble}. The layout read (XGBoost 1.6 to 3.x; schema in XGBoost's
 * {@code doc/model.schema}):
 *
 * <ul>
 *   <li>{@code learner.feature_names}, {@code learner.feature_types} ({@code q float int i} numeric,
 *       {@code c} categorical); either may be absent or empty;
 *   <li>{@code learner.learner_model_param}: {@code num_feature}, {@code num_class},
 *       {@code num_target}, and {@code base_score}, a decimal string ({@code "5E-1"}, 1.x/2.x) or a
 *       bracketed vector with one value or one per output ({@code "[5E-1]"}, 3.x), in the
 *       objective's response space: the starting margin is {@link Objective#margin} of it;
 *   <li>{@code learner.objective.name}; {@code learner.gradient_booster.name} must be
 *       {@code gbtree} (DART is {@code dart} before 3.4 and {@code gbtree} with a
 *       {@code weight_drop} array from 3.4; both are refused, as is {@code gblinear});
 *   <li>{@code gradient_booster.model.trees[t]}: parallel arrays per node ({@code left_children},
 *       {@code right_children} with -1 at leaves, {@code split_indices}, {@code split_conditions}
 *       holding the threshold of a split and the value of a leaf, {@code default_left} as 0/1 or
 *       booleans, {@code split_type} 0 numeric / 1 categorical, {@code sum_hessian} the cover) and
 *       the categorical sets ({@code categories_nodes[j]} owns
 *       {@code categories[categories_segments[j] ..+ categories_sizes[j]]}, the codes sent right);
 *       {@code tree_info[t]} is the output tree {@code t} adds to, which covers multiclass and
 *       {@code num_parallel_tree > 1};
 *   <li>{@code gradient_booster.model.cats} (3.1+, optional): the training categories, one column
 *       per feature ({@code offsets} + UTF-8 {@code values} for strings, or {@code type} +
 *       {@code values} for numbers), which become the {@link Feature#levels()}.
 * </ul>
 *
 * <p>XGBoost rounds an input to float and sends it left when {@code (float) x < split}; the
 * threshold is converted by {@link Thresholds#floatLessThan}. Trees are renumbered breadth-first
 * from the root, which drops nodes that pruning left unreachable. Every tree is used (as
 * {@code Booster.predict} does; a scikit-learn model's early-stopping {@code best_iteration} is
 * not applied). Single-use, not thread-safe.
 */
final class LearnerReader {
  private final String source;

  LearnerReader(String source) {
    this.source = source;
  }

  TreeEnsemble read(JsonNode root, byte[] bytes) {
    if (!root.isObject() || !root.has("learner")) {
      throw fail("the document has no \"learner\" object, so it is not an XGBoost model from save_model"
          + " (a model config from save_config or a dump from dump_model cannot be read)");
    }
    String version = version(root);
    JsonNode learner = object(root, "learner", "the document");
    JsonNode booster = object(learner, "gradient_booster", "learner");
    String boosterName = text(booster, "name", "learner.gradient_booster");
    if (boosterName.equals("dart")) {
      throw fail("DART boosters (gradient_booster \"dart\") are not supported: their tree weights change"
          + " predictions; train with booster=gbtree");
    }
    if (boosterName.equals("gblinear")) {
      throw fail("linear boosters (gradient_booster \"gblinear\") are not supported: Loupe reads tree"
          + " ensembles; train with booster=gbtree");
    }
    if (!boosterName.equals("gbtree")) {
      throw fail("unknown gradient_booster \"" + boosterName + "\"; Loupe reads gbtree models only");
    }
    JsonNode model = object(booster, "model", "learner.gradient_booster");
    if (model.has("weight_drop")) {
      throw fail("this is a DART model (gradient_booster.model has \"weight_drop\", XGBoost 3.4's form of"
          + " booster=dart): its tree weights change predictions and are not supported; train with"
          + " booster=gbtree and no dropout");
    }

    JsonNode objNode = object(learner, "objective", "learner");
    String objName = text(objNode, "name", "learner.objective");
    Objective objective = Objective.of(objName);
    if (objective == null) {
      throw fail("objective \"" + objName + "\" is not supported (its link or base score are unknown to"
          + " Loupe); supported objectives: " + Objective.supportedNames());
    }

    if (objective == Objective.BINARY_LOGITRAW && olderThan(root, 1, 4)) {
      throw fail("binary:logitraw models written by XGBoost " + version + " are not supported: XGBoost before 1.4"
          + " turned their base_score into a margin by the logit, later versions do not (dmlc/xgboost#6517), so"
          + " the file alone does not fix the prediction; load it in the XGBoost that wrote it, check"
          + " predict(output_margin=True), and save it again with XGBoost 1.6 or later");
    }

    JsonNode params = object(learner, "learner_model_param", "learner");
    int numFeature = intParam(params, "num_feature", -1);
    if (numFeature < 0) {
      throw fail("learner.learner_model_param has no num_feature");
    }
    int numClass = intParam(params, "num_class", 0);
    int numTarget = intParam(params, "num_target", 1);
    int k;
    if (objective.isMulticlass()) {
      if (numClass < 1) {
        throw fail("objective " + objName + " needs num_class >= 1, the model has num_class " + numClass);
      }
      k = numClass;
    } else {
      if (numClass > 1) {
        throw fail("num_class " + numClass + " with the non-multiclass objective " + objName
            + " is not a model XGBoost writes");
      }
      k = Math.max(1, numTarget);
    }
    List<String> outputs = outputNames(objective, k);
    double[] baseMargin = baseMargin(params, objective, k);

    Schema schema = schema(learner, model, numFeature);
    boolean hasNames = learner.path("feature_names").size() > 0;

    TreeEnsemble.Builder b = TreeEnsemble.builder(schema, outputs)
        .hasFeatureNames(hasNames)
        .link(objective.link())
        .baseMargin(baseMargin)
        .format("xgboost " + version + " " + objName)
        .digest(Digests.sha256(bytes));

    JsonNode trees = array(model, "trees", "gradient_booster.model");
    JsonNode treeInfo = array(model, "tree_info", "gradient_booster.model");
    if (treeInfo.size() != trees.size()) {
      throw fail("gradient_booster.model has " + trees.size() + " trees but " + treeInfo.size()
          + " tree_info entries; the file is damaged");
    }
    JsonNode gbParam = model.path("gbtree_model_param");
    if (gbParam.has("num_trees") && intParam(gbParam, "num_trees", -1) != trees.size()) {
      throw fail("gbtree_model_param.num_trees is " + intParam(gbParam, "num_trees", -1) + " but "
          + trees.size() + " trees are stored; the file is damaged");
    }
    for (int t = 0; t < trees.size(); t++) {
      int output = integer(treeInfo.get(t), "tree_info[" + t + "]");
      if (output < 0 || output >= k) {
        throw fail("tree_info[" + t + "] = " + output + " is not an output of this model (0-" + (k - 1) + ")");
      }
      tree(b, trees.get(t), t, output, numFeature);
    }
    try {
      return b.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw fail(e.getMessage());
    }
  }

  // ------------------------------------------------------------------ learner parts

  private String version(JsonNode root) {
    JsonNode v = root.path("version");
    if (!v.isArray() || v.size() == 0) {
      return "unknown";
    }
    StringBuilder sb = new StringBuilder();
    for (JsonNode part : v) {
      sb.append(sb.length() == 0 ? "" : ".").append(part.asText());
    }
    if (v.get(0).isIntegralNumber() && v.get(0).asInt() < 1) {
      throw fail("XGBoost " + sb + " models are not supported; load the model in XGBoost 1.6 or later and"
          + " save it again with save_model");
    }
    return sb.toString();
  }

  /** Whether the document's version is known and older than {@code major.minor}. */
  private static boolean olderThan(JsonNode root, int major, int minor) {
    JsonNode v = root.path("version");
    if (!v.isArray() || v.size() < 2 || !v.get(0).isIntegralNumber() || !v.get(1).isIntegralNumber()) {
      return false;
    }
    int ma = v.get(0).asInt();
    return ma < major || (ma == major && v.get(1).asInt() < minor);
  }

  private static List<String> outputNames(Objective objective, int k) {
    if (k == 1 && !objective.isMulticlass()) {
      boolean binary = objective.xgbName().startsWith("binary:");
      return List.of(binary ? "1" : "value");
    }
    List<String> names = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      names.add(Integer.toString(i));
    }
    return names;
  }

  private double[] baseMargin(JsonNode params, Objective objective, int k) {
    JsonNode node = params.get("base_score");
    if (node == null) {
      throw fail("learner.learner_model_param has no base_score");
    }
    float[] scores;
    if (node.isNumber()) {
      scores = new float[] {toFloat(node, "base_score")};
    } else if (node.isTextual()) {
      String s = node.asText().trim();
      if (s.startsWith("[") && s.endsWith("]")) {
        s = s.substring(1, s.length() - 1);
      }
      String[] parts = s.split(",");
      scores = new float[parts.length];
      for (int i = 0; i < parts.length; i++) {
        try {
          scores[i] = Float.parseFloat(parts[i].trim());
        } catch (NumberFormatException e) {
          throw fail("base_score \"" + node.asText() + "\" is not a number or a bracketed list of numbers");
        }
      }
    } else {
      throw fail("base_score has the unexpected form " + node);
    }
    if (scores.length != 1 && scores.length != k) {
      throw fail("base_score " + node.asText() + " has " + scores.length + " values for a model of " + k
          + " outputs");
    }
    double[] margins = new double[k];
    for (int o = 0; o < k; o++) {
      float s = scores[scores.length == 1 ? 0 : o];
      margins[o] = objective.margin(s);
      if (!Double.isFinite(margins[o])) {
        throw fail("base_score " + s + " is outside the domain of the " + objective.transformName()
            + " that objective " + objective.xgbName() + " applies to it");
      }
    }
    return margins;
  }

  private Schema schema(JsonNode learner, JsonNode model, int numFeature) {
    JsonNode names = learner.path("feature_names");
    JsonNode types = learner.path("feature_types");
    if (names.size() > 0 && names.size() != numFeature) {
      throw fail("learner.feature_names has " + names.size() + " names but num_feature is " + numFeature);
    }
    if (types.size() > 0 && types.size() != numFeature) {
      throw fail("learner.feature_types has " + types.size() + " types but num_feature is " + numFeature);
    }
    List<List<String>> levels = levels(model.path("cats"), types, numFeature);
    List<Feature> features = new ArrayList<>(numFeature);
    boolean anyCategorical = false;
    for (int j = 0; j < numFeature; j++) {
      String name = names.size() > 0 ? names.get(j).asText() : "f" + j;
      String type = types.size() > 0 ? types.get(j).asText() : "q";
      switch (type) {
        case "q", "float", "int", "i" -> features.add(Feature.numeric(name));
        case "c" -> {
          features.add(Feature.categorical(name, levels == null ? List.of() : levels.get(j)));
          anyCategorical = true;
        }
        default -> throw fail("feature '" + name + "' has the unknown feature type \"" + type
            + "\" (known: q, float, int, i, c)");
      }
    }
    if (names.size() == 0 && !anyCategorical) {
      return Schema.positional(numFeature);
    }
    try {
      return new Schema(features);
    } catch (IllegalArgumentException e) {
      throw fail(e.getMessage());
    }
  }

  /**
   * The training categories of each feature from {@code gradient_booster.model.cats} (XGBoost 3.1+,
   * {@code CatContainer::Save}), or {@code null} when absent, empty or in an unknown layout (the
   * levels are then left empty: they name codes and never change a prediction).
   */
  private List<List<String>> levels(JsonNode cats, JsonNode types, int numFeature) {
    JsonNode enc = cats.path("enc");
    if (!enc.isArray() || enc.size() == 0) {
      return null;
    }
    List<List<String>> columns = new ArrayList<>();
    for (JsonNode col : enc) {
      List<String> values = new ArrayList<>();
      if (col.has("offsets")) {
        JsonNode off = col.get("offsets");
        JsonNode bytes = col.path("values");
        byte[] raw = new byte[bytes.size()];
        for (int i = 0; i < raw.length; i++) {
          raw[i] = (byte) bytes.get(i).asInt();
        }
        for (int i = 0; i + 1 < off.size(); i++) {
          int from = off.get(i).asInt();
          int to = off.get(i + 1).asInt();
          if (from < 0 || to < from || to > raw.length) {
            throw fail("gradient_booster.model.cats has bad string offsets " + from + "-" + to);
          }
          values.add(new String(raw, from, to - from, StandardCharsets.UTF_8));
        }
      } else {
        for (JsonNode v : col.path("values")) {
          values.add(v.asText());
        }
      }
      columns.add(values);
    }
    List<List<String>> out = new ArrayList<>(numFeature);
    if (columns.size() == numFeature) {
      out.addAll(columns);
      return out;
    }
    // One column per categorical feature, in feature order.
    int next = 0;
    for (int j = 0; j < numFeature; j++) {
      boolean cat = types.size() > j && types.get(j).asText().equals("c");
      out.add(cat && next < columns.size() ? columns.get(next++) : List.of());
    }
    return next == columns.size() ? out : null;
  }

  // ------------------------------------------------------------------ trees

  private void tree(TreeEnsemble.Builder b, JsonNode tree, int t, int output, int numFeature) {
    String where = "tree " + t;
    JsonNode param = tree.path("tree_param");
    int n = intParam(param, "num_nodes", -1);
    JsonNode left = array(tree, "left_children", where);
    if (n < 0) {
      n = left.size();
    }
    int leafVector = intParam(param, "size_leaf_vector", 1);
    if (leafVector > 1) {
      throw fail(where + " has vector leaves (size_leaf_vector " + leafVector + ", from"
          + " multi_strategy=multi_output_tree), which are not supported; train with"
          + " multi_strategy=one_output_per_tree");
    }
    JsonNode right = sized(tree, "right_children", where, n);
    sized(tree, "left_children", where, n);
    JsonNode feature = sized(tree, "split_indices", where, n);
    JsonNode cond = sized(tree, "split_conditions", where, n);
    JsonNode defLeft = sized(tree, "default_left", where, n);
    JsonNode hess = sized(tree, "sum_hessian", where, n);
    JsonNode splitType = tree.has("split_type") ? sized(tree, "split_type", where, n) : null;
    Map<Integer, int[]> catSets = categorySets(tree, where, n);

    // Breadth-first renumbering from the root; detects cycles and shared children.
    int[] newId = new int[n];
    Arrays.fill(newId, -1);
    int[] order = new int[n];
    int count = 0;
    newId[0] = 0;
    order[count++] = 0;
    for (int q = 0; q < count; q++) {
      int node = order[q];
      int l = integer(left.get(node), where + " left_children[" + node + "]");
      if (l == -1) {
        continue;
      }
      int r = integer(right.get(node), where + " right_children[" + node + "]");
      for (int c : new int[] {l, r}) {
        if (c <= 0 || c >= n || newId[c] >= 0) {
          throw fail(where + ": node " + node + " has the invalid child " + c + " (" + n + " nodes)");
        }
        newId[c] = count;
        order[count++] = c;
      }
    }
    try {
      b.beginTree(output, count);
      for (int q = 0; q < count; q++) {
        int node = order[q];
        double cover = toFloat(hess.get(node), where + " sum_hessian[" + node + "]");
        float c = toFloat(cond.get(node), where + " split_conditions[" + node + "]");
        int l = integer(left.get(node), "");
        if (l == -1) {
          b.leaf(q, c, cover);
          continue;
        }
        int r = integer(right.get(node), "");
        int f = integer(feature.get(node), where + " split_indices[" + node + "]");
        if (f < 0 || f >= numFeature) {
          throw fail(where + ": node " + node + " splits on feature " + f + " but the model has " + numFeature
              + " features");
        }
        boolean dl = bool(defLeft.get(node), where + " default_left[" + node + "]");
        int type = splitType == null ? 0 : integer(splitType.get(node), where + " split_type[" + node + "]");
        if (type == 0) {
          b.numericSplit(q, f, Thresholds.floatLessThan(c), newId[l], newId[r], dl, TreeEnsemble.MISSING_NAN,
              cover);
        } else if (type == 1) {
          int[] cats = catSets.get(node);
          if (cats == null) {
            throw fail(where + ": node " + node + " is a categorical split but has no categories in"
                + " categories_nodes");
          }
          // XGBoost's Decision(): a code in the stored set goes right; others (and invalid codes) go left.
          b.categoricalSplit(q, f, cats, false, newId[l], newId[r], dl, TreeEnsemble.MISSING_NAN, cover);
        } else {
          throw fail(where + ": node " + node + " has the unknown split_type " + type
              + " (0 numeric, 1 categorical)");
        }
      }
      b.endTree();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw fail(where + ": " + e.getMessage());
    }
  }

  private Map<Integer, int[]> categorySets(JsonNode tree, String where, int n) {
    Map<Integer, int[]> sets = new HashMap<>();
    JsonNode nodes = tree.path("categories_nodes");
    if (nodes.size() == 0) {
      return sets;
    }
    JsonNode cats = array(tree, "categories", where);
    JsonNode segs = sized(tree, "categories_segments", where, nodes.size());
    JsonNode sizes = sized(tree, "categories_sizes", where, nodes.size());
    for (int j = 0; j < nodes.size(); j++) {
      int node = integer(nodes.get(j), where + " categories_nodes[" + j + "]");
      long start = longValue(segs.get(j), where + " categories_segments[" + j + "]");
      long size = longValue(sizes.get(j), where + " categories_sizes[" + j + "]");
      if (node < 0 || node >= n || start < 0 || size < 0 || start + size > cats.size()) {
        throw fail(where + ": categorical set " + j + " (node " + node + ", categories " + start + " ..+ " + size
            + ") lies outside the tree's " + n + " nodes or " + cats.size() + " categories");
      }
      int[] set = new int[(int) size];
      for (int i = 0; i < size; i++) {
        set[i] = integer(cats.get((int) (start + i)), where + " categories[" + (start + i) + "]");
        if (set[i] < 0) {
          throw fail(where + ": negative category " + set[i] + " in the set of node " + node);
        }
      }
      sets.put(node, set);
    }
    return sets;
  }

  // ------------------------------------------------------------------ values

  private JsonNode object(JsonNode parent, String field, String where) {
    JsonNode v = parent.get(field);
    if (v == null || !v.isObject()) {
      throw fail(where + " has no \"" + field + "\" object; the file is not a complete XGBoost model");
    }
    return v;
  }

  private JsonNode array(JsonNode parent, String field, String where) {
    JsonNode v = parent.get(field);
    if (v == null || !v.isArray()) {
      throw fail(where + " has no \"" + field + "\" array; the file is not a complete XGBoost model");
    }
    return v;
  }

  private JsonNode sized(JsonNode parent, String field, String where, int n) {
    JsonNode v = array(parent, field, where);
    if (v.size() != n) {
      throw fail(where + ": \"" + field + "\" has " + v.size() + " entries, expected " + n);
    }
    return v;
  }

  private String text(JsonNode parent, String field, String where) {
    JsonNode v = parent.get(field);
    if (v == null || !v.isTextual()) {
      throw fail(where + " has no \"" + field + "\" string");
    }
    return v.asText();
  }

  /** An integer parameter, stored as a decimal string (XGBoost's parameters) or a number. */
  private int intParam(JsonNode parent, String field, int absent) {
    JsonNode v = parent.get(field);
    if (v == null) {
      return absent;
    }
    try {
      if (v.isTextual()) {
        return Integer.parseInt(v.asText().trim());
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    if (v.isIntegralNumber() && v.canConvertToInt()) {
      return v.asInt();
    }
    throw fail("parameter " + field + " = " + v + " is not an integer");
  }

  private int integer(JsonNode v, String what) {
    long x = longValue(v, what);
    if (x != (int) x) {
      throw fail(what + " = " + x + " is out of range");
    }
    return (int) x;
  }

  private long longValue(JsonNode v, String what) {
    if (v != null && v.isIntegralNumber() && v.canConvertToLong()) {
      return v.longValue();
    }
    throw fail(what + " = " + v + " is not an integer");
  }

  private boolean bool(JsonNode v, String what) {
    if (v != null && v.isBoolean()) {
      return v.booleanValue();
    }
    long x = longValue(v, what);
    if (x == 0 || x == 1) {
      return x == 1;
    }
    throw fail(what + " = " + x + " is not 0 or 1");
  }

  /** A float as XGBoost stored it: float32 in UBJSON, the shortest round-trip decimal in JSON. */
  private float toFloat(JsonNode v, String what) {
    if (v == null || !v.isNumber()) {
      throw fail(what + " = " + v + " is not a number");
    }
    if (v.isFloat()) {
      return v.floatValue();
    }
    if (v.isBigDecimal()) {
      return v.decimalValue().floatValue();
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return (float) v.longValue();
    }
    return (float) v.doubleValue();
  }

  private ModelFormatException fail(String what) {
    return new ModelFormatException(source + ": " + what);
  }
}
