package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every user mistake: one line on stderr, exit 2 for usage and 1 for data or model, no stack trace. */
class CliErrorsTest {
  @TempDir Path dir;
  Path model;
  Path data;

  @BeforeEach
  void files() throws IOException {
    model = dir.resolve("model.json");
    Files.writeString(model, "{}");
    data = dir.resolve("data.csv");
    Files.writeString(data, "a,b\n1,2\n");
  }

  private String p(Path file) {
    return file.toString();
  }

  @Test
  void noArgumentsPrintsHelp() {
    Run r = Run.of().assertOk();
    assertTrue(r.out().contains("Usage: loupe"), r.out());
    assertTrue(r.out().contains("demo"), r.out());
  }

  @Test
  void unknownCommand() {
    Run.of("explian").assertError(2, "explian");
  }

  @Test
  void unknownOption() {
    Run.of("predict", "--model", p(model), "--data", p(data), "--frobnicate").assertError(2, "--frobnicate");
  }

  @Test
  void missingRequiredOption() {
    Run.of("explain", "--model", p(model)).assertError(2, "--data");
  }

  @Test
  void unknownMethod() {
    Run.of("explain", "--model", p(model), "--data", p(data), "--method", "shapley").assertError(2, "shapley",
        "tree-path-dependent", "tree-interventional", "exact", "kernel", "permutation", "lime");
  }

  @Test
  void interventionalNeedsBackground() {
    Run.of("explain", "--model", p(model), "--data", p(data), "--method", "tree-interventional")
        .assertError(2, "--background");
  }

  @Test
  void backgroundWithoutInterventional() {
    Run.of("explain", "--model", p(model), "--data", p(data), "--background", p(data)).assertError(2, "--background");
  }

  @Test
  void interactionsNeedPathDependent() {
    Run.of("explain", "--model", p(model), "--data", p(data), "--method", "tree-interventional", "--background",
        p(data), "--interactions").assertError(2, "--interactions");
  }

  @Test
  void badRowRange() {
    Run.of("explain", "--model", p(model), "--data", p(data), "--rows", "5-x").assertError(2, "--rows", "5-x", "0-99");
    Run.of("explain", "--model", p(model), "--data", p(data), "--rows", "9-3").assertError(2, "ends before it starts");
  }

  @Test
  void unknownFormat() {
    Run.of("explain", "--model", p(model), "--data", p(data), "--format", "xml").assertError(2, "xml", "csv or json");
  }

  @Test
  void badThreads() {
    Run.of("explain", "--model", p(model), "--data", p(data), "--threads", "0").assertError(2, "--threads");
    Run.of("explain", "--model", p(model), "--data", p(data), "--threads", "many").assertError(2, "many");
  }

  @Test
  void missingModelFile() {
    Run.of("predict", "--model", p(dir.resolve("nope.json")), "--data", p(data)).assertError(1, "nope.json", "no such");
  }

  @Test
  void wrongModelFile() throws IOException {
    Path csvAsModel = dir.resolve("model.csv");
    Files.writeString(csvAsModel, "a,b\n1,2\n");
    Run.of("predict", "--model", p(csvAsModel), "--data", p(data)).assertError(1, "model.csv", "not a model file");
    Path empty = dir.resolve("empty.json");
    Files.writeString(empty, "");
    Run.of("explain", "--model", p(empty), "--data", p(data)).assertError(1, "empty.json", "empty");
    Run.of("explain", "--model", p(dir), "--data", p(data)).assertError(1, "directory");
  }

  @Test
  void debugPrintsTheStackTrace() throws IOException {
    Path csvAsModel = dir.resolve("model.csv");
    Files.writeString(csvAsModel, "a,b\n1,2\n");
    Run r = Run.of("predict", "--model", p(csvAsModel), "--data", p(data), "--debug");
    assertEquals(1, r.exitCode());
    assertTrue(r.err().contains("\tat "), r.err());
    assertTrue(r.err().strip().endsWith("not a model file Loupe can read; expected an XGBoost model (JSON or UBJSON,"
        + " from save_model) or a LightGBM text model (from save_model)") || r.err().contains("loupe: "), r.err());
  }

  @Test
  void rowSelectionParsing() {
    assertEquals("[1, 4, 10, 11, 12]", java.util.Arrays.toString(RowSelection.parse("1,4,10-12").resolve(20, "d.csv")));
    assertEquals("[5]", java.util.Arrays.toString(RowSelection.parse(" 5 ").resolve(6, "d.csv")));
    CliException e = org.junit.jupiter.api.Assertions.assertThrows(CliException.class,
        () -> RowSelection.parse("0-99").resolve(50, "d.csv"));
    assertEquals(2, e.exitCode());
    assertEquals("--rows 0-99: rows 0-99 out of range; d.csv has 50 rows (0-49)", e.getMessage());
    org.junit.jupiter.api.Assertions.assertThrows(CliException.class, () -> RowSelection.parse("-1"));
    org.junit.jupiter.api.Assertions.assertThrows(CliException.class, () -> RowSelection.parse("1,,2"));
  }

  @Test
  void oneLineJoinsLines() {
    assertEquals("a b c", LoupeCommand.oneLine(" a\n  b\r\nc "));
  }
}
