package dev.loupe.io.csv;

import dev.loupe.core.Feature;
import dev.loupe.core.Frame;
import java.util.Objects;

/**
 * What a CSV file holds: the feature columns as a {@link Frame}, and the target column set aside
 * (or {@code null} when no target was asked for).
 *
 * @param source the file or stream name, for messages
 * @param features the feature columns
 * @param targetFeature the target's description (its levels if categorical), or {@code null}
 * @param target the target's values (category codes for a categorical target), or {@code null}
 */
public record Table(String source, Frame features, Feature targetFeature, double[] target) {
  public Table {
    Objects.requireNonNull(features, "features");
    if ((targetFeature == null) != (target == null)) {
      throw new IllegalArgumentException("targetFeature and target go together");
    }
  }

  public int rows() {
    return features.rows();
  }

  /** A copy of the target's values. */
  @Override
  public double[] target() {
    return target == null ? null : target.clone();
  }
}
