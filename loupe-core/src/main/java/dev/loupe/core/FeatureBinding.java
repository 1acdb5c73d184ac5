package dev.loupe.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Which data column feeds each of a model's features.
 *
 * <p>By name when the model has feature names ({@link #byName}), by position otherwise
 * ({@link #byPosition}). A model feature with no column is an error that names it.
 */
public final class FeatureBinding {
  private final int[] sourceColumns;

  private FeatureBinding(int[] sourceColumns) {
    this.sourceColumns = sourceColumns;
  }

  public static FeatureBinding identity(int n) {
    int[] s = new int[n];
    for (int i = 0; i < n; i++) {
      s[i] = i;
    }
    return new FeatureBinding(s);
  }

  /** Each feature of {@code model} taken from the column of {@code data} with the same name. */
  public static FeatureBinding byName(Schema model, Schema data) {
    int[] s = new int[model.size()];
    List<String> missing = new ArrayList<>();
    for (int j = 0; j < model.size(); j++) {
      s[j] = data.indexOf(model.name(j));
      if (s[j] < 0) {
        missing.add(model.name(j));
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "the data has no column for model feature" + (missing.size() > 1 ? "s " : " ")
              + quoteAll(missing) + "; add " + (missing.size() > 1 ? "these columns" : "this column")
              + " to the data (its columns are: " + String.join(", ", data.names()) + ")");
    }
    return new FeatureBinding(s);
  }

  /** Feature {@code j} of the model taken from column {@code j} of the data. */
  public static FeatureBinding byPosition(Schema model, Schema data) {
    if (data.size() < model.size()) {
      throw new IllegalArgumentException(
          "the model has " + model.size() + " features (matched by position, the model stores no names)"
              + " but the data has only " + data.size() + " columns");
    }
    return identity(model.size());
  }

  /**
   * By name when the model has feature names, or when the data has a column for each of the
   * model's placeholder names ({@code f0, f1, ...}); otherwise by position, which requires the
   * data to have exactly the model's number of columns (an extra column, such as an id, would
   * silently shift every feature).
   */
  public static FeatureBinding bind(Schema model, boolean modelHasNames, Schema data) {
    if (modelHasNames) {
      return byName(model, data);
    }
    boolean allNamed = true;
    for (int j = 0; j < model.size() && allNamed; j++) {
      allNamed = data.indexOf(model.name(j)) >= 0;
    }
    if (allNamed) {
      return byName(model, data);
    }
    if (data.size() > model.size()) {
      throw new IllegalArgumentException(
          "the model stores no feature names, so columns are matched by position, but the data has " + data.size()
              + " columns for the model's " + model.size() + " features; remove the extra columns (or name the"
              + " columns " + model.name(0) + ".." + model.name(model.size() - 1) + " to match by name)");
    }
    return byPosition(model, data);
  }

  /** For model feature {@code j}, the data column it is read from. */
  public int sourceColumn(int j) {
    return sourceColumns[j];
  }

  int[] sourceColumns() {
    return sourceColumns;
  }

  public int size() {
    return sourceColumns.length;
  }

  private static String quoteAll(List<String> names) {
    List<String> q = new ArrayList<>();
    for (String n : names) {
      q.add("'" + n + "'");
    }
    return String.join(", ", q);
  }
}
