package dev.loupe.core;

import java.util.Arrays;
import java.util.List;

/**
 * Immutable columnar data: one {@code double[]} per feature of its {@link Schema}, {@code NaN}
 * for missing, category codes for categorical features.
 *
 * <p>Built once (by a reader or {@link #of}); never changed afterwards. {@link #rowMajor} gives
 * the row-major block that models and explainers consume.
 */
public final class Frame {
  private final Schema schema;
  private final double[][] columns;
  private final int rows;

  private Frame(Schema schema, double[][] columns, int rows) {
    this.schema = schema;
    this.columns = columns;
    this.rows = rows;
  }

  /** A frame over the given columns (copied). All columns must have the same length. */
  public static Frame of(Schema schema, double[][] columns) {
    if (columns.length != schema.size()) {
      throw new IllegalArgumentException(
          "schema has " + schema.size() + " features but " + columns.length + " columns were given");
    }
    int n = columns.length == 0 ? 0 : columns[0].length;
    double[][] copy = new double[columns.length][];
    for (int j = 0; j < columns.length; j++) {
      if (columns[j].length != n) {
        throw new IllegalArgumentException(
            "column '" + schema.name(j) + "' has " + columns[j].length + " rows, expected " + n);
      }
      copy[j] = columns[j].clone();
    }
    return new Frame(schema, copy, n);
  }

  /** A frame from a row-major block of {@code rows * schema.size()} values (copied). */
  public static Frame ofRows(Schema schema, double[] rowMajor, int rows) {
    int m = schema.size();
    if (rowMajor.length != (long) rows * m) {
      throw new IllegalArgumentException(
          "expected " + rows + " x " + m + " = " + ((long) rows * m) + " values, got " + rowMajor.length);
    }
    double[][] cols = new double[m][rows];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < m; j++) {
        cols[j][i] = rowMajor[i * m + j];
      }
    }
    return new Frame(schema, cols, rows);
  }

  /** A frame from rows given as arrays (copied). */
  public static Frame ofRows(Schema schema, double[][] rows) {
    int m = schema.size();
    double[] flat = new double[rows.length * m];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != m) {
        throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, expected " + m);
      }
      System.arraycopy(rows[i], 0, flat, i * m, m);
    }
    return ofRows(schema, flat, rows.length);
  }

  public Schema schema() {
    return schema;
  }

  public int rows() {
    return rows;
  }

  public int columns() {
    return columns.length;
  }

  public double get(int row, int column) {
    return columns[column][row];
  }

  /** A copy of one column. */
  public double[] column(int j) {
    return columns[j].clone();
  }

  /** A copy of one column, by feature name. */
  public double[] column(String name) {
    return columns[schema.require(name)].clone();
  }

  /** A copy of one row in schema order. */
  public double[] row(int i) {
    double[] r = new double[columns.length];
    for (int j = 0; j < columns.length; j++) {
      r[j] = columns[j][i];
    }
    return r;
  }

  /** Rows {@code [from, to)} as a new frame. */
  public Frame slice(int from, int to) {
    if (from < 0 || to > rows || from > to) {
      throw new IndexOutOfBoundsException(
          "rows " + from + "-" + (to - 1) + " out of bounds: the frame has " + rows + " rows (0-" + (rows - 1) + ")");
    }
    double[][] cols = new double[columns.length][];
    for (int j = 0; j < columns.length; j++) {
      cols[j] = Arrays.copyOfRange(columns[j], from, to);
    }
    return new Frame(schema, cols, to - from);
  }

  /** The listed rows, in the order given, as a new frame. */
  public Frame select(int[] rowIndices) {
    double[][] cols = new double[columns.length][rowIndices.length];
    for (int k = 0; k < rowIndices.length; k++) {
      int i = rowIndices[k];
      if (i < 0 || i >= rows) {
        throw new IndexOutOfBoundsException("row " + i + " out of bounds: the frame has " + rows + " rows");
      }
      for (int j = 0; j < columns.length; j++) {
        cols[j][k] = columns[j][i];
      }
    }
    return new Frame(schema, cols, rowIndices.length);
  }

  /**
   * The rows as one row-major block laid out in {@code target}'s feature order: column {@code j}
   * of the block is the frame column whose name is {@code target.name(j)}.
   *
   * @throws IllegalArgumentException naming the first feature of {@code target} that is absent
   */
  public double[] rowMajor(Schema target) {
    return rowMajor(FeatureBinding.byName(target, schema));
  }

  /** The rows as one row-major block, columns mapped through {@code binding}. */
  public double[] rowMajor(FeatureBinding binding) {
    int[] src = binding.sourceColumns();
    int m = src.length;
    double[] out = new double[rows * m];
    for (int j = 0; j < m; j++) {
      double[] col = columns[src[j]];
      for (int i = 0; i < rows; i++) {
        out[i * m + j] = col[i];
      }
    }
    return out;
  }

  /** The rows as one row-major block in this frame's own column order. */
  public double[] rowMajor() {
    return rowMajor(FeatureBinding.identity(schema.size()));
  }

  /** Column names, for messages. */
  public List<String> names() {
    return schema.names();
  }
}
