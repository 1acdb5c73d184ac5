package dev.loupe.io.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.core.Attributions;
import dev.loupe.core.DataFormatException;
import dev.loupe.core.Diagnostics;
import dev.loupe.core.Feature;
import dev.loupe.core.Interactions;
import dev.loupe.core.Output;
import dev.loupe.core.Provenance;
import dev.loupe.core.Scale;
import dev.loupe.core.Schema;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes and reads the versioned JSON form of explanations:
 *
 * <pre>{@code
 * {"format": "loupe.explanation", "version": 1,
 *  "provenance": {"method": .., "parameters": {..}, "loupeVersion": .., "modelDigest": .., "dataDigest": .., "seed": ..},
 *  "scale": "RAW_MARGIN",
 *  "features": ["checking_status", "duration", ..],
 *  "categorical": {"checking_status": ["<0", "0<=X<200", ..]},
 *  "outputs": ["1"],
 *  "rows": [{"row": 17, "values": {"checking_status": 0, "duration": 6, ..},
 *            "outputs": [{"output": "1", "baseValue": .., "prediction": .., "values": {"checking_status": 0.84, ..},
 *                         "additivityError": .., "standardErrors": {"checking_status": 0.01, ..}, "fit": ..,
 *                         "interactions": {"baseValue": .., "values": [[..], ..]}}]}],
 *  "diagnostics": {"maxAdditivityError": .., "modelCalls": .., "rowsPredicted": .., "samples": ..}}
 * }</pre>
 *
 * <p>{@code values} of a row are its feature values (category codes for categorical features,
 * whose level names, when known, are listed under {@code categorical}; a categorical feature
 * without names maps to an empty list). A missing value is {@code null}; infinities are the
 * strings {@code "Infinity"} and {@code "-Infinity"}. Doubles are written with
 * {@link Double#toString}, so reading gives back the same bits. {@code interactions} is present
 * only when interactions were written: an {@code m x m} matrix in feature order. The document has
 * one provenance; read interactions carry it. {@code standardErrors} (sampled methods: KernelSHAP,
 * permutation) and {@code fit} (LIME's weighted R²) are present only when the explainer reported
 * them, for every row and output or for none; {@code modelCalls}, {@code rowsPredicted} and
 * {@code samples} count what the explainer asked of the model (0 for TreeSHAP).
 *
 * <p>Cost: linear in rows x outputs x features (x features for interactions). Stateless and
 * thread-safe.
 */
public final class ExplanationJson {
  /** The value of the {@code format} field. */
  public static final String FORMAT = "loupe.explanation";
  /** The version written; {@link #read} accepts this version only. */
  public static final int VERSION = 1;

  private static final JsonFactory FACTORY = new JsonFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

  private ExplanationJson() {}

  /** Writes attributions as one JSON document. */
  public static void write(Attributions attributions, Writer out) throws IOException {
    write(attributions, null, out);
  }

  /**
   * Writes attributions and their interactions as one JSON document.
   *
   * @param interactions the same rows and outputs as {@code attributions}, or {@code null}
   * @throws IllegalArgumentException when the interactions are of other rows, outputs or features
   */
  public static void write(Attributions attributions, Interactions interactions, Writer out) throws IOException {
    if (interactions != null) {
      checkSameShape(attributions, interactions);
    }
    Schema schema = attributions.schema();
    int m = schema.size();
    int k = attributions.outputs().size();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField("format", FORMAT);
      g.writeNumberField("version", VERSION);
      Json.provenance(g, attributions.provenance());
      g.writeStringField("scale", attributions.scale().name());
      Json.features(g, schema, attributions.outputs().names());
      g.writeArrayFieldStart("rows");
      for (int i = 0; i < attributions.size(); i++) {
        g.writeStartObject();
        g.writeNumberField("row", attributions.rowId(i));
        g.writeObjectFieldStart("values");
        for (int j = 0; j < m; j++) {
          g.writeFieldName(schema.name(j));
          Json.number(g, attributions.featureValue(i, j));
        }
        g.writeEndObject();
        g.writeArrayFieldStart("outputs");
        for (int o = 0; o < k; o++) {
          g.writeStartObject();
          g.writeStringField("output", attributions.outputs().name(o));
          g.writeFieldName("baseValue");
          Json.number(g, attributions.baseValue(i, o));
          g.writeFieldName("prediction");
          Json.number(g, attributions.prediction(i, o));
          g.writeObjectFieldStart("values");
          for (int j = 0; j < m; j++) {
            g.writeFieldName(schema.name(j));
            Json.number(g, attributions.value(i, o, j));
          }
          g.writeEndObject();
          g.writeFieldName("additivityError");
          Json.number(g, attributions.get(i, o).additivityError());
          if (attributions.diagnostics().hasStandardErrors()) {
            g.writeObjectFieldStart("standardErrors");
            for (int j = 0; j < m; j++) {
              g.writeFieldName(schema.name(j));
              Json.number(g, attributions.standardError(i, o, j));
            }
            g.writeEndObject();
          }
          if (attributions.diagnostics().hasFit()) {
            g.writeFieldName("fit");
            Json.number(g, attributions.fit(i, o));
          }
          if (interactions != null) {
            g.writeObjectFieldStart("interactions");
            g.writeFieldName("baseValue");
            Json.number(g, interactions.baseValue(i, o));
            g.writeArrayFieldStart("values");
            for (int a = 0; a < m; a++) {
              g.writeStartArray();
              for (int b = 0; b < m; b++) {
                Json.number(g, interactions.value(i, o, a, b));
              }
              g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndObject();
          }
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeObjectFieldStart("diagnostics");
      g.writeFieldName("maxAdditivityError");
      Json.number(g, attributions.maxAdditivityError());
      g.writeNumberField("modelCalls", attributions.diagnostics().modelCalls());
      g.writeNumberField("rowsPredicted", attributions.diagnostics().rowsPredicted());
      g.writeNumberField("samples", attributions.diagnostics().samples());
      g.writeEndObject();
      g.writeEndObject();
    }
    out.flush();
  }

  /** The JSON document of {@code attributions} (and {@code interactions}, if not null) as a string. */
  public static String toJson(Attributions attributions, Interactions interactions) {
    StringWriter w = new StringWriter();
    try {
      write(attributions, interactions, w);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return w.toString();
  }

  /** The JSON document of {@code attributions} as a string. */
  public static String toJson(Attributions attributions) {
    return toJson(attributions, null);
  }

  /** Writes the document to a file (UTF-8). */
  public static void write(Attributions attributions, Interactions interactions, Path file) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(attributions, interactions, w);
    }
  }

  /** Reads the attributions of a document. */
  public static Attributions read(Reader in, String source) throws IOException {
    return parse(in, source).attributions;
  }

  /** Reads the attributions of a document held in a string. */
  public static Attributions read(String json) {
    try {
      return read(new StringReader(json), "<string>");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads the attributions of a document file. */
  public static Attributions read(Path file) {
    return parseFile(file).attributions;
  }

  /** Reads the interactions of a document, if it has them. */
  public static Optional<Interactions> readInteractions(Reader in, String source) throws IOException {
    return Optional.ofNullable(parse(in, source).interactions);
  }

  /** Reads the interactions of a document held in a string, if it has them. */
  public static Optional<Interactions> readInteractions(String json) {
    try {
      return readInteractions(new StringReader(json), "<string>");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------- writing helpers

  private static void checkSameShape(Attributions a, Interactions in) {
    if (!a.schema().names().equals(in.schema().names())) {
      throw new IllegalArgumentException("interactions are over features " + in.schema().names()
          + " but the attributions over " + a.schema().names());
    }
    if (!a.outputs().names().equals(in.outputs().names())) {
      throw new IllegalArgumentException("interactions are of outputs " + in.outputs().names()
          + " but the attributions of " + a.outputs().names());
    }
    if (a.size() != in.size()) {
      throw new IllegalArgumentException(
          "interactions have " + in.size() + " rows but the attributions " + a.size());
    }
    for (int i = 0; i < a.size(); i++) {
      if (a.rowId(i) != in.rowId(i)) {
        throw new IllegalArgumentException("explained row " + i + " is data row " + a.rowId(i)
            + " in the attributions but " + in.rowId(i) + " in the interactions");
      }
    }
  }

  // ---------------------------------------------------------------- reading

  private record Parsed(Attributions attributions, Interactions interactions) {}

  private static Parsed parseFile(Path file) {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(r, file.toString());
    } catch (NoSuchFileException e) {
      throw new DataFormatException(file + ": no such file; check the path");
    } catch (IOException e) {
      throw new DataFormatException(file + ": cannot be read (" + e.getMessage() + ")", e);
    }
  }

  private static Parsed parse(Reader in, String source) throws IOException {
    return new DocReader(source).read(Json.parse(MAPPER, in, source));
  }

  /** Reads one parsed document; every error names the source and the JSON path. */
  private static final class DocReader extends Json.PathReader {
    DocReader(String source) {
      super(source);
    }

    Parsed read(JsonNode root) {
      if (root == null || !root.isObject()) {
        throw error("$", "the document must be a JSON object");
      }
      String format = text(root, "format", "$");
      if (!FORMAT.equals(format)) {
        throw error("$.format", "is '" + format + "', expected '" + FORMAT + "'; this is not a Loupe explanation");
      }
      int version = integer(root, "version", "$");
      if (version != VERSION) {
        throw error("$.version", "is " + version + "; this Loupe reads version " + VERSION
            + " (written by a newer Loupe? upgrade Loupe)");
      }
      Provenance provenance = provenance(field(root, "provenance", "$"));
      Scale scale;
      String scaleName = text(root, "scale", "$");
      try {
        scale = Scale.valueOf(scaleName);
      } catch (IllegalArgumentException e) {
        throw error("$.scale", "unknown scale '" + scaleName + "'");
      }
      List<String> featureNames = strings(field(root, "features", "$"), "$.features");
      JsonNode cat = root.get("categorical");
      List<Feature> features = new ArrayList<>();
      for (String name : featureNames) {
        JsonNode levels = cat == null ? null : cat.get(name);
        features.add(levels == null ? Feature.numeric(name)
            : Feature.categorical(name, strings(levels, "$.categorical." + name)));
      }
      Schema schema;
      try {
        schema = new Schema(features);
      } catch (IllegalArgumentException e) {
        throw error("$.features", e.getMessage());
      }
      List<String> outputNames = strings(field(root, "outputs", "$"), "$.outputs");
      Output outputs;
      try {
        outputs = new Output(outputNames, scale);
      } catch (IllegalArgumentException e) {
        throw error("$.outputs", e.getMessage());
      }
      JsonNode rows = field(root, "rows", "$");
      if (!rows.isArray()) {
        throw error("$.rows", "must be an array");
      }
      int n = rows.size();
      int m = schema.size();
      int k = outputs.size();
      int[] rowIds = new int[n];
      double[] featureValues = new double[n * m];
      double[] values = new double[n * k * m];
      double[] base = new double[n * k];
      double[] predictions = new double[n * k];
      double[] interactionValues = null;
      double[] interactionBase = null;
      double[] standardErrors = null;
      double[] fits = null;
      for (int i = 0; i < n; i++) {
        String rp = "$.rows[" + i + "]";
        JsonNode row = rows.get(i);
        rowIds[i] = integer(row, "row", rp);
        featureMap(field(row, "values", rp), rp + ".values", schema, featureValues, i * m);
        JsonNode outs = field(row, "outputs", rp);
        if (!outs.isArray() || outs.size() != k) {
          throw error(rp + ".outputs", "must be an array of " + k + " outputs (one per name in $.outputs)");
        }
        for (int o = 0; o < k; o++) {
          String op = rp + ".outputs[" + o + "]";
          JsonNode out = outs.get(o);
          String name = text(out, "output", op);
          if (!name.equals(outputNames.get(o))) {
            throw error(op + ".output", "is '" + name + "', expected '" + outputNames.get(o) + "' (the order of $.outputs)");
          }
          base[i * k + o] = number(field(out, "baseValue", op), op + ".baseValue");
          predictions[i * k + o] = number(field(out, "prediction", op), op + ".prediction");
          featureMap(field(out, "values", op), op + ".values", schema, values, (i * k + o) * m);
          JsonNode seNode = out.get("standardErrors");
          JsonNode fitNode = out.get("fit");
          if (i == 0 && o == 0) {
            standardErrors = seNode == null ? null : new double[n * k * m];
            fits = fitNode == null ? null : new double[n * k];
          }
          if ((seNode != null) != (standardErrors != null) || (fitNode != null) != (fits != null)) {
            throw error(op, "standardErrors and fit must be given for every row and output or for none,"
                + " as in the first output of the first row");
          }
          if (seNode != null) {
            featureMap(seNode, op + ".standardErrors", schema, standardErrors, (i * k + o) * m);
          }
          if (fitNode != null) {
            fits[i * k + o] = number(fitNode, op + ".fit");
          }
          JsonNode inter = out.get("interactions");
          if (i == 0 && o == 0 && inter != null) {
            interactionValues = new double[n * k * m * m];
            interactionBase = new double[n * k];
          }
          if ((inter != null) != (interactionValues != null)) {
            throw error(op, "has " + (inter == null ? "no" : "") + " interactions but the first output of the first row "
                + (inter == null ? "has" : "has none") + "; interactions are given for every row and output or none");
          }
          if (inter != null) {
            interactionBase[i * k + o] = number(field(inter, "baseValue", op + ".interactions"), op + ".interactions.baseValue");
            matrix(field(inter, "values", op + ".interactions"), op + ".interactions.values", m,
                interactionValues, (i * k + o) * m * m);
          }
        }
      }
      JsonNode diag = root.get("diagnostics");
      Diagnostics diagnostics = new Diagnostics(count(diag, "modelCalls"), count(diag, "rowsPredicted"),
          count(diag, "samples"), standardErrors, fits);
      Attributions a = new Attributions(schema, outputs, scale, rowIds, featureValues, values, base, predictions, provenance,
          diagnostics);
      Interactions in = interactionValues == null ? null
          : new Interactions(schema, outputs, rowIds.clone(), interactionValues, interactionBase, provenance);
      return new Parsed(a, in);
    }

    private long count(JsonNode diagnostics, String name) {
      JsonNode v = diagnostics == null ? null : diagnostics.get(name);
      if (v == null) {
        return 0;
      }
      if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0) {
        throw error("$.diagnostics." + name, "must be a whole number >= 0, was " + v);
      }
      return v.asLong();
    }

    private Provenance provenance(JsonNode p) {
      String path = "$.provenance";
      Map<String, String> params = new LinkedHashMap<>();
      JsonNode pn = field(p, "parameters", path);
      if (!pn.isObject()) {
        throw error(path + ".parameters", "must be an object of text values");
      }
      Iterator<Map.Entry<String, JsonNode>> it = pn.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isTextual()) {
          throw error(path + ".parameters." + e.getKey(), "must be text");
        }
        params.put(e.getKey(), e.getValue().asText());
      }
      JsonNode seed = p.get("seed");
      Long seedValue = null;
      if (seed != null && !seed.isNull()) {
        if (!seed.isIntegralNumber() || !seed.canConvertToLong()) {
          throw error(path + ".seed", "must be a whole number or null");
        }
        seedValue = seed.asLong();
      }
      return new Provenance(text(p, "method", path), params, text(p, "loupeVersion", path),
          text(p, "modelDigest", path), text(p, "dataDigest", path), seedValue);
    }

    private void featureMap(JsonNode node, String path, Schema schema, double[] dest, int offset) {
      if (!node.isObject()) {
        throw error(path, "must be an object with one value per feature");
      }
      int m = schema.size();
      if (node.size() != m) {
        throw error(path, "has " + node.size() + " entries, expected one per feature (" + m + ")");
      }
      for (int j = 0; j < m; j++) {
        JsonNode v = node.get(schema.name(j));
        if (v == null) {
          throw error(path, "has no value for feature '" + schema.name(j) + "'");
        }
        dest[offset + j] = number(v, path + "." + schema.name(j));
      }
    }

    private void matrix(JsonNode node, String path, int m, double[] dest, int offset) {
      if (!node.isArray() || node.size() != m) {
        throw error(path, "must be an array of " + m + " rows");
      }
      for (int a = 0; a < m; a++) {
        JsonNode r = node.get(a);
        if (!r.isArray() || r.size() != m) {
          throw error(path + "[" + a + "]", "must be an array of " + m + " values");
        }
        for (int b = 0; b < m; b++) {
          dest[offset + a * m + b] = number(r.get(b), path + "[" + a + "][" + b + "]");
        }
      }
    }
  }
}
