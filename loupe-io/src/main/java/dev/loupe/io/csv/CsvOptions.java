package dev.loupe.io.csv;

import dev.loupe.core.FeatureType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How to read a CSV file. Immutable; made by {@link #builder()}.
 *
 * <p>Missing values are the empty field, {@code NA} and {@code NaN} (and any extra markers given).
 * A column is categorical when some non-missing field is not a number, unless {@link #types}
 * says otherwise. A categorical column of text gets its levels sorted (so that two files with the
 * same levels give the same codes) unless {@link #levels} fixes them; a column of non-negative
 * integers declared categorical keeps the integers as its codes.
 *
 * @param target the name of the target column to set aside, or {@code null}
 * @param types column types that override inference, by column name
 * @param levels fixed level lists for categorical columns, by name: code {@code i} = level {@code i}
 * @param missingMarkers fields read as missing (besides the empty field)
 * @param separator the field separator
 */
public record CsvOptions(
    String target,
    Map<String, FeatureType> types,
    Map<String, List<String>> levels,
    Set<String> missingMarkers,
    char separator) {

  public CsvOptions {
    types = Map.copyOf(types);
    levels = Map.copyOf(levels);
    missingMarkers = Set.copyOf(missingMarkers);
    if (separator == '"' || separator == '\n' || separator == '\r') {
      throw new IllegalArgumentException("separator cannot be a quote or a line break");
    }
  }

  public static final Set<String> DEFAULT_MISSING = Set.of("", "NA", "NaN");

  public static CsvOptions defaults() {
    return builder().build();
  }

  /** Defaults with a target column. */
  public static CsvOptions target(String target) {
    return builder().target(target).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link CsvOptions}. */
  public static final class Builder {
    private String target;
    private final Map<String, FeatureType> types = new HashMap<>();
    private final Map<String, List<String>> levels = new HashMap<>();
    private Set<String> missing = DEFAULT_MISSING;
    private char separator = ',';

    public Builder target(String name) {
      this.target = name;
      return this;
    }

    public Builder type(String column, FeatureType type) {
      types.put(Objects.requireNonNull(column), Objects.requireNonNull(type));
      return this;
    }

    public Builder categorical(String... columns) {
      for (String c : columns) {
        type(c, FeatureType.CATEGORICAL);
      }
      return this;
    }

    public Builder numeric(String... columns) {
      for (String c : columns) {
        type(c, FeatureType.NUMERIC);
      }
      return this;
    }

    public Builder levels(String column, List<String> levelNames) {
      levels.put(Objects.requireNonNull(column), List.copyOf(levelNames));
      types.put(column, FeatureType.CATEGORICAL);
      return this;
    }

    public Builder missingMarkers(Set<String> markers) {
      this.missing = Set.copyOf(markers);
      return this;
    }

    public Builder separator(char c) {
      this.separator = c;
      return this;
    }

    public CsvOptions build() {
      return new CsvOptions(target, types, levels, missing, separator);
    }
  }
}
