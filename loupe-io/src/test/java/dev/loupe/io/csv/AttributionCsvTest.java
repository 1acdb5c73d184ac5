package dev.loupe.io.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loupe.core.Attributions;
import dev.loupe.core.Interactions;
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

class AttributionCsvTest {
  private static final Provenance P = new Provenance("m", Map.of(), "v", "d", "", null);

  private static Attributions sample() {
    Schema schema = Schema.numeric("age", "amount, DM", "say \"hi\"");
    Output outputs = new Output(List.of("1"), Scale.RAW_MARGIN);
    double[] values = {0.1 + 0.2, -1.0 / 3, 1e-300, 2, 0, Double.MIN_VALUE};
    return new Attributions(schema, outputs, Scale.RAW_MARGIN, new int[] {5, 9}, new double[6], values,
        new double[] {-1.25, 0.5}, new double[] {0, 0}, P);
  }

  @Test
  void attributionsLayoutAndFullPrecision() throws IOException {
    StringWriter w = new StringWriter();
    AttributionCsv.write(sample(), w);
    assertEquals("row,output,base_value,age,\"amount, DM\",\"say \"\"hi\"\"\"\n"
        + "5,1,-1.25,0.30000000000000004,-0.3333333333333333,1.0E-300\n"
        + "9,1,0.5,2.0,0.0,4.9E-324\n", w.toString());
  }

  @Test
  void readsBackWithLoupesCsvReader() throws IOException {
    StringWriter w = new StringWriter();
    Attributions a = sample();
    AttributionCsv.write(a, w);
    Table t = Csv.read(new StringReader(w.toString()), "out.csv", CsvOptions.defaults());
    assertEquals(List.of("row", "output", "base_value", "age", "amount, DM", "say \"hi\""),
        t.features().schema().names());
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 3; j++) {
        assertEquals(Double.doubleToLongBits(a.value(i, 0, j)), Double.doubleToLongBits(t.features().get(i, 3 + j)));
      }
    }
  }

  @Test
  void interactionsOneMatrixRowPerLine() throws IOException {
    Schema schema = Schema.numeric("a", "b");
    Output outputs = new Output(List.of("x,y"), Scale.RAW_MARGIN);
    Interactions in = new Interactions(schema, outputs, new int[] {3}, new double[] {1, 0.5, 0.5, -2},
        new double[] {0.25}, P);
    StringWriter w = new StringWriter();
    AttributionCsv.write(in, w);
    assertEquals("row,output,feature,a,b\n3,\"x,y\",a,1.0,0.5\n3,\"x,y\",b,0.5,-2.0\n", w.toString());
  }

  @Test
  void quotingRules() {
    assertEquals("plain", AttributionCsv.field("plain"));
    assertEquals("\"a,b\"", AttributionCsv.field("a,b"));
    assertEquals("\"a\"\"b\"", AttributionCsv.field("a\"b"));
    assertEquals("\"a\nb\"", AttributionCsv.field("a\nb"));
    assertEquals("\" a\"", AttributionCsv.field(" a"));
    assertEquals("", AttributionCsv.field(""));
  }
}
