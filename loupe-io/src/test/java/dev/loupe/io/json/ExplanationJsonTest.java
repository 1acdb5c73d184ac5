package dev.loupe.io.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ExplanationJsonTest {

  /** Two rows, two outputs, three features (one categorical with names, one without). */
  static Attributions sample() {
    Schema schema = new Schema(List.of(
        Feature.categorical("checking_status", List.of("<0", "0<=X<200", "no checking")),
        Feature.numeric("duration"),
        Feature.categorical("code")));
    Output outputs = new Output(List.of("good", "bad"), Scale.RAW_MARGIN);
    double[] features = {2, 6, 1, 0, Double.NaN, 3};
    double[] values = {0.84, -0.1, 1e-300, -0.84, 0.1, -1e-300, 0.1 + 0.2, 1.0 / 3, Double.MIN_VALUE, -0.0, 7, 1e22};
    double[] base = {-0.5, 0.5, -0.25, 0.25};
    double[] pred = {0.24 + 1e-17, -0.24, 0.3 + 1.0 / 3 - 0.25, 7.25 + 1e22};
    Provenance p = new Provenance("tree-path-dependent", Map.of("threads", "4", "rows", "0-1"), "0.1.0",
        "sha256:abc", "sha256:def", null);
    return new Attributions(schema, outputs, Scale.RAW_MARGIN, new int[] {17, 3}, features, values, base, pred, p);
  }

  static Interactions sampleInteractions(Attributions a) {
    int n = a.size();
    int k = a.outputs().size();
    int m = a.schema().size();
    double[] v = new double[n * k * m * m];
    SplittableRandom r = new SplittableRandom(42);
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextDouble(-1, 1);
    }
    double[] base = new double[n * k];
    for (int i = 0; i < base.length; i++) {
      base[i] = r.nextDouble();
    }
    return new Interactions(a.schema(), a.outputs(), new int[] {17, 3}, v, base, a.provenance());
  }

  static void assertSame(Attributions expected, Attributions actual) {
    assertEquals(expected.schema(), actual.schema());
    assertEquals(expected.outputs(), actual.outputs());
    assertEquals(expected.scale(), actual.scale());
    assertEquals(expected.provenance(), actual.provenance());
    assertEquals(expected.size(), actual.size());
    int m = expected.schema().size();
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.rowId(i), actual.rowId(i));
      for (int j = 0; j < m; j++) {
        assertBits(expected.featureValue(i, j), actual.featureValue(i, j));
      }
      for (int o = 0; o < expected.outputs().size(); o++) {
        assertBits(expected.baseValue(i, o), actual.baseValue(i, o));
        assertBits(expected.prediction(i, o), actual.prediction(i, o));
        for (int j = 0; j < m; j++) {
          assertBits(expected.value(i, o, j), actual.value(i, o, j));
          assertBits(expected.standardError(i, o, j), actual.standardError(i, o, j));
        }
        assertBits(expected.fit(i, o), actual.fit(i, o));
      }
    }
    assertEquals(expected.diagnostics().modelCalls(), actual.diagnostics().modelCalls());
    assertEquals(expected.diagnostics().rowsPredicted(), actual.diagnostics().rowsPredicted());
    assertEquals(expected.diagnostics().samples(), actual.diagnostics().samples());
    assertEquals(expected.diagnostics().hasStandardErrors(), actual.diagnostics().hasStandardErrors());
    assertEquals(expected.diagnostics().hasFit(), actual.diagnostics().hasFit());
  }

  @Test
  void diagnosticsRoundTrip() {
    Attributions a = sample();
    double[] se = new double[12];
    for (int i = 0; i < se.length; i++) {
      se[i] = 0.001 * i + 1.0 / 7;
    }
    Attributions withDiagnostics = new Attributions(a.schema(), a.outputs(), a.scale(), new int[] {17, 3},
        new double[] {2, 6, 1, 0, Double.NaN, 3}, values(a), new double[] {-0.5, 0.5, -0.25, 0.25},
        new double[] {a.prediction(0, 0), a.prediction(0, 1), a.prediction(1, 0), a.prediction(1, 1)}, a.provenance(),
        new Diagnostics(12, 24_576, 4_096, se, new double[] {0.93, 0.5, 1.0 / 3, 1}));
    String json = ExplanationJson.toJson(withDiagnostics);
    assertTrue(json.contains("\"standardErrors\""), json);
    assertTrue(json.contains("\"modelCalls\" : 12"), json);
    assertSame(withDiagnostics, ExplanationJson.read(json));
    // and a document without them reads as no standard errors, no fit
    assertFalse(ExplanationJson.read(ExplanationJson.toJson(a)).diagnostics().hasStandardErrors());
  }

  private static double[] values(Attributions a) {
    double[] v = new double[12];
    for (int i = 0, at = 0; i < 2; i++) {
      for (int o = 0; o < 2; o++) {
        for (int j = 0; j < 3; j++) {
          v[at++] = a.value(i, o, j);
        }
      }
    }
    return v;
  }

  static void assertBits(double expected, double actual) {
    assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
        () -> "expected " + expected + " but read " + actual);
  }

  @Test
  void roundTripIsBitIdentical() {
    Attributions a = sample();
    Attributions back = ExplanationJson.read(ExplanationJson.toJson(a));
    assertSame(a, back);
    assertFalse(ExplanationJson.readInteractions(ExplanationJson.toJson(a)).isPresent());
  }

  @Test
  void randomBitPatternsRoundTrip() {
    // Jackson writes doubles with Double.toString and parses them with Double.parseDouble: exact.
    SplittableRandom r = new SplittableRandom(7);
    Schema schema = Schema.numeric("a", "b", "c", "d");
    int n = 500;
    double[] features = new double[n * 4];
    double[] values = new double[n * 4];
    double[] base = new double[n];
    double[] pred = new double[n];
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) {
      rows[i] = i;
      base[i] = randomFinite(r);
      pred[i] = randomFinite(r);
      for (int j = 0; j < 4; j++) {
        features[i * 4 + j] = randomFinite(r);
        values[i * 4 + j] = randomFinite(r);
      }
    }
    Provenance p = new Provenance("m", Map.of(), "v", "d", "", 123L);
    Attributions a = new Attributions(schema, new Output(List.of("y"), Scale.RAW_MARGIN), Scale.RAW_MARGIN, rows,
        features, values, base, pred, p);
    assertSame(a, ExplanationJson.read(ExplanationJson.toJson(a)));
  }

  private static double randomFinite(SplittableRandom r) {
    while (true) {
      double d = Double.longBitsToDouble(r.nextLong());
      if (Double.isFinite(d)) {
        return d;
      }
    }
  }

  @Test
  void documentHasTheDocumentedShape() throws Exception {
    JsonNode doc = new ObjectMapper().readTree(ExplanationJson.toJson(sample()));
    assertEquals("loupe.explanation", doc.get("format").asText());
    assertEquals(1, doc.get("version").asInt());
    assertEquals("tree-path-dependent", doc.at("/provenance/method").asText());
    assertEquals("4", doc.at("/provenance/parameters/threads").asText());
    assertTrue(doc.at("/provenance/seed").isNull());
    assertEquals("RAW_MARGIN", doc.get("scale").asText());
    assertEquals("[\"checking_status\",\"duration\",\"code\"]", doc.get("features").toString());
    assertEquals("[\"good\",\"bad\"]", doc.get("outputs").toString());
    assertEquals("[\"<0\",\"0<=X<200\",\"no checking\"]", doc.at("/categorical/checking_status").toString());
    assertEquals("[]", doc.at("/categorical/code").toString());
    assertTrue(doc.at("/categorical/duration").isMissingNode());
    JsonNode row = doc.at("/rows/1");
    assertEquals(3, row.get("row").asInt());
    assertTrue(row.at("/values/duration").isNull(), "missing feature value is null");
    assertEquals(0.0, row.at("/values/checking_status").asDouble());
    JsonNode out = doc.at("/rows/0/outputs/1");
    assertEquals("bad", out.get("output").asText());
    assertEquals(0.5, out.get("baseValue").asDouble());
    assertEquals(-0.84, out.at("/values/checking_status").asDouble());
    // row 0, output "bad": 0.5 - 0.84 + 0.1 - 1e-300 = -0.24 (up to rounding)
    assertEquals(sample().get(0, 1).additivityError(), out.get("additivityError").asDouble());
    assertEquals(sample().maxAdditivityError(), doc.at("/diagnostics/maxAdditivityError").asDouble());
  }

  @Test
  void interactionsRoundTrip() {
    Attributions a = sample();
    Interactions in = sampleInteractions(a);
    String json = ExplanationJson.toJson(a, in);
    assertSame(a, ExplanationJson.read(json));
    Interactions back = ExplanationJson.readInteractions(json).orElseThrow();
    assertEquals(in.size(), back.size());
    int m = a.schema().size();
    for (int i = 0; i < in.size(); i++) {
      assertEquals(in.rowId(i), back.rowId(i));
      for (int o = 0; o < 2; o++) {
        assertBits(in.baseValue(i, o), back.baseValue(i, o));
        for (int x = 0; x < m; x++) {
          for (int y = 0; y < m; y++) {
            assertBits(in.value(i, o, x, y), back.value(i, o, x, y));
          }
        }
      }
    }
  }

  @Test
  void infinitiesAreStrings() {
    Schema schema = Schema.numeric("x");
    Attributions a = new Attributions(schema, new Output(List.of("y"), Scale.RAW_MARGIN), Scale.RAW_MARGIN,
        new int[] {0}, new double[] {Double.POSITIVE_INFINITY}, new double[] {Double.NEGATIVE_INFINITY},
        new double[] {0}, new double[] {Double.NaN}, new Provenance("m", Map.of(), "v", "d", "", null));
    String json = ExplanationJson.toJson(a);
    assertTrue(json.contains("\"Infinity\"") && json.contains("\"-Infinity\""), json);
    assertSame(a, ExplanationJson.read(json));
  }

  @Test
  void mismatchedInteractionsAreRefused() {
    Attributions a = sample();
    Interactions other = new Interactions(a.schema(), a.outputs(), new int[] {17, 4},
        new double[2 * 2 * 9], new double[4], a.provenance());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExplanationJson.toJson(a, other));
    assertTrue(e.getMessage().contains("data row 3"), e.getMessage());
  }

  @Test
  void errorsNameSourceAndPath() {
    String json = ExplanationJson.toJson(sample());
    DataFormatException wrongFormat = assertThrows(DataFormatException.class,
        () -> ExplanationJson.read(json.replace("loupe.explanation", "other")));
    assertTrue(wrongFormat.getMessage().startsWith("<string>: $.format is 'other'"), wrongFormat.getMessage());
    DataFormatException newer = assertThrows(DataFormatException.class,
        () -> ExplanationJson.read(json.replace("\"version\" : 1", "\"version\" : 2")));
    assertTrue(newer.getMessage().contains("$.version is 2"), newer.getMessage());
    DataFormatException text = assertThrows(DataFormatException.class,
        () -> ExplanationJson.read(json.replace("\"baseValue\" : -0.5", "\"baseValue\" : \"x\"")));
    assertTrue(text.getMessage().contains("$.rows[0].outputs[0].baseValue must be a number"), text.getMessage());
    DataFormatException broken = assertThrows(DataFormatException.class, () -> ExplanationJson.read("{\"format\":"));
    assertTrue(broken.getMessage().startsWith("<string>:1:"), broken.getMessage());
    assertNotNull(broken.getCause());
  }
}
