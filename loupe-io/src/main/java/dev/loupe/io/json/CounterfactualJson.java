package dev.loupe.io.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.core.Counterfactual;
import dev.loupe.core.Counterfactuals;
import dev.loupe.core.Diagnostics;
import dev.loupe.core.Feature;
import dev.loupe.core.Output;
import dev.loupe.core.Provenance;
import dev.loupe.core.Scale;
import dev.loupe.core.Schema;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes and reads the versioned JSON form of counterfactual explanations:
 *
 * <pre>{@code
 * {"format": "loupe.counterfactuals", "version": 1,
 *  "scale": "RAW_MARGIN", "features": ["duration", ..], "categorical": {"purpose": ["business", ..]},
 *  "outputs": ["1"],
 *  "results": [{"row": 17, "values": {"duration": 36, ..}, "prediction": [0.83],
 *               "desired": "class 0: output '1' <= 0", "requested": 5,
 *               "status": "FOUND", "reason": "", "diversity": 2.4, "elapsedNanos": 1234567,
 *               "provenance": {"method": .., "parameters": {..}, "loupeVersion": .., "modelDigest": ..,
 *                              "dataDigest": .., "seed": ..},
 *               "diagnostics": {"modelCalls": .., "rowsPredicted": .., "samples": ..},
 *               "counterfactuals": [{"values": {..}, "prediction": [..], "proximity": 1.2, "valid": true,
 *                                    "changes": [{"feature": "duration", "from": 36, "to": 12,
 *                                                 "fromText": "36", "toText": "12"}]}]}]}
 * }</pre>
 *
 * <p>Feature values are numbers (category codes for categorical features, whose level names are
 * listed under {@code categorical}); a missing value is {@code null}; infinities are the strings
 * {@code "Infinity"} and {@code "-Infinity"}. Doubles are written with {@link Double#toString},
 * so reading gives back the same bits. {@code changes} are derived data: reading recomputes them
 * from the values. Cost: linear in results x counterfactuals x features. Stateless and
 * thread-safe.
 */
public final class CounterfactualJson {
  /** The value of the {@code format} field. */
  public static final String FORMAT = "loupe.counterfactuals";
  /** The version written; {@link #read} accepts this version only. */
  public static final int VERSION = 1;

  private static final JsonFactory FACTORY = new JsonFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

  private CounterfactualJson() {}

  /**
   * Writes the results (all over one model's schema and outputs) as one document.
   *
   * @throws IllegalArgumentException if the results are empty or of different schemas or outputs
   */
  public static void write(List<Counterfactuals> results, Writer out) throws IOException {
    if (results.isEmpty()) {
      throw new IllegalArgumentException("no counterfactual results to write");
    }
    Schema schema = results.get(0).schema();
    Output outputs = results.get(0).output();
    for (Counterfactuals r : results) {
      if (!r.schema().equals(schema) || !r.output().equals(outputs)) {
        throw new IllegalArgumentException("all results must share one schema and outputs; row " + r.rowId()
            + " differs");
      }
    }
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField("format", FORMAT);
      g.writeNumberField("version", VERSION);
      g.writeStringField("scale", outputs.scale().name());
      Json.features(g, schema, outputs.names());
      g.writeArrayFieldStart("results");
      for (Counterfactuals r : results) {
        g.writeStartObject();
        g.writeNumberField("row", r.rowId());
        values(g, "values", schema, r.row());
        array(g, "prediction", r.prediction());
        g.writeStringField("desired", r.desired());
        g.writeNumberField("requested", r.requested());
        g.writeStringField("status", r.status().name());
        g.writeStringField("reason", r.reason());
        g.writeFieldName("diversity");
        Json.number(g, r.diversity());
        g.writeNumberField("elapsedNanos", r.elapsedNanos());
        Json.provenance(g, r.provenance());
        g.writeObjectFieldStart("diagnostics");
        g.writeNumberField("modelCalls", r.diagnostics().modelCalls());
        g.writeNumberField("rowsPredicted", r.diagnostics().rowsPredicted());
        g.writeNumberField("samples", r.diagnostics().samples());
        g.writeEndObject();
        g.writeArrayFieldStart("counterfactuals");
        for (Counterfactual c : r.counterfactuals()) {
          g.writeStartObject();
          values(g, "values", schema, c.values());
          array(g, "prediction", c.prediction());
          g.writeFieldName("proximity");
          Json.number(g, c.proximity());
          g.writeBooleanField("valid", c.valid());
          g.writeArrayFieldStart("changes");
          for (Counterfactual.Change ch : c.changes()) {
            g.writeStartObject();
            g.writeStringField("feature", ch.name());
            g.writeFieldName("from");
            Json.number(g, ch.from());
            g.writeFieldName("to");
            Json.number(g, ch.to());
            g.writeStringField("fromText", ch.fromText());
            g.writeStringField("toText", ch.toText());
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  /**
   * Reads a document written by {@link #write}.
   *
   * @throws IllegalArgumentException naming the field when the document is not a version-1
   *     {@value #FORMAT} document
   */
  public static List<Counterfactuals> read(Reader in) throws IOException {
    JsonNode doc = MAPPER.readTree(in);
    if (doc == null || !doc.isObject() || !FORMAT.equals(doc.path("format").asText())) {
      throw new IllegalArgumentException("not a " + FORMAT + " document: the field 'format' must be \"" + FORMAT + "\"");
    }
    if (doc.path("version").asInt(-1) != VERSION) {
      throw new IllegalArgumentException("unsupported " + FORMAT + " version " + doc.path("version")
          + "; this Loupe reads version " + VERSION);
    }
    JsonNode cats = require(doc, "categorical");
    List<Feature> fs = new ArrayList<>();
    for (JsonNode n : require(doc, "features")) {
      String name = n.asText();
      if (cats.has(name)) {
        List<String> levels = new ArrayList<>();
        cats.get(name).forEach(l -> levels.add(l.asText()));
        fs.add(Feature.categorical(name, levels));
      } else {
        fs.add(Feature.numeric(name));
      }
    }
    Schema schema = new Schema(fs);
    List<String> outs = new ArrayList<>();
    require(doc, "outputs").forEach(o -> outs.add(o.asText()));
    Output output = new Output(outs, Scale.valueOf(require(doc, "scale").asText()));
    List<Counterfactuals> results = new ArrayList<>();
    for (JsonNode r : require(doc, "results")) {
      double[] row = values(require(r, "values"), schema);
      List<Counterfactual> cfs = new ArrayList<>();
      for (JsonNode c : require(r, "counterfactuals")) {
        cfs.add(new Counterfactual(schema, row, values(require(c, "values"), schema), doubles(require(c, "prediction")),
            number(require(c, "proximity")), require(c, "valid").asBoolean()));
      }
      JsonNode d = require(r, "diagnostics");
      results.add(new Counterfactuals(schema, output, require(r, "row").asInt(), row, doubles(require(r, "prediction")),
          require(r, "desired").asText(), require(r, "requested").asInt(),
          Counterfactuals.Status.valueOf(require(r, "status").asText()), require(r, "reason").asText(), cfs,
          number(require(r, "diversity")), require(r, "elapsedNanos").asLong(), provenance(require(r, "provenance")),
          new Diagnostics(d.path("modelCalls").asLong(), d.path("rowsPredicted").asLong(), d.path("samples").asLong(),
              null, null)));
    }
    return results;
  }

  private static JsonNode require(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null) {
      throw new IllegalArgumentException("the " + FORMAT + " document lacks the field '" + field + "'");
    }
    return v;
  }

  private static void values(JsonGenerator g, String field, Schema schema, double[] v) throws IOException {
    g.writeObjectFieldStart(field);
    for (int j = 0; j < v.length; j++) {
      g.writeFieldName(schema.name(j));
      Json.number(g, v[j]);
    }
    g.writeEndObject();
  }

  private static double[] values(JsonNode node, Schema schema) {
    double[] v = new double[schema.size()];
    for (int j = 0; j < v.length; j++) {
      v[j] = number(require(node, schema.name(j)));
    }
    return v;
  }

  private static void array(JsonGenerator g, String field, double[] v) throws IOException {
    g.writeArrayFieldStart(field);
    for (double d : v) {
      Json.number(g, d);
    }
    g.writeEndArray();
  }

  private static double[] doubles(JsonNode node) {
    double[] v = new double[node.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = number(node.get(i));
    }
    return v;
  }

  private static double number(JsonNode n) {
    if (n == null || n.isNull()) {
      return Double.NaN;
    }
    if (n.isTextual()) {
      return Double.parseDouble(n.asText());
    }
    return Double.parseDouble(n.asText());
  }

  private static Provenance provenance(JsonNode n) {
    Map<String, String> params = new HashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = require(n, "parameters").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      params.put(e.getKey(), e.getValue().asText());
    }
    JsonNode seed = n.get("seed");
    return new Provenance(require(n, "method").asText(), params, require(n, "loupeVersion").asText(),
        require(n, "modelDigest").asText(), n.path("dataDigest").asText(""),
        seed == null || seed.isNull() ? null : seed.asLong());
  }
}
