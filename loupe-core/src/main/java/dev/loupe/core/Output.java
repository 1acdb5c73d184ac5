package dev.loupe.core;

import java.util.List;

/**
 * A model's outputs: their names (e.g. {@code "0","1","2"} for classes) and their scale.
 *
 * @param names one name per output, in order
 * @param scale the units in which {@link Model#predict} answers
 */
public record Output(List<String> names, Scale scale) {
  public Output {
    names = List.copyOf(names);
    if (names.isEmpty()) {
      throw new IllegalArgumentException("a model needs at least one output");
    }
  }

  public int size() {
    return names.size();
  }

  public String name(int i) {
    return names.get(i);
  }

  /** The index of the named output; an error naming the known outputs if absent. */
  public int require(String name) {
    int i = names.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException(
          "unknown output '" + name + "'; the model's outputs are: " + String.join(", ", names));
    }
    return i;
  }
}
