package dev.loupe.core;

import java.util.Objects;

/**
 * A {@link Model} backed by any Java {@link BatchFunction}: a model trained elsewhere on the JVM,
 * a scoring service client, a rule engine. Made by {@link Model#of}.
 */
final class FunctionModel implements Model {
  private final String name;
  private final Schema schema;
  private final Output output;
  private final BatchFunction function;

  FunctionModel(String name, Schema schema, Output output, BatchFunction function) {
    this.name = Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a function model needs a name (it identifies the model in provenance)");
    }
    this.schema = Objects.requireNonNull(schema, "schema");
    this.output = Objects.requireNonNull(output, "output");
    this.function = Objects.requireNonNull(function, "function");
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public Output output() {
    return output;
  }

  @Override
  public void predict(double[] rows, int n, double[] out) {
    function.apply(rows, n, out);
  }

  @Override
  public String digest() {
    return "function:" + name;
  }

  @Override
  public String toString() {
    return "FunctionModel[" + name + ", " + schema.size() + " features -> " + output.names() + "]";
  }
}
