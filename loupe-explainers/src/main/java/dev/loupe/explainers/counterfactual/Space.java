package dev.loupe.explainers.counterfactual;

import dev.loupe.core.Counterfactual;
import dev.loupe.core.Feature;
import dev.loupe.core.Frame;
import dev.loupe.core.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The constraints of {@link CounterfactualOptions} resolved against a model's schema, and what
 * the training data say about each feature: its median absolute deviation (the proximity scale),
 * whether it holds whole numbers, its quantiles and its observed categories (the model-agnostic
 * candidate values). Immutable after construction; thread-safe.
 */
final class Space {
  /** Quantile levels of the numeric candidate values, besides the minimum and maximum. */
  private static final int QUANTILES = 20;

  final Schema schema;
  final int m;
  final boolean[] immutable;
  final double[] lo;
  final double[] hi;
  final int[] direction; // +1 increase only, -1 decrease only, 0 free
  final boolean[][] allowedCodes; // null: any category
  final double[] mad;
  final boolean[] integral;
  /** Per feature: numeric quantiles, or the categorical universe (every code), ascending. */
  final double[][] universe;

  Space(Schema schema, Frame training, int[] sourceColumns, CounterfactualOptions o) {
    this.schema = schema;
    this.m = schema.size();
    this.immutable = new boolean[m];
    this.lo = new double[m];
    this.hi = new double[m];
    this.direction = new int[m];
    this.allowedCodes = new boolean[m][];
    this.mad = new double[m];
    this.integral = new boolean[m];
    this.universe = new double[m][];
    Arrays.fill(lo, Double.NEGATIVE_INFINITY);
    Arrays.fill(hi, Double.POSITIVE_INFINITY);
    for (String f : o.immutable) {
      immutable[require(f, "immutable")] = true;
    }
    for (Map.Entry<String, double[]> e : o.ranges.entrySet()) {
      int j = require(e.getKey(), "range");
      if (schema.feature(j).isCategorical()) {
        throw new IllegalArgumentException("range of '" + e.getKey() + "': the feature is categorical;"
            + " give its allowed categories instead");
      }
      lo[j] = e.getValue()[0];
      hi[j] = e.getValue()[1];
    }
    for (Map.Entry<String, CounterfactualOptions.Direction> e : o.directions.entrySet()) {
      String constraint = e.getValue() == CounterfactualOptions.Direction.INCREASE ? "increase-only" : "decrease-only";
      int j = require(e.getKey(), constraint);
      if (schema.feature(j).isCategorical()) {
        throw new IllegalArgumentException(constraint + " '" + e.getKey() + "': the feature is categorical and its"
            + " categories have no order; give its allowed categories instead");
      }
      direction[j] = e.getValue() == CounterfactualOptions.Direction.INCREASE ? 1 : -1;
    }
    for (int j = 0; j < m; j++) {
      double[] col = training.column(sourceColumns[j]);
      universe[j] = schema.feature(j).isCategorical() ? codes(schema.feature(j), col) : quantiles(col);
      mad[j] = schema.feature(j).isCategorical() ? 1.0 : mad(col);
      boolean whole = true;
      for (double v : col) {
        if (v == v && v != Math.rint(v)) {
          whole = false;
          break;
        }
      }
      integral[j] = whole;
    }
    for (Map.Entry<String, List<String>> e : o.categories.entrySet()) {
      int j = require(e.getKey(), "categories");
      Feature f = schema.feature(j);
      if (!f.isCategorical()) {
        throw new IllegalArgumentException("allowed categories of '" + e.getKey() + "': the feature is numeric;"
            + " give it a range instead");
      }
      int size = universe[j].length == 0 ? 0 : (int) universe[j][universe[j].length - 1] + 1;
      size = Math.max(size, f.levels().size());
      boolean[] ok = new boolean[size];
      for (String level : e.getValue()) {
        int code = f.levels().indexOf(level);
        if (code < 0 && f.levels().isEmpty()) {
          try {
            code = Integer.parseInt(level.strip());
          } catch (NumberFormatException ex) {
            code = -1;
          }
        }
        if (code < 0 || code >= size) {
          throw new IllegalArgumentException("unknown category '" + level + "' of feature '" + f.name() + "'; its "
              + (f.levels().isEmpty() ? "codes are 0-" + (size - 1) : "levels are: " + String.join(", ", f.levels())));
        }
        ok[code] = true;
      }
      allowedCodes[j] = ok;
    }
  }

  private int require(String name, String constraint) {
    int j = schema.indexOf(name);
    if (j < 0) {
      throw new IllegalArgumentException("unknown feature '" + name + "' in the " + constraint
          + " constraint; the model's features are: " + String.join(", ", schema.names()));
    }
    return j;
  }

  /** Whether feature {@code j} may be changed from {@code from} to {@code to} (a different value). */
  boolean allowed(int j, double from, double to) {
    if (immutable[j] || to != to) {
      return false;
    }
    if (direction[j] != 0) {
      if (from != from) {
        return false;
      }
      if (direction[j] > 0 ? !(to > from) : !(to < from)) {
        return false;
      }
    }
    if (schema.feature(j).isCategorical()) {
      if (allowedCodes[j] != null) {
        int c = (int) to;
        return c == to && c >= 0 && c < allowedCodes[j].length && allowedCodes[j][c];
      }
      return true;
    }
    return to >= lo[j] && to <= hi[j];
  }

  /** The lowest value feature {@code j} may change to from {@code from} (numeric features). */
  double lowest(int j, double from) {
    double l = lo[j];
    if (direction[j] > 0) {
      l = Math.max(l, Math.nextUp(from));
    }
    return l;
  }

  /** The highest value feature {@code j} may change to from {@code from} (numeric features). */
  double highest(int j, double from) {
    double h = hi[j];
    if (direction[j] < 0) {
      h = Math.min(h, Math.nextDown(from));
    }
    return h;
  }

  /** Distance of one feature: |a - b| / MAD for numeric, 0/1 for categorical; 1 between missing and a value. */
  double distance(int j, double a, double b) {
    if (Counterfactual.same(a, b)) {
      return 0;
    }
    if (a != a || b != b || schema.feature(j).isCategorical()) {
      return 1;
    }
    return Math.abs(a - b) / mad[j];
  }

  /** MAD-scaled L1 distance between rows at {@code a[ao..]} and {@code b[bo..]}. */
  double distance(double[] a, int ao, double[] b, int bo) {
    double d = 0;
    for (int j = 0; j < m; j++) {
      d += distance(j, a[ao + j], b[bo + j]);
    }
    return d;
  }

  /** The constraints in words, e.g. "with sex, age immutable and duration in [6, 24]"; empty if none. */
  String describe() {
    List<String> parts = new ArrayList<>();
    List<String> imm = new ArrayList<>();
    for (int j = 0; j < m; j++) {
      if (immutable[j]) {
        imm.add(schema.name(j));
      }
    }
    if (!imm.isEmpty()) {
      parts.add(String.join(", ", imm) + " immutable");
    }
    for (int j = 0; j < m; j++) {
      Feature f = schema.feature(j);
      if (lo[j] > Double.NEGATIVE_INFINITY || hi[j] < Double.POSITIVE_INFINITY) {
        if (lo[j] == Double.NEGATIVE_INFINITY) {
          parts.add(f.name() + " <= " + f.format(hi[j]));
        } else if (hi[j] == Double.POSITIVE_INFINITY) {
          parts.add(f.name() + " >= " + f.format(lo[j]));
        } else {
          parts.add(f.name() + " in [" + f.format(lo[j]) + ", " + f.format(hi[j]) + "]");
        }
      }
      if (allowedCodes[j] != null) {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < allowedCodes[j].length; c++) {
          if (allowedCodes[j][c]) {
            names.add(f.format(c));
          }
        }
        parts.add(f.name() + " in {" + String.join(", ", names) + "}");
      }
      if (direction[j] != 0) {
        parts.add(f.name() + (direction[j] > 0 ? " increase only" : " decrease only"));
      }
    }
    if (parts.isEmpty()) {
      return "";
    }
    if (parts.size() == 1) {
      return "with " + parts.get(0);
    }
    return "with " + String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
  }

  /** Median absolute deviation of the non-missing values; 1 when it is 0 or undefined (as DiCE). */
  static double mad(double[] col) {
    double[] v = Arrays.stream(col).filter(x -> x == x).sorted().toArray();
    if (v.length == 0) {
      return 1;
    }
    double med = median(v);
    double[] dev = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      dev[i] = Math.abs(v[i] - med);
    }
    Arrays.sort(dev);
    double mad = median(dev);
    return mad > 0 ? mad : 1;
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** Distinct observed values at quantile levels 0, 1/Q, .., 1 (order statistics, so observed values). */
  static double[] quantiles(double[] col) {
    double[] v = Arrays.stream(col).filter(x -> x == x).sorted().toArray();
    if (v.length == 0) {
      return new double[0];
    }
    double[] q = new double[QUANTILES + 1];
    for (int i = 0; i <= QUANTILES; i++) {
      q[i] = v[(int) Math.round((double) i * (v.length - 1) / QUANTILES)];
    }
    return Arrays.stream(q).distinct().toArray();
  }

  /** Every code of a categorical feature: 0..L-1 for named levels, else the codes observed. */
  static double[] codes(Feature f, double[] col) {
    if (!f.levels().isEmpty()) {
      double[] c = new double[f.levels().size()];
      for (int i = 0; i < c.length; i++) {
        c[i] = i;
      }
      return c;
    }
    return Arrays.stream(col).filter(x -> x == x && x >= 0 && x == Math.rint(x)).distinct().sorted().toArray();
  }
}
