package dev.loupe.io.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.core.AnchorExplanation;
import dev.loupe.core.Diagnostics;
import dev.loupe.core.Feature;
import dev.loupe.core.Output;
import dev.loupe.core.Predicate;
import dev.loupe.core.Provenance;
import dev.loupe.core.Scale;
import dev.loupe.core.Schema;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes and reads the versioned JSON form of anchors:
 *
 * <pre>{@code
 * {"format": "loupe.anchor", "version": 1,
 *  "scale": "RAW_MARGIN", "features": ["age", ..], "categorical": {"workclass": ["Private", ..]},
 *  "outputs": ["1"],
 *  "anchors": [{"row": 17, "values": {"age": 39, "workclass": 0, ..},
 *               "predictedOutput": 0, "predictedClass": "1",
 *               "rule": "age > 37.00 AND relationship = Husband",
 *               "predicates": [{"feature": "age", "kind": "ABOVE", "lower": 37.0, "upper": null, "level": "",
 *                               "text": "age > 37.00"}, ..],
 *               "precision": 0.97, "precisionLowerBound": 0.95, "coverage": 0.21,
 *               "threshold": 0.95, "thresholdReached": true,
 *               "diagnostics": {"modelCalls": 45, "rowsPredicted": 4512, "samples": 4511},
 *               "provenance": {"method": "anchors", "parameters": {..}, "loupeVersion": .., "modelDigest": ..,
 *                              "dataDigest": .., "seed": 0}}]}
 * }</pre>
 *
 * <p>All anchors of one document share the features and outputs. A missing value is {@code null};
 * infinite bounds are the strings {@code "Infinity"} and {@code "-Infinity"}. Doubles are written
 * with {@link Double#toString}, so reading gives back the same bits; {@code rule} and {@code text}
 * are for people and are recomputed on reading.
 *
 * <p>Cost: linear in anchors x features. Stateless and thread-safe.
 */
public final class AnchorJson {
  /** The value of the {@code format} field. */
  public static final String FORMAT = "loupe.anchor";
  /** The version written; {@link #read} accepts this version only. */
  public static final int VERSION = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private AnchorJson() {}

  /**
   * Writes anchors as one document.
   *
   * @throws IllegalArgumentException if the list is empty or the anchors have different features or outputs
   */
  public static void write(List<AnchorExplanation> anchors, Writer out) throws IOException {
    if (anchors.isEmpty()) {
      throw new IllegalArgumentException("no anchors to write");
    }
    AnchorExplanation first = anchors.get(0);
    Schema schema = first.schema();
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    root.put("scale", first.outputs().scale().name());
    ArrayNode features = root.putArray("features");
    ObjectNode categorical = root.putObject("categorical");
    for (Feature f : schema.features()) {
      features.add(f.name());
      if (f.isCategorical()) {
        ArrayNode levels = categorical.putArray(f.name());
        f.levels().forEach(levels::add);
      }
    }
    ArrayNode outputs = root.putArray("outputs");
    first.outputs().names().forEach(outputs::add);
    ArrayNode list = root.putArray("anchors");
    for (AnchorExplanation a : anchors) {
      if (!a.schema().equals(schema) || !a.outputs().equals(first.outputs())) {
        throw new IllegalArgumentException("anchor of row " + a.row() + " has other features or outputs than the"
            + " first anchor's; write them to separate documents");
      }
      ObjectNode n = list.addObject();
      n.put("row", a.row());
      ObjectNode values = n.putObject("values");
      double[] x = a.features();
      for (int j = 0; j < x.length; j++) {
        values.set(schema.name(j), Json.numberNode(x[j]));
      }
      n.put("predictedOutput", a.predictedOutput());
      n.put("predictedClass", a.predictedClass());
      n.put("rule", a.rule());
      ArrayNode preds = n.putArray("predicates");
      for (Predicate p : a.predicates()) {
        ObjectNode pn = preds.addObject();
        pn.put("feature", p.name());
        pn.put("kind", p.kind().name());
        pn.set("lower", Json.numberNode(p.lower()));
        pn.set("upper", Json.numberNode(p.upper()));
        pn.put("level", p.level());
        pn.put("text", p.text());
      }
      n.put("precision", a.precision());
      n.set("precisionLowerBound", Json.numberNode(a.precisionLowerBound()));
      n.put("coverage", a.coverage());
      n.put("threshold", a.threshold());
      n.put("thresholdReached", a.thresholdReached());
      ObjectNode d = n.putObject("diagnostics");
      d.put("modelCalls", a.diagnostics().modelCalls());
      d.put("rowsPredicted", a.diagnostics().rowsPredicted());
      d.put("samples", a.diagnostics().samples());
      Provenance pr = a.provenance();
      ObjectNode pv = n.putObject("provenance");
      pv.put("method", pr.method());
      ObjectNode params = pv.putObject("parameters");
      pr.parameters().forEach(params::put);
      pv.put("loupeVersion", pr.loupeVersion());
      pv.put("modelDigest", pr.modelDigest());
      pv.put("dataDigest", pr.dataDigest());
      if (pr.seed() == null) {
        pv.putNull("seed");
      } else {
        pv.put("seed", pr.seed());
      }
    }
    MAPPER.writeValue(new NonClosing(out), root);
    out.write('\n');
    out.flush();
  }

  /** The document of {@code anchors} as a string. */
  public static String toJson(List<AnchorExplanation> anchors) {
    StringWriter w = new StringWriter();
    try {
      write(anchors, w);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  /** Reads a document; {@code source} names it in error messages. */
  public static List<AnchorExplanation> read(Reader in, String source) throws IOException {
    return new DocReader(source).read(Json.parse(MAPPER, in, source));
  }

  /** Reads a document held in a string. */
  public static List<AnchorExplanation> read(String json) {
    try {
      return read(new StringReader(json), "<string>");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads one parsed document; every error names the source and the JSON path. */
  private static final class DocReader extends Json.PathReader {
    DocReader(String source) {
      super(source);
    }

    List<AnchorExplanation> read(JsonNode root) {
      if (root == null || !root.isObject()) {
        throw error("$", "the document must be a JSON object");
      }
      String format = text(root, "format", "$");
      if (!FORMAT.equals(format)) {
        throw error("$.format", "is '" + format + "', expected '" + FORMAT + "'; this is not a Loupe anchor document");
      }
      int version = field(root, "version", "$").asInt(-1);
      if (version != VERSION) {
        throw error("$.version", "is " + root.get("version") + "; this Loupe reads version " + VERSION
            + " (written by a newer Loupe? upgrade Loupe)");
      }
      Scale scale;
      try {
        scale = Scale.valueOf(text(root, "scale", "$"));
      } catch (IllegalArgumentException e) {
        throw error("$.scale", "unknown scale '" + root.get("scale").asText() + "'");
      }
      JsonNode cat = root.get("categorical");
      List<Feature> features = new ArrayList<>();
      for (String name : strings(field(root, "features", "$"), "$.features")) {
        JsonNode levels = cat == null ? null : cat.get(name);
        features.add(levels == null ? Feature.numeric(name)
            : Feature.categorical(name, strings(levels, "$.categorical." + name)));
      }
      Schema schema;
      Output outputs;
      try {
        schema = new Schema(features);
        outputs = new Output(strings(field(root, "outputs", "$"), "$.outputs"), scale);
      } catch (IllegalArgumentException e) {
        throw error("$", e.getMessage());
      }
      JsonNode list = field(root, "anchors", "$");
      if (!list.isArray()) {
        throw error("$.anchors", "must be an array");
      }
      List<AnchorExplanation> out = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        String ap = "$.anchors[" + i + "]";
        JsonNode a = list.get(i);
        try {
          out.add(anchor(a, ap, schema, outputs));
        } catch (IllegalArgumentException e) {
          throw error(ap, e.getMessage());
        }
      }
      return List.copyOf(out);
    }

    private AnchorExplanation anchor(JsonNode a, String ap, Schema schema, Output outputs) {
      int m = schema.size();
      double[] x = new double[m];
      JsonNode values = field(a, "values", ap);
      for (int j = 0; j < m; j++) {
        x[j] = number(field(values, schema.name(j), ap + ".values"), ap + ".values." + schema.name(j));
      }
      List<Predicate> preds = new ArrayList<>();
      JsonNode pl = field(a, "predicates", ap);
      for (int q = 0; q < pl.size(); q++) {
        String pp = ap + ".predicates[" + q + "]";
        JsonNode p = pl.get(q);
        String name = text(p, "feature", pp);
        int j = schema.indexOf(name);
        if (j < 0) {
          throw error(pp + ".feature", "'" + name + "' is not one of $.features");
        }
        Predicate.Kind kind;
        try {
          kind = Predicate.Kind.valueOf(text(p, "kind", pp));
        } catch (IllegalArgumentException e) {
          throw error(pp + ".kind", "unknown kind '" + p.get("kind").asText() + "'; expected one of "
              + java.util.Arrays.toString(Predicate.Kind.values()));
        }
        preds.add(new Predicate(j, name, kind, number(field(p, "lower", pp), pp + ".lower"),
            number(field(p, "upper", pp), pp + ".upper"), p.has("level") ? p.get("level").asText() : ""));
      }
      JsonNode d = field(a, "diagnostics", ap);
      Diagnostics diagnostics = new Diagnostics(field(d, "modelCalls", ap).asLong(),
          field(d, "rowsPredicted", ap).asLong(), field(d, "samples", ap).asLong(), null, null);
      return new AnchorExplanation(schema, field(a, "row", ap).asInt(), x, outputs,
          field(a, "predictedOutput", ap).asInt(), text(a, "predictedClass", ap), preds,
          number(field(a, "precision", ap), ap + ".precision"),
          number(field(a, "precisionLowerBound", ap), ap + ".precisionLowerBound"),
          number(field(a, "coverage", ap), ap + ".coverage"), number(field(a, "threshold", ap), ap + ".threshold"),
          field(a, "thresholdReached", ap).asBoolean(), provenance(field(a, "provenance", ap), ap + ".provenance"),
          diagnostics);
    }

    private Provenance provenance(JsonNode p, String path) {
      Map<String, String> params = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = field(p, "parameters", path).fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        params.put(e.getKey(), e.getValue().asText());
      }
      JsonNode seed = p.get("seed");
      return new Provenance(text(p, "method", path), params, text(p, "loupeVersion", path),
          text(p, "modelDigest", path), p.has("dataDigest") ? p.get("dataDigest").asText() : "",
          seed == null || seed.isNull() ? null : seed.asLong());
    }
  }

  /** Keeps Jackson from closing the caller's writer. */
  private static final class NonClosing extends java.io.FilterWriter {
    NonClosing(Writer w) {
      super(w);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
