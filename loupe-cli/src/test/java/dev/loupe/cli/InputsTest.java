package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.DataFormatException;
import dev.loupe.core.Attributions;
import dev.loupe.core.Feature;
import dev.loupe.core.Link;
import dev.loupe.core.Output;
import dev.loupe.core.Provenance;
import dev.loupe.core.Scale;
import dev.loupe.core.Schema;
import dev.loupe.core.TreeEnsemble;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading data to fit a model, and the readable table; on hand-built models (no reader needed). */
class InputsTest {

  /** One tree: color (categorical, codes {1} go left) then size < 10. */
  static TreeEnsemble model(boolean colorHasLevels) {
    Schema schema = new Schema(List.of(
        colorHasLevels ? Feature.categorical("color", List.of("red", "green", "blue")) : Feature.categorical("color"),
        Feature.numeric("size")));
    return TreeEnsemble.builder(schema, List.of("1")).link(Link.LOGISTIC).baseMargin(0.5).digest("sha256:test")
        .beginTree(0, 5)
        .categoricalSplit(0, 0, new int[] {1}, true, 1, 2, false, TreeEnsemble.MISSING_NAN, 10)
        .leaf(1, 1.0, 4)
        .numericSplit(2, 1, 10, 3, 4, true, TreeEnsemble.MISSING_NAN, 6)
        .leaf(3, -1.0, 3)
        .leaf(4, 2.0, 3)
        .endTree()
        .build();
  }

  static Inputs.Data read(Inputs in, String csv, String target) {
    return in.frame(Inputs.CsvSource.of(csv, "d.csv"), "d.csv", target, false);
  }

  @Test
  void levelsFromTheModelAreUsedToReadText() {
    Inputs in = Inputs.of(model(true), "m.json", null, null);
    Inputs.Data d = read(in, "size,color,y\n3,blue,0\n12,green,1\n", "y");
    assertArrayEquals(new double[] {2, 1}, d.frame().column("color"), "codes follow the model's level order");
    assertEquals(0, d.binding().sourceColumn(1), "size is the data's first column");
    assertArrayEquals(new double[] {2, 3, 1, 12}, d.rowMajor(), "model order: color, size");
  }

  @Test
  void sidecarLevels() {
    Inputs in = Inputs.of(model(false), "m.json", "{\"color\": [\"red\", \"green\", \"blue\"]}", "m.levels.json");
    Inputs.Data d = read(in, "color,size\nred,1\n,2\n", null);
    assertArrayEquals(new double[] {0, Double.NaN}, d.frame().column("color"));
  }

  @Test
  void sidecarFileNextToTheModel(@TempDir Path dir) throws IOException {
    Path m = dir.resolve("credit.json");
    assertNull(Inputs.sidecar(m));
    Files.writeString(dir.resolve("credit.levels.json"), "{}");
    assertEquals(dir.resolve("credit.levels.json"), Inputs.sidecar(m));
    Files.writeString(dir.resolve("credit.json.levels.json"), "{}");
    assertEquals(dir.resolve("credit.json.levels.json"), Inputs.sidecar(m));
  }

  @Test
  void codesWithoutNamesAreRead() {
    Inputs in = Inputs.of(model(false), "m.json", null, null);
    Inputs.Data d = read(in, "color,size\n2,1\n0,2\n", null);
    assertArrayEquals(new double[] {2, 0}, d.frame().column("color"));
  }

  @Test
  void textForACategoricalFeatureWithoutNamesIsAnError() {
    Inputs in = Inputs.of(model(false), "models/m.json", null, null);
    CliException e = assertThrows(CliException.class, () -> read(in, "color,size\nred,1\n", null));
    assertEquals(1, e.exitCode());
    assertTrue(e.getMessage().startsWith("d.csv: column 'color' holds text ('red')"), e.getMessage());
    assertTrue(e.getMessage().contains("the model stores category codes, not names"), e.getMessage());
    assertTrue(e.getMessage().contains("m.levels.json"), e.getMessage());
  }

  @Test
  void textForANumericFeatureIsAnError() {
    Inputs in = Inputs.of(model(true), "m.json", null, null);
    // the CSV reader names the file, line and column of the first bad field
    DataFormatException e = assertThrows(DataFormatException.class, () -> read(in, "color,size\nred,1\nblue,big\n", null));
    assertTrue(e.getMessage().startsWith("d.csv:3:2: column 'size' is numeric but holds 'big'"), e.getMessage());
  }

  @Test
  void missingColumnIsNamed() {
    Inputs in = Inputs.of(model(true), "m.json", null, null);
    CliException e = assertThrows(CliException.class, () -> read(in, "color,weight\nred,1\n", null));
    assertEquals(1, e.exitCode());
    assertTrue(e.getMessage().startsWith("d.csv: the data has no column for model feature 'size'"), e.getMessage());
  }

  @Test
  void unknownLevelNamesLineAndColumn() {
    Inputs in = Inputs.of(model(true), "m.json", null, null);
    dev.loupe.core.DataFormatException e = assertThrows(dev.loupe.core.DataFormatException.class,
        () -> read(in, "color,size\nred,1\npurple,2\n", null));
    assertTrue(e.getMessage().startsWith("d.csv:3:1: 'purple' is not a known level of column 'color'"), e.getMessage());
  }

  @Test
  void badSidecar() {
    TreeEnsemble m = model(false);
    assertTrue(assertThrows(CliException.class, () -> Inputs.of(m, "m", "[1]", "s.json")).getMessage()
        .contains("expected a JSON object"));
    assertTrue(assertThrows(CliException.class, () -> Inputs.of(m, "m", "{\"size\":[\"a\"]}", "s.json")).getMessage()
        .contains("numeric"));
    assertTrue(assertThrows(CliException.class, () -> Inputs.of(m, "m", "{\"zz\":[\"a\"]}", "s.json")).getMessage()
        .contains("'zz', which is not a feature"));
    assertTrue(assertThrows(CliException.class, () -> Inputs.of(m, "m", "{", "s.json")).getMessage()
        .startsWith("s.json: not valid JSON"));
  }

  @Test
  void readableTable() {
    TreeEnsemble m = model(true);
    Inputs in = Inputs.of(m, "m.json", null, null);
    Inputs.Data d = read(in, "color,size\nblue,12\n", null);
    // Hand-made attributions of data row 7 (margin 0.5 + 2.0 = 2.5): color +1.2, size +0.8.
    Attributions a = new Attributions(m.schema(), new Output(List.of("1"), Scale.RAW_MARGIN), Scale.RAW_MARGIN,
        new int[] {7}, new double[] {2, 12}, new double[] {1.2, 0.8}, new double[] {0.5}, new double[] {2.5},
        new Provenance("tree-path-dependent", Map.of(), "v", "d", "", null));
    StringWriter w = new StringWriter();
    Explanations.printTable(new PrintWriter(w), new Explanations.Result(a, null), m, d, 1);
    String expected = String.format("row 7, output 1: margin 2.500 (probability %.3f), base value 0.500%n"
        + "  color = blue  raised the score by 1.200%n"
        + "  (1 other feature: +0.800 together)%n%n", 1 / (1 + Math.exp(-2.5)));
    assertEquals(expected, w.toString());
  }

  @Test
  void explainedRowsKeepTheirDataRowNumbers() {
    Inputs in = Inputs.of(model(true), "m.json", null, null);
    StringBuilder csv = new StringBuilder("color,size\n");
    for (int i = 0; i < 50; i++) {
      csv.append(i % 2 == 0 ? "red" : "green").append(',').append(i).append('\n');
    }
    Inputs.Data d = read(in, csv.toString(), null);
    Explanations.Result r = Explanations.explain(in.model, d, new int[] {42, 10}, null, 1, true);
    assertEquals(42, r.attributions().rowId(0));
    assertEquals(10, r.attributions().rowId(1));
    assertEquals(10, r.interactions().rowId(1));
    // row 42 is (red, 42): color code 0 is not in {1}, so it goes right, then size >= 10: leaf 2.0
    assertEquals(0.5 + 2.0, r.attributions().get(0, 0).prediction(), 0.0);
  }

  @Test
  void numericCategoryCodesMustBeWholeNumbers() {
    Inputs in = Inputs.of(model(false), "m.json", null, null);
    assertArrayEquals(new double[] {1, 2}, read(in, "color,size\n1,3\n2,4\n", null).frame().column("color"));
    DataFormatException e = assertThrows(DataFormatException.class,
        () -> read(in, "color,size\n1,3\n-0.5,4\n", null));
    assertTrue(e.getMessage().startsWith("d.csv:3:1:"), e.getMessage());
    assertTrue(e.getMessage().contains("whole numbers >= 0"), e.getMessage());
  }

  @Test
  void aBackgroundFileMayLackTheTargetColumn() {
    Inputs in = Inputs.of(model(true), "m.json", null, null);
    Inputs.Data with = in.frame(Inputs.CsvSource.of("color,size,y\nred,1,0\n", "bg.csv"), "bg.csv", "y", true);
    Inputs.Data without = in.frame(Inputs.CsvSource.of("color,size\nred,1\n", "bg.csv"), "bg.csv", "y", true);
    assertArrayEquals(with.rowMajor(), without.rowMajor());
  }
}
