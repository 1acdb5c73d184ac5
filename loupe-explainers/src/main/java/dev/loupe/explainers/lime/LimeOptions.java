package dev.loupe.explainers.lime;

import dev.loupe.explainers.discretize.Discretization.Quantiles;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The options of {@link Lime}: an immutable value made by {@link #builder()}, validated once by
 * {@link Builder#build()}, and recorded in every explanation's provenance.
 *
 * <p>Defaults follow the {@code lime} package: 5,000 samples, 10 features, selection
 * {@link Selection#AUTO}, kernel width {@code 0.75 sqrt(M)} for {@code M} features, ridge penalty
 * 1, quartile bins; seed 0 and all cores.
 */
public final class LimeOptions {

  /** How the surrogate's features are chosen (lime's {@code feature_selection}). */
  public enum Selection {
    /** Forward selection when at most 6 features are asked for, else highest weights (lime's "auto"). */
    AUTO,
    /** Greedy forward selection: add the feature that most raises the weighted R² of an unpenalised fit. */
    FORWARD,
    /** The features with the largest absolute weights in a ridge fit ({@code alpha = 0.01}) on all features. */
    HIGHEST_WEIGHTS
  }

  private final int samples;
  private final int features;
  private final Selection selection;
  private final double kernelWidth;
  private final double ridge;
  private final Quantiles quantiles;
  private final long seed;
  private final int threads;
  private final boolean featuresGiven;

  private LimeOptions(Builder b) {
    this.featuresGiven = b.featuresGiven;
    this.samples = b.samples;
    this.features = b.features;
    this.selection = b.selection;
    this.kernelWidth = b.kernelWidth;
    this.ridge = b.ridge;
    this.quantiles = b.quantiles;
    this.seed = b.seed;
    this.threads = b.threads;
  }

  /** The defaults. */
  public static LimeOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.samples = samples;
    b.features = features;
    b.selection = selection;
    b.kernelWidth = kernelWidth;
    b.ridge = ridge;
    b.quantiles = quantiles;
    b.seed = seed;
    b.threads = threads;
    b.featuresGiven = featuresGiven;
    return b;
  }

  /** Perturbations per row, the row itself included. */
  public int samples() {
    return samples;
  }

  /** Features in the surrogate (K) as asked for (10 by default). */
  public int features() {
    return features;
  }

  /**
   * K for a model with {@code m} features: the default capped at {@code m}.
   *
   * @throws IllegalArgumentException if K was given and exceeds {@code m}, or the samples cannot fit K
   */
  int features(int m) {
    if (featuresGiven && features > m) {
      throw new IllegalArgumentException("features (K) must be <= the model's " + m + " features, was " + features);
    }
    return Math.min(features, m);
  }

  public Selection selection() {
    return selection;
  }

  /** The kernel width, or {@code NaN} for the default {@code 0.75 sqrt(M)}. */
  public double kernelWidth() {
    return kernelWidth;
  }

  /** The kernel width for {@code m} features. */
  public double kernelWidth(int m) {
    return Double.isNaN(kernelWidth) ? 0.75 * Math.sqrt(m) : kernelWidth;
  }

  /** The surrogate's ridge penalty. */
  public double ridge() {
    return ridge;
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

  /** The options as provenance parameters, for a model with {@code m} features. */
  Map<String, String> parameters(int m) {
    Map<String, String> p = new TreeMap<>();
    p.put("samples", Integer.toString(samples));
    p.put("features", Integer.toString(Math.min(features, Math.max(m, 1))));
    p.put("selection", selection.name().toLowerCase(Locale.ROOT));
    p.put("kernelWidth", Double.toString(kernelWidth(m)));
    p.put("ridge", Double.toString(ridge));
    p.put("discretizer", quantiles.name().toLowerCase(Locale.ROOT));
    return p;
  }

  @Override
  public String toString() {
    return "LimeOptions[samples " + samples + ", features " + features + ", " + selection + ", kernel width "
        + (Double.isNaN(kernelWidth) ? "0.75 sqrt(M)" : kernelWidth) + ", ridge " + ridge + ", " + quantiles
        + ", seed " + seed + ", threads " + threads + "]";
  }

  /** Builds {@link LimeOptions}; not thread-safe. */
  public static final class Builder {
    private int samples = 5000;
    private int features = 10;
    private Selection selection = Selection.AUTO;
    private double kernelWidth = Double.NaN;
    private double ridge = 1.0;
    private Quantiles quantiles = Quantiles.QUARTILES;
    private long seed = 0;
    private int threads = Runtime.getRuntime().availableProcessors();
    private boolean featuresGiven;

    private Builder() {}

    /** Perturbations per row, the row itself included (default 5,000); at least {@code features + 1}. */
    public Builder samples(int samples) {
      this.samples = samples;
      return this;
    }

    /**
     * Features in the surrogate, K: at most the model's feature count (default 10, or all
     * features when the model has fewer).
     */
    public Builder features(int features) {
      this.features = features;
      this.featuresGiven = true;
      return this;
    }

    public Builder selection(Selection selection) {
      this.selection = Objects.requireNonNull(selection, "selection");
      return this;
    }

    /** The exponential kernel's width on the distance of binary representations (default {@code 0.75 sqrt(M)}). */
    public Builder kernelWidth(double kernelWidth) {
      this.kernelWidth = kernelWidth;
      return this;
    }

    /** The surrogate's ridge penalty (default 1, as lime's {@code Ridge(alpha=1)}). */
    public Builder ridge(double ridge) {
      this.ridge = ridge;
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

    /** Worker threads (default: all cores); results do not depend on it. */
    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the first option out of range
     */
    public LimeOptions build() {
      if (features < 1) {
        throw new IllegalArgumentException("features (K) must be >= 1, was " + features);
      }
      if (samples < features + 1) {
        throw new IllegalArgumentException("samples must be >= features + 1 = " + (features + 1)
            + " to fit a surrogate on " + features + " features, was " + samples);
      }
      if (!Double.isNaN(kernelWidth) && !(kernelWidth > 0 && kernelWidth < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException("kernelWidth must be finite and > 0, was " + kernelWidth);
      }
      if (!(ridge >= 0 && ridge < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException("ridge must be finite and >= 0, was " + ridge);
      }
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be >= 1, was " + threads);
      }
      return new LimeOptions(this);
    }
  }
}
