package dev.loupe.io.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.Counterfactual;
import dev.loupe.core.Counterfactuals;
import dev.loupe.core.Counterfactuals.Status;
import dev.loupe.core.Diagnostics;
import dev.loupe.core.Feature;
import dev.loupe.core.Output;
import dev.loupe.core.Provenance;
import dev.loupe.core.Scale;
import dev.loupe.core.Schema;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Round trips of {@link CounterfactualJson}: every field read back bit for bit (exact equality). */
class CounterfactualJsonTest {
  static final Schema SCHEMA = new Schema(List.of(Feature.numeric("duration"),
      Feature.categorical("savings", List.of("<100", "500<=X<1000"))));
  static final Output OUT = new Output(List.of("1"), Scale.RAW_MARGIN);
  static final Provenance PROV = new Provenance("counterfactual-trees", Map.of("count", "2"), "0.1", "sha256:ab",
      "sha256:cd", 7L);

  @Test
  void roundTrip() throws IOException {
    double[] row = {36, 0};
    Counterfactual a = new Counterfactual(SCHEMA, row, new double[] {12, 0}, new double[] {-0.1}, 1.0 / 3, true);
    Counterfactual b = new Counterfactual(SCHEMA, row, new double[] {36, 1}, new double[] {-0.25}, 1, true);
    Counterfactuals found = new Counterfactuals(SCHEMA, OUT, 17, row, new double[] {0.83}, "class 0", 2, Status.FOUND,
        "", List.of(a, b), 4.0 / 3, 12345, PROV, new Diagnostics(3, 300, 299, null, null));
    Counterfactuals none = new Counterfactuals(SCHEMA, OUT, 18, new double[] {Double.NaN, 1}, new double[] {1.5},
        "class 0", 2, Status.NONE_EXISTS, "with duration immutable, ...", List.of(), Double.NaN, 10, PROV,
        new Diagnostics(1, 1, 0, null, null));
    StringWriter w = new StringWriter();
    CounterfactualJson.write(List.of(found, none), w);
    assertTrue(w.toString().contains("\"toText\" : \"500<=X<1000\""), w.toString());
    List<Counterfactuals> back = CounterfactualJson.read(new StringReader(w.toString()));
    assertEquals(2, back.size());
    Counterfactuals f = back.get(0);
    assertEquals(SCHEMA, f.schema());
    assertEquals(OUT, f.output());
    assertEquals(17, f.rowId());
    assertEquals(Status.FOUND, f.status());
    assertEquals(4.0 / 3, f.diversity());
    assertEquals(PROV, f.provenance());
    assertEquals(300, f.diagnostics().rowsPredicted());
    assertEquals(1.0 / 3, f.get(0).proximity());
    assertArrayEquals(new double[] {12, 0}, f.get(0).values());
    assertEquals("savings <100 \u2192 500<=X<1000", f.get(1).changes().get(0).toString());
    Counterfactuals n = back.get(1);
    assertEquals(Status.NONE_EXISTS, n.status());
    assertTrue(Double.isNaN(n.row()[0]) && Double.isNaN(n.diversity()));
    assertEquals("with duration immutable, ...", n.reason());
  }

  @Test
  void refusesOtherDocuments() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CounterfactualJson.read(new StringReader("{\"format\": \"loupe.explanation\", \"version\": 1}")));
    assertTrue(e.getMessage().contains("format"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> CounterfactualJson.read(new StringReader("{\"format\": \"loupe.counterfactuals\", \"version\": 2}")));
    assertTrue(e.getMessage().contains("version 2"), e.getMessage());
  }
}
