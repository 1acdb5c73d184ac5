package dev.loupe.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An ordered list of uniquely named features. Immutable; cheap to share.
 *
 * <p>Every feature may be missing ({@code NaN}); a model decides what missing means.
 */
public final class Schema {
  private final List<Feature> features;
  private final Map<String, Integer> index;

  public Schema(List<Feature> features) {
    this.features = List.copyOf(features);
    Map<String, Integer> idx = new HashMap<>();
    for (int i = 0; i < this.features.size(); i++) {
      Feature f = this.features.get(i);
      Integer prev = idx.put(f.name(), i);
      if (prev != null) {
        throw new IllegalArgumentException(
            "duplicate feature name '" + f.name() + "' at positions " + prev + " and " + i);
      }
    }
    this.index = Map.copyOf(idx);
  }

  /** A schema of numeric features with the given names. */
  public static Schema numeric(String... names) {
    List<Feature> fs = new ArrayList<>(names.length);
    for (String n : names) {
      fs.add(Feature.numeric(n));
    }
    return new Schema(fs);
  }

  /** A schema of {@code n} numeric features named {@code f0 .. f(n-1)}, for models without names. */
  public static Schema positional(int n) {
    String[] names = new String[n];
    for (int i = 0; i < n; i++) {
      names[i] = "f" + i;
    }
    return numeric(names);
  }

  public int size() {
    return features.size();
  }

  public Feature feature(int i) {
    return features.get(i);
  }

  public List<Feature> features() {
    return features;
  }

  public String name(int i) {
    return features.get(i).name();
  }

  public List<String> names() {
    List<String> out = new ArrayList<>(features.size());
    for (Feature f : features) {
      out.add(f.name());
    }
    return out;
  }

  /** The position of the named feature, or -1. */
  public int indexOf(String name) {
    Integer i = index.get(name);
    return i == null ? -1 : i;
  }

  /** The position of the named feature; an error naming the feature and the known ones if absent. */
  public int require(String name) {
    int i = indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException(
          "unknown feature '" + name + "'; known features: " + String.join(", ", names()));
    }
    return i;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Schema s && s.features.equals(features);
  }

  @Override
  public int hashCode() {
    return Objects.hash(features);
  }

  @Override
  public String toString() {
    return "Schema" + features;
  }
}
