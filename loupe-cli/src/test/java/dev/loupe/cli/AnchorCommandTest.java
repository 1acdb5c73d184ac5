package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.AnchorExplanation;
import dev.loupe.io.json.AnchorJson;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code loupe anchor} end to end on the bundled German credit demo model, and its errors. */
class AnchorCommandTest {
  @TempDir Path dir;
  Path model;
  Path data;

  @BeforeEach
  void files() throws IOException {
    DemoFiles demo = DemoFiles.copyTo(dir);
    model = demo.model();
    data = demo.data();
  }

  @Test
  void printsTheRuleAndWritesJson() throws IOException {
    Path out = dir.resolve("anchor.json");
    Run r = Run.of("anchor", "--model", data.resolveSibling(DemoCommand.MODEL).toString(), "--data", data.toString(),
        "--target", "class", "--row", "17", "--threads", "1", "--seed", "3", "--out", out.toString()).assertOk();
    String line = r.out().strip();
    assertTrue(line.startsWith("IF ") && line.contains(" THEN predict ") && line.contains("precision ")
        && line.contains("model calls)"), line);
    List<AnchorExplanation> read;
    try (Reader in = Files.newBufferedReader(out)) {
      read = AnchorJson.read(in, out.toString());
    }
    assertEquals(1, read.size());
    assertEquals(17, read.get(0).row());
    assertTrue(line.startsWith(read.get(0).text()), "the printed line is the anchor's text");
    assertEquals("3", read.get(0).provenance().seed().toString());
    // the same seed gives the same anchor; a level name shows in a categorical predicate, if any
    Run again = Run.of("anchor", "--model", model.toString(), "--data", data.toString(), "--target", "class",
        "--row", "17", "--threads", "2", "--seed", "3", "--background", data.toString()).assertOk();
    assertEquals(line, again.out().strip());
  }

  @Test
  void regressionEmptyBackgroundAndMissingOutFolderFailBeforeTheSearch() throws IOException {
    Path reg = CounterfactualCommandTest.regressionModel(model);
    Run.of("anchor", "--model", reg.toString(), "--data", data.toString(), "--target", "class", "--row", "1")
        .assertError(CliException.DATA, "regression.json is a regression model", "loupe explain");
    Path empty = dir.resolve("empty.csv");
    Files.writeString(empty, Files.readAllLines(data).get(0) + "\n");
    Run.of("anchor", "--model", model.toString(), "--data", data.toString(), "--target", "class", "--row", "1",
        "--background", empty.toString()).assertError(CliException.DATA, "empty.csv", "no rows");
    Run r = Run.of("anchor", "--model", model.toString(), "--data", data.toString(), "--target", "class", "--row", "1",
        "--out", dir.resolve("no/such/anchor.json").toString()).assertError(CliException.USAGE, "does not exist");
    assertEquals("", r.out(), "no anchor is searched or printed when --out cannot be written");
  }

  @Test
  void errors() {
    String m = model.toString();
    String d = data.toString();
    Run.of("anchor", "--model", m, "--data", d).assertError(2, "--row");
    Run.of("anchor", "--model", m, "--data", d, "--row", "1", "--threshold", "1.5").assertError(2, "--threshold", "1.5");
    Run.of("anchor", "--model", m, "--data", d, "--target", "class", "--row", "5000").assertError(2, "5000", "rows");
    Run.of("anchor", "--model", m, "--data", d, "--row", "-1").assertError(2, "--row");
    Run.of("anchor", "--model", m, "--data", d, "--target", "class", "--row", "1", "--background",
        dir.resolve("nope.csv").toString()).assertError(1, "nope.csv");
  }
}
