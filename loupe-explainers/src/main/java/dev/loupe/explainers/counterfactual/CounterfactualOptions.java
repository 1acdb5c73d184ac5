package dev.loupe.explainers.counterfactual;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a {@link CounterfactualSearch} looks for: the desired outcome, how many counterfactuals,
 * the constraints on the features, the seed, the search budget and the weights of the selection.
 * Immutable; made by {@link #builder()}, validated by {@link Builder#build()} (feature names are
 * checked against the model's schema when the search is made).
 *
 * <p>The desired outcome is one of:
 * <ul>
 *   <li>a class ({@link Builder#desiredClass(int)}): for a single-output model, class 1 means
 *       output &gt; threshold and class 0 means output &lt;= threshold, the threshold being 0.5 on a
 *       probability (or value) scale and 0 on a raw margin (log-odds) unless set by
 *       {@link Builder#threshold}; for a multi-output model, the class's output is the strict
 *       maximum (argmax);
 *   <li>an output range ({@link Builder#desiredRange}): {@code lo <= output <= hi}, in the units
 *       of the model's {@code predict} (for tree ensembles, the raw margin).
 * </ul>
 *
 * <p>Constraints name features: immutable features never change; a range {@code [lo, hi]} bounds
 * the values a numeric feature may be changed to; allowed categories list the codes a categorical
 * feature may be changed to; increase-only and decrease-only allow changes in one direction
 * only (numeric features only: categories have no order; a missing value may then not be
 * changed). A feature that keeps its value always satisfies its constraints. Thread-safe.
 */
public final class CounterfactualOptions {
  /** How an outcome is judged. */
  enum Goal { CLASS, RANGE }

  /** Direction constraint of a feature. */
  enum Direction { INCREASE, DECREASE }

  final Goal goal;
  final int desiredClass;
  final String desiredOutput;
  final double threshold;
  final double lo;
  final double hi;
  final int count;
  final Set<String> immutable;
  final Map<String, double[]> ranges;
  final Map<String, List<String>> categories;
  final Map<String, Direction> directions;
  final long seed;
  final long maxModelRows;
  final Duration timeLimit;
  final double proximityWeight;
  final double diversityWeight;

  private CounterfactualOptions(Builder b) {
    this.goal = b.goal;
    this.desiredClass = b.desiredClass;
    this.desiredOutput = b.desiredOutput;
    this.threshold = b.threshold;
    this.lo = b.lo;
    this.hi = b.hi;
    this.count = b.count;
    this.immutable = Set.copyOf(b.immutable);
    Map<String, double[]> r = new LinkedHashMap<>();
    b.ranges.forEach((k, v) -> r.put(k, v.clone()));
    this.ranges = r;
    Map<String, List<String>> c = new LinkedHashMap<>();
    b.categories.forEach((k, v) -> c.put(k, List.copyOf(v)));
    this.categories = c;
    this.directions = Map.copyOf(b.directions);
    this.seed = b.seed;
    this.maxModelRows = b.maxModelRows;
    this.timeLimit = b.timeLimit;
    this.proximityWeight = b.proximityWeight;
    this.diversityWeight = b.diversityWeight;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** How many counterfactuals are asked for. */
  public int count() {
    return count;
  }

  public long seed() {
    return seed;
  }

  /** The most rows the search may ask the model to predict per explained row. */
  public long maxModelRows() {
    return maxModelRows;
  }

  /** The immutable features' names. */
  public Set<String> immutable() {
    return immutable;
  }

  /** Every option as text, sorted by name, for {@code Provenance}. */
  public Map<String, String> parameters() {
    Map<String, String> p = new TreeMap<>();
    if (goal == Goal.CLASS) {
      p.put("desired", "class " + (desiredOutput != null ? desiredOutput : Integer.toString(desiredClass)));
      if (!Double.isNaN(threshold)) {
        p.put("threshold", Double.toString(threshold));
      }
    } else {
      p.put("desired", "range [" + lo + ", " + hi + "]" + (desiredOutput != null ? " of output " + desiredOutput : ""));
    }
    p.put("count", Integer.toString(count));
    if (!immutable.isEmpty()) {
      p.put("immutable", String.join(",", new java.util.TreeSet<>(immutable)));
    }
    ranges.forEach((f, r) -> p.put("range." + f, r[0] + ":" + r[1]));
    categories.forEach((f, c) -> p.put("categories." + f, String.join("|", c)));
    directions.forEach((f, d) -> p.put("direction." + f, d.name().toLowerCase(Locale.ROOT) + "-only"));
    p.put("maxModelRows", Long.toString(maxModelRows));
    if (timeLimit != null) {
      p.put("timeLimit", timeLimit.toString());
    }
    p.put("proximityWeight", Double.toString(proximityWeight));
    p.put("diversityWeight", Double.toString(diversityWeight));
    return p;
  }

  /** Builds {@link CounterfactualOptions}; not thread-safe. */
  public static final class Builder {
    private Goal goal;
    private int desiredClass = -1;
    private String desiredOutput;
    private double threshold = Double.NaN;
    private double lo = Double.NaN;
    private double hi = Double.NaN;
    private int count = 5;
    private final Set<String> immutable = new LinkedHashSet<>();
    private final Map<String, double[]> ranges = new LinkedHashMap<>();
    private final Map<String, List<String>> categories = new LinkedHashMap<>();
    private final Map<String, Direction> directions = new LinkedHashMap<>();
    private long seed = 0;
    private long maxModelRows = 100_000;
    private Duration timeLimit;
    private double proximityWeight = 0.5;
    private double diversityWeight = 1.0;

    private Builder() {}

    /**
     * Desire class {@code c}: for a single-output model 1 (output above the threshold) or 0 (not
     * above); for a multi-output model the index of the output that must be the largest.
     */
    public Builder desiredClass(int c) {
      if (c < 0) {
        throw new IllegalArgumentException("desiredClass must be >= 0, was " + c);
      }
      this.goal = Goal.CLASS;
      this.desiredClass = c;
      this.desiredOutput = null;
      return this;
    }

    /** Desire the class of the named output (multi-output models): it must be the largest output. */
    public Builder desiredClass(String output) {
      this.goal = Goal.CLASS;
      this.desiredOutput = Objects.requireNonNull(output, "output");
      this.desiredClass = -1;
      return this;
    }

    /** The single-output class threshold (default 0.5 on a probability or value scale, 0 on a raw margin). */
    public Builder threshold(double t) {
      if (!Double.isFinite(t)) {
        throw new IllegalArgumentException("threshold must be finite, was " + t);
      }
      this.threshold = t;
      return this;
    }

    /** Desire {@code lo <= output <= hi} of the model's only output. */
    public Builder desiredRange(double lo, double hi) {
      return desiredRange(null, lo, hi);
    }

    /** Desire {@code lo <= output <= hi} of the named output ({@code null}: the only output). */
    public Builder desiredRange(String output, double lo, double hi) {
      if (Double.isNaN(lo) || Double.isNaN(hi) || lo > hi) {
        throw new IllegalArgumentException("desiredRange needs lo <= hi, was [" + lo + ", " + hi + "]");
      }
      this.goal = Goal.RANGE;
      this.desiredOutput = output;
      this.lo = lo;
      this.hi = hi;
      return this;
    }

    /** How many counterfactuals to find (default 5). */
    public Builder count(int k) {
      if (k < 1) {
        throw new IllegalArgumentException("count must be >= 1, was " + k);
      }
      this.count = k;
      return this;
    }

    /** Features that must keep their value. */
    public Builder immutable(String... features) {
      for (String f : features) {
        immutable.add(Objects.requireNonNull(f, "feature"));
      }
      return this;
    }

    /** A numeric feature may only be changed to values in {@code [lo, hi]} (infinite ends allowed). */
    public Builder range(String feature, double lo, double hi) {
      Objects.requireNonNull(feature, "feature");
      if (Double.isNaN(lo) || Double.isNaN(hi) || lo > hi) {
        throw new IllegalArgumentException("range of '" + feature + "' needs lo <= hi, was [" + lo + ", " + hi + "]");
      }
      ranges.put(feature, new double[] {lo, hi});
      return this;
    }

    /**
     * A categorical feature may only be changed to these levels: level names, or category codes
     * written as integers when the feature's levels have no names.
     */
    public Builder categories(String feature, List<String> levels) {
      Objects.requireNonNull(feature, "feature");
      if (levels.isEmpty()) {
        throw new IllegalArgumentException("allowed categories of '" + feature + "' must not be empty;"
            + " make the feature immutable instead");
      }
      categories.put(feature, new ArrayList<>(levels));
      return this;
    }

    /** These features may only increase. */
    public Builder increaseOnly(String... features) {
      for (String f : features) {
        direction(f, Direction.INCREASE);
      }
      return this;
    }

    /** These features may only decrease. */
    public Builder decreaseOnly(String... features) {
      for (String f : features) {
        direction(f, Direction.DECREASE);
      }
      return this;
    }

    private void direction(String f, Direction d) {
      Direction prev = directions.put(Objects.requireNonNull(f, "feature"), d);
      if (prev != null && prev != d) {
        throw new IllegalArgumentException("feature '" + f + "' is both increase-only and decrease-only;"
            + " make it immutable instead");
      }
    }

    /** The seed of the search's random choices (default 0); row {@code r} uses {@code Seed(seed).derive(r)}. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** The most rows the model may be asked to predict per explained row (default 100,000). */
    public Builder maxModelRows(long rows) {
      if (rows < 1) {
        throw new IllegalArgumentException("maxModelRows must be >= 1, was " + rows);
      }
      this.maxModelRows = rows;
      return this;
    }

    /**
     * A wall-time limit per explained row (default none). When it stops a search, the result
     * depends on the machine's speed; the row budget ({@link #maxModelRows}) does not.
     */
    public Builder timeLimit(Duration limit) {
      if (limit != null && (limit.isNegative() || limit.isZero())) {
        throw new IllegalArgumentException("timeLimit must be positive, was " + limit);
      }
      this.timeLimit = limit;
      return this;
    }

    /** Weight of closeness to the row when the diverse set is chosen (default 0.5, as DiCE). */
    public Builder proximityWeight(double w) {
      if (!(w >= 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException("proximityWeight must be finite and >= 0, was " + w);
      }
      this.proximityWeight = w;
      return this;
    }

    /** Weight of the distance between the chosen counterfactuals (default 1.0, as DiCE). */
    public Builder diversityWeight(double w) {
      if (!(w >= 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException("diversityWeight must be finite and >= 0, was " + w);
      }
      this.diversityWeight = w;
      return this;
    }

    public CounterfactualOptions build() {
      if (goal == null) {
        throw new IllegalArgumentException("no desired outcome: call desiredClass(..) or desiredRange(..)");
      }
      for (String f : immutable) {
        if (ranges.containsKey(f) || categories.containsKey(f) || directions.containsKey(f)) {
          throw new IllegalArgumentException("feature '" + f + "' is immutable and also has a range, categories or"
              + " direction; drop one of them");
        }
      }
      return new CounterfactualOptions(this);
    }
  }
}
