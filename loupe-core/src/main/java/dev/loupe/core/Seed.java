package dev.loupe.core;

/**
 * An explicit, splittable random seed. A row's stream derives from (seed, row key), so results
 * never depend on thread count or partitioning.
 *
 * @param value the user's seed
 */
public record Seed(long value) {

  /** The seed for the sub-stream identified by {@code key} (SplitMix64 finalizer of the pair). */
  public Seed derive(long key) {
    return new Seed(mix(value ^ mix(key + 0x9E3779B97F4A7C15L)));
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
