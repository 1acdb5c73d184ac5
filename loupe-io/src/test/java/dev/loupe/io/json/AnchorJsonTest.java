package dev.loupe.io.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.AnchorExplanation;
import dev.loupe.core.DataFormatException;
import dev.loupe.core.Diagnostics;
import dev.loupe.core.Feature;
import dev.loupe.core.Output;
import dev.loupe.core.Predicate;
import dev.loupe.core.Provenance;
import dev.loupe.core.Scale;
import dev.loupe.core.Schema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The anchor document: written and read back with the same bits; errors name the JSON path. */
class AnchorJsonTest {
  static final Schema SCHEMA = new Schema(List.of(Feature.numeric("age"),
      Feature.categorical("workclass", List.of("Private", "State-gov")), Feature.numeric("capital_gain")));

  static AnchorExplanation anchor(int row, boolean reached) {
    List<Predicate> preds = List.of(Predicate.above(0, "age", 37.000000001),
        Predicate.equalTo(1, "workclass", 1, "State-gov"), Predicate.missing(2, "capital_gain"),
        Predicate.between(0, "age", Double.NEGATIVE_INFINITY, 0.1 + 0.2));
    return new AnchorExplanation(SCHEMA, row, new double[] {39.5, 1, Double.NaN}, new Output(List.of("1"),
        Scale.RAW_MARGIN), 0, "1", preds, 0.9712345678901234, 0.95000000001, 0.2100000000000001, 0.95, reached,
        new Provenance("anchors", Map.of("beamSize", "2"), "test", "sha256:ab", "sha256:cd", 7L),
        new Diagnostics(45, 4512, 4511, null, null));
  }

  @Test
  void roundTripKeepsEveryBit() {
    List<AnchorExplanation> in = List.of(anchor(17, true), anchor(3, false));
    String json = AnchorJson.toJson(in);
    assertTrue(json.contains("\"format\" : \"loupe.anchor\""), json);
    assertTrue(json.contains("\"rule\" : \"age > 37.00 AND workclass = State-gov AND capital_gain is missing"), json);
    List<AnchorExplanation> out = AnchorJson.read(json);
    assertEquals(2, out.size());
    for (int i = 0; i < 2; i++) {
      AnchorExplanation a = in.get(i);
      AnchorExplanation b = out.get(i);
      assertEquals(a.row(), b.row());
      assertEquals(a.schema(), b.schema());
      assertEquals(a.outputs(), b.outputs());
      assertArrayEquals(a.features(), b.features());
      assertEquals(a.predicates(), b.predicates());
      assertEquals(a.precision(), b.precision());
      assertEquals(a.precisionLowerBound(), b.precisionLowerBound());
      assertEquals(a.coverage(), b.coverage());
      assertEquals(a.thresholdReached(), b.thresholdReached());
      assertEquals(a.provenance(), b.provenance());
      assertEquals(a.diagnostics().modelCalls(), b.diagnostics().modelCalls());
      assertEquals(a.diagnostics().rowsPredicted(), b.diagnostics().rowsPredicted());
      assertEquals(a.text(), b.text());
    }
  }

  @Test
  void errorsNameThePath() {
    String json = AnchorJson.toJson(List.of(anchor(1, true)));
    DataFormatException e = assertThrows(DataFormatException.class,
        () -> AnchorJson.read(json.replace("\"version\" : 1", "\"version\" : 9")));
    assertTrue(e.getMessage().contains("$.version") && e.getMessage().contains("9"), e.getMessage());
    e = assertThrows(DataFormatException.class, () -> AnchorJson.read(json.replace("\"ABOVE\"", "\"NEAR\"")));
    assertTrue(e.getMessage().contains("$.anchors[0].predicates[0].kind") && e.getMessage().contains("NEAR"),
        e.getMessage());
    e = assertThrows(DataFormatException.class, () -> AnchorJson.read(json.replace("loupe.anchor", "loupe.explanation")));
    assertTrue(e.getMessage().contains("$.format"), e.getMessage());
    e = assertThrows(DataFormatException.class, () -> AnchorJson.read("{\"format\": "));
    assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
  }
}
