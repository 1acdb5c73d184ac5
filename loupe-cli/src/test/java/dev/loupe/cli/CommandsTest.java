package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.core.Attributions;
import dev.loupe.io.json.ExplanationJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code predict}, {@code explain} and {@code demo} end to end on the bundled demo model (needs the
 * XGBoost reader and TreeSHAP).
 */
class CommandsTest {
  @TempDir Path dir;
  Path model;
  Path data;
  int features = 20;

  @BeforeEach
  void files() throws IOException {
    DemoFiles demo = DemoFiles.copyTo(dir);
    model = demo.model();
    data = demo.data();
  }

  private String p(Path f) {
    return f.toString();
  }

  @Test
  void predictWritesOneProbabilityPerRow() {
    Run r = Run.of("predict", "--model", p(model), "--data", p(data), "--target", "class").assertOk();
    List<String> lines = r.out().lines().toList();
    assertEquals(1001, lines.size());
    assertTrue(lines.get(0).startsWith("row,"), lines.get(0));
    assertEquals(2, lines.get(0).split(",").length, "binary: one column, the positive class");
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",");
      assertEquals(Integer.toString(i - 1), f[0]);
      double prob = Double.parseDouble(f[1]);
      assertTrue(prob > 0 && prob < 1, lines.get(i));
    }
  }

  @Test
  void predictRawGivesMargins() throws IOException {
    Path out = dir.resolve("margins.csv");
    Run.of("predict", "--model", p(model), "--data", p(data), "--raw", "--out", p(out)).assertOk();
    List<String> lines = Files.readAllLines(out);
    assertEquals(1001, lines.size());
    boolean outside = false;
    for (int i = 1; i < lines.size(); i++) {
      double margin = Double.parseDouble(lines.get(i).split(",")[1]);
      outside |= margin < 0 || margin > 1;
    }
    assertTrue(outside, "margins are log-odds, not all in [0, 1]");
  }

  @Test
  void explainCsvLayout() {
    Run r = Run.of("explain", "--model", p(model), "--data", p(data), "--rows", "1,4,10-12", "--format", "csv",
        "--threads", "2").assertOk();
    List<String> lines = r.out().lines().toList();
    assertTrue(lines.get(0).startsWith("row,output,base_value,checking_status,duration,"), lines.get(0));
    assertEquals(3 + features, lines.get(0).split(",").length);
    assertEquals(6, lines.size());
    assertEquals(List.of("1", "4", "10", "11", "12"), lines.subList(1, 6).stream().map(l -> l.split(",")[0]).toList());
  }

  @Test
  void explainInteractionsCsvLayout() {
    Run r = Run.of("explain", "--model", p(model), "--data", p(data), "--rows", "3", "--interactions", "--format", "csv")
        .assertOk();
    List<String> lines = r.out().lines().toList();
    assertTrue(lines.get(0).startsWith("row,output,feature,checking_status,"), lines.get(0));
    assertEquals(1 + features, lines.size(), "one matrix row per feature");
    assertTrue(lines.get(1).startsWith("3,"), lines.get(1));
  }

  @Test
  void explainJsonIsTheVersionedDocumentAndAddsUp() throws IOException {
    Path out = dir.resolve("e.json");
    Run.of("explain", "--model", p(model), "--data", p(data), "--rows", "0-9", "--out", p(out)).assertOk();
    JsonNode doc = new ObjectMapper().readTree(out.toFile());
    assertEquals("loupe.explanation", doc.get("format").asText());
    assertEquals(10, doc.get("rows").size());
    Attributions a = ExplanationJson.read(out);
    assertEquals(9, a.rowId(9));
    assertTrue(a.maxAdditivityError() < 1e-9, "TreeSHAP is exact: " + a.maxAdditivityError());
  }

  @Test
  void explainTableInWords() {
    Run r = Run.of("explain", "--model", p(model), "--data", p(data), "--rows", "0", "--top", "3").assertOk();
    assertTrue(r.out().startsWith("row 0, output "), r.out());
    assertTrue(r.out().contains("probability"), r.out());
    assertTrue(r.out().contains(" the score by "), r.out());
    assertEquals(3, r.out().lines().filter(l -> l.contains(" the score")).count(), r.out());
  }

  @Test
  void interventionalWithBackground() {
    Run.of("explain", "--model", p(model), "--data", p(data), "--rows", "0-1", "--method", "tree-interventional",
        "--background", p(data), "--target", "class", "--format", "json").assertOk();
  }

  @Test
  void rowsOutOfRange() {
    Run.of("explain", "--model", p(model), "--data", p(data), "--rows", "990-1000")
        .assertError(2, "990-1000", "1000 rows (0-999)", p(data));
  }

  @Test
  void missingColumn() throws IOException {
    Path noAge = dir.resolve("no_age.csv");
    List<String> lines = Files.readAllLines(data);
    List<String> cut = lines.stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList(); // drops 'class'
    Files.write(noAge, cut);
    Files.writeString(noAge, Files.readString(noAge).replace(",age,", ",years,"));
    Run.of("predict", "--model", p(model), "--data", p(noAge)).assertError(1, "'age'", "no_age.csv");
  }

  @Test
  void badCsv() throws IOException {
    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, Files.readString(data).replaceFirst("\n<0,6,", "\n<0,6,extra,"));
    Run.of("explain", "--model", p(model), "--data", p(bad)).assertError(1, "bad.csv:2:");
  }

  @Test
  void codesWithoutSidecarAreAnErrorNamingTheFix() throws IOException {
    Files.delete(dir.resolve(DemoCommand.LEVELS));
    Run.of("predict", "--model", p(model), "--data", p(data), "--target", "class")
        .assertError(1, "category codes, not names", "german_credit.levels.json");
  }

  @Test
  void demoPrintsReasonsForFiveApplicants() {
    Run r = Run.of("demo").assertOk();
    for (int i = 0; i < 5; i++) {
      assertTrue(r.out().contains("row " + i + ", output "), r.out());
    }
    assertTrue(r.out().contains("raised the score by") || r.out().contains("lowered the score by"), r.out());
  }
}
