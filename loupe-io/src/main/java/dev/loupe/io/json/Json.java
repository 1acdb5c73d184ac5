package dev.loupe.io.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.loupe.core.DataFormatException;
import dev.loupe.core.Feature;
import dev.loupe.core.Provenance;
import dev.loupe.core.Schema;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the JSON documents of this package share: a double is a JSON number written with
 * {@link Double#toString} (so reading gives back the same bits), a missing value (NaN) is
 * {@code null}, infinities are the strings {@code "Infinity"} and {@code "-Infinity"}; the
 * provenance object; and reading with errors that name the source and the JSON path. Stateless.
 */
final class Json {
  private Json() {}

  /** Writes {@code v} as a number, {@code null} (NaN) or {@code "Infinity"}/{@code "-Infinity"}. */
  static void number(JsonGenerator g, double v) throws IOException {
    if (Double.isNaN(v)) {
      g.writeNull();
    } else if (Double.isInfinite(v)) {
      g.writeString(infinity(v));
    } else {
      g.writeNumber(v); // Double.toString: the shortest text that parses back to the same bits
    }
  }

  /** {@code v} as a tree node, written as {@link #number(JsonGenerator, double)} writes it. */
  static JsonNode numberNode(double v) {
    if (Double.isNaN(v)) {
      return NullNode.getInstance();
    }
    if (Double.isInfinite(v)) {
      return TextNode.valueOf(infinity(v));
    }
    return DoubleNode.valueOf(v);
  }

  private static String infinity(double v) {
    return v > 0 ? "Infinity" : "-Infinity";
  }

  /**
   * Writes the fields {@code features} (names in order), {@code categorical} (each categorical
   * feature's level names) and {@code outputs} (names in order).
   */
  static void features(JsonGenerator g, Schema schema, List<String> outputs) throws IOException {
    g.writeArrayFieldStart("features");
    for (String name : schema.names()) {
      g.writeString(name);
    }
    g.writeEndArray();
    g.writeObjectFieldStart("categorical");
    for (Feature f : schema.features()) {
      if (f.isCategorical()) {
        g.writeArrayFieldStart(f.name());
        for (String level : f.levels()) {
          g.writeString(level);
        }
        g.writeEndArray();
      }
    }
    g.writeEndObject();
    g.writeArrayFieldStart("outputs");
    for (String o : outputs) {
      g.writeString(o);
    }
    g.writeEndArray();
  }

  /** Writes the {@code provenance} field: method, parameters, version, digests, seed (or null). */
  static void provenance(JsonGenerator g, Provenance p) throws IOException {
    g.writeObjectFieldStart("provenance");
    g.writeStringField("method", p.method());
    g.writeObjectFieldStart("parameters");
    for (Map.Entry<String, String> e : p.parameters().entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
    g.writeStringField("loupeVersion", p.loupeVersion());
    g.writeStringField("modelDigest", p.modelDigest());
    g.writeStringField("dataDigest", p.dataDigest());
    if (p.seed() == null) {
      g.writeNullField("seed");
    } else {
      g.writeNumberField("seed", p.seed());
    }
    g.writeEndObject();
  }

  /** Parses a document; invalid JSON is a {@link DataFormatException} naming source, line and column. */
  static JsonNode parse(ObjectMapper mapper, Reader in, String source) throws IOException {
    try {
      return mapper.readTree(in);
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      String where = loc == null ? "" : ":" + loc.getLineNr() + ":" + loc.getColumnNr();
      throw new DataFormatException(source + where + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
    }
  }

  /** Reads fields of one parsed document; every error names the source and the JSON path. */
  static class PathReader {
    private final String source;

    PathReader(String source) {
      this.source = source;
    }

    /** The field {@code name} of {@code node} (at {@code path}); an error if either is absent. */
    JsonNode field(JsonNode node, String name, String path) {
      JsonNode v = node == null ? null : node.get(name);
      if (v == null) {
        throw error(path, "has no field '" + name + "'");
      }
      return v;
    }

    String text(JsonNode node, String name, String path) {
      JsonNode v = field(node, name, path);
      if (!v.isTextual()) {
        throw error(path + "." + name, "must be text, was " + v);
      }
      return v.asText();
    }

    int integer(JsonNode node, String name, String path) {
      JsonNode v = field(node, name, path);
      if (!v.isIntegralNumber() || !v.canConvertToInt()) {
        throw error(path + "." + name, "must be a whole number");
      }
      return v.intValue();
    }

    /** A number, {@code null} (NaN) or {@code "Infinity"}/{@code "-Infinity"}. */
    double number(JsonNode v, String path) {
      if (v.isNull()) {
        return Double.NaN;
      }
      if (v.isNumber()) {
        return v.doubleValue();
      }
      if (v.isTextual()) {
        switch (v.asText()) {
          case "Infinity":
            return Double.POSITIVE_INFINITY;
          case "-Infinity":
            return Double.NEGATIVE_INFINITY;
          default:
            break;
        }
      }
      throw error(path, "must be a number, null (missing), \"Infinity\" or \"-Infinity\", was " + v);
    }

    List<String> strings(JsonNode node, String path) {
      if (!node.isArray()) {
        throw error(path, "must be an array of text");
      }
      List<String> out = new ArrayList<>();
      for (int i = 0; i < node.size(); i++) {
        if (!node.get(i).isTextual()) {
          throw error(path + "[" + i + "]", "must be text");
        }
        out.add(node.get(i).asText());
      }
      return out;
    }

    DataFormatException error(String path, String what) {
      return new DataFormatException(source + ": " + path + " " + what);
    }
  }
}
