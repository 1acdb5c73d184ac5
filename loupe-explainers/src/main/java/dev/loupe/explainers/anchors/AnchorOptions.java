package dev.loupe.explainers.anchors;

import dev.loupe.explainers.discretize.Discretization.Quantiles;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The options of {@link Anchors}: an immutable value made by {@link #builder()}, validated once by
 * {@link Builder#build()}, recorded in every anchor's provenance.
 *
 * <p>Defaults: precision threshold 0.95 with confidence {@code 1 - delta = 0.95}; KL-LUCB
 * tolerance 0.1; beam of 2 anchors; batches of 100
 * perturbations (one model call each); at most 10,000 perturbations per candidate anchor; anchors
 * of any length; quartile bins; seed 0; all cores.
 */
public final class AnchorOptions {
  private final double threshold;
  private final double delta;
  private final double epsilon;
  private final int beamSize;
  private final int batchSize;
  private final int maxSamples;
  private final int maxAnchorSize;
  private final Quantiles quantiles;
  private final long seed;
  private final int threads;

  private AnchorOptions(Builder b) {
    threshold = b.threshold;
    delta = b.delta;
    epsilon = b.epsilon;
    beamSize = b.beamSize;
    batchSize = b.batchSize;
    maxSamples = b.maxSamples;
    maxAnchorSize = b.maxAnchorSize;
    quantiles = b.quantiles;
    seed = b.seed;
    threads = b.threads;
  }

  public static AnchorOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.threshold = threshold;
    b.delta = delta;
    b.epsilon = epsilon;
    b.beamSize = beamSize;
    b.batchSize = batchSize;
    b.maxSamples = maxSamples;
    b.maxAnchorSize = maxAnchorSize;
    b.quantiles = quantiles;
    b.seed = seed;
    b.threads = threads;
    return b;
  }

  /** The precision an anchor's lower confidence bound must reach. */
  public double threshold() {
    return threshold;
  }

  /** The risk of the confidence bounds: they hold with probability {@code 1 - delta}. */
  public double delta() {
    return delta;
  }

  /** KL-LUCB's tolerance: it stops when the bounds of the best and the next arms overlap by at most this. */
  public double epsilon() {
    return epsilon;
  }

  /** Candidate anchors kept per round. */
  public int beamSize() {
    return beamSize;
  }

  /** Perturbations per sampling step (one model call per step, whatever the number of anchors sampled). */
  public int batchSize() {
    return batchSize;
  }

  /** The most perturbations sampled for one candidate anchor. */
  public int maxSamples() {
    return maxSamples;
  }

  /** The most predicates in an anchor; 0 for no limit. */
  public int maxAnchorSize() {
    return maxAnchorSize;
  }

  public Quantiles quantiles() {
    return quantiles;
  }

  public long seed() {
    return seed;
  }

  public int threads() {
    return threads;
  }

  Map<String, String> parameters() {
    Map<String, String> p = new TreeMap<>();
    p.put("threshold", Double.toString(threshold));
    p.put("delta", Double.toString(delta));
    p.put("epsilon", Double.toString(epsilon));
    p.put("beamSize", Integer.toString(beamSize));
    p.put("batchSize", Integer.toString(batchSize));
    p.put("maxSamples", Integer.toString(maxSamples));
    p.put("maxAnchorSize", Integer.toString(maxAnchorSize));
    p.put("discretizer", quantiles.name().toLowerCase(Locale.ROOT));
    return p;
  }

  @Override
  public String toString() {
    return "AnchorOptions" + parameters() + ", seed " + seed + ", threads " + threads;
  }

  /** Builds {@link AnchorOptions}; not thread-safe. */
  public static final class Builder {
    private double threshold = 0.95;
    private double delta = 0.05;
    private double epsilon = 0.1;
    private int beamSize = 2;
    private int batchSize = 100;
    private int maxSamples = 10_000;
    private int maxAnchorSize = 0;
    private Quantiles quantiles = Quantiles.QUARTILES;
    private long seed = 0;
    private int threads = Runtime.getRuntime().availableProcessors();

    private Builder() {}

    /** Precision threshold in (0, 1] (default 0.95). */
    public Builder threshold(double threshold) {
      this.threshold = threshold;
      return this;
    }

    /** Risk delta in (0, 1) (default 0.05). */
    public Builder delta(double delta) {
      this.delta = delta;
      return this;
    }

    /** KL-LUCB tolerance in (0, 1) (default 0.1). */
    public Builder epsilon(double epsilon) {
      this.epsilon = epsilon;
      return this;
    }

    /** Beam size >= 1 (default 2). */
    public Builder beamSize(int beamSize) {
      this.beamSize = beamSize;
      return this;
    }

    /** Perturbations per step >= 1 (default 100). */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** Perturbations per candidate anchor, at least the batch size (default 10,000). */
    public Builder maxSamples(int maxSamples) {
      this.maxSamples = maxSamples;
      return this;
    }

    /** The most predicates in an anchor, 0 for no limit (default). */
    public Builder maxAnchorSize(int maxAnchorSize) {
      this.maxAnchorSize = maxAnchorSize;
      return this;
    }

    public Builder quantiles(Quantiles quantiles) {
      this.quantiles = Objects.requireNonNull(quantiles, "quantiles");
      return this;
    }

    /** The seed; row {@code r}'s stream is {@code new Seed(seed).derive(r)}. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Worker threads >= 1 (default: all cores); results do not depend on it. */
    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    /** @throws IllegalArgumentException naming the first option out of range */
    public AnchorOptions build() {
      if (!(threshold > 0 && threshold <= 1)) {
        throw new IllegalArgumentException("threshold must be in (0, 1], was " + threshold);
      }
      if (!(delta > 0 && delta < 1)) {
        throw new IllegalArgumentException("delta must be in (0, 1), was " + delta);
      }
      if (!(epsilon > 0 && epsilon < 1)) {
        throw new IllegalArgumentException("epsilon must be in (0, 1), was " + epsilon);
      }
      if (beamSize < 1) {
        throw new IllegalArgumentException("beamSize must be >= 1, was " + beamSize);
      }
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
      }
      if (maxSamples < batchSize) {
        throw new IllegalArgumentException("maxSamples must be >= batchSize (" + batchSize + "), was " + maxSamples);
      }
      if (maxAnchorSize < 0) {
        throw new IllegalArgumentException("maxAnchorSize must be >= 0 (0 for no limit), was " + maxAnchorSize);
      }
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be >= 1, was " + threads);
      }
      return new AnchorOptions(this);
    }
  }
}
