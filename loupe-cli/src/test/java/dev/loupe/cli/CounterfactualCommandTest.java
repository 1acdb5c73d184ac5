package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.Counterfactual;
import dev.loupe.core.Counterfactuals;
import dev.loupe.io.json.CounterfactualJson;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code loupe counterfactual} end to end on the bundled demo model of German credit ('1' = bad credit). */
class CounterfactualCommandTest {
  @TempDir Path dir;
  Path model;
  Path data;

  @BeforeEach
  void files() throws IOException {
    DemoFiles demo = DemoFiles.copyTo(dir);
    model = demo.model();
    data = demo.data();
  }

  /** The first applicant the model refuses (probability of bad above 0.5), from `loupe predict`. */
  private int refused() {
    List<String> lines = Run.of("predict", "--model", model.toString(), "--data", data.toString(), "--target", "class")
        .assertOk().out().lines().toList();
    for (int i = 1; i < lines.size(); i++) {
      if (Double.parseDouble(lines.get(i).split(",")[1]) > 0.5) {
        return i - 1;
      }
    }
    throw new AssertionError("no refused applicant");
  }

  @Test
  void desiredRangeIsInPrintedUnits() throws IOException {
    int row = refused();
    Path out = dir.resolve("range.json");
    // probability of bad at most 0.3: the search works on margins, so the bound is logit(0.3)
    Run.of("counterfactual", "--model", model.toString(), "--data", data.toString(), "--target", "class",
        "--row", Integer.toString(row), "--desired-range", ":0.3", "--count", "2", "--out", out.toString()).assertOk();
    Counterfactuals cf;
    try (Reader in = Files.newBufferedReader(out)) {
      cf = CounterfactualJson.read(in).get(0);
    }
    assertTrue(cf.size() >= 1, cf.toString());
    for (Counterfactual c : cf.counterfactuals()) {
      assertTrue(c.prediction(0) <= Math.log(0.3 / 0.7) + 1e-12, "margin <= logit(0.3): " + c);
    }
    Run.of("counterfactual", "--model", model.toString(), "--data", data.toString(), "--row", "0")
        .assertError(2, "--desired", "--desired-range");
    Run.of("counterfactual", "--model", model.toString(), "--data", data.toString(), "--row", "0", "--desired-range",
        "0:1.5").assertError(2, "between 0 and 1");
    Run.of("counterfactual", "--model", model.toString(), "--data", data.toString(), "--row", "0", "--desired-range",
        "0.5").assertError(2, "LO:HI");
  }

  @Test
  void tableAndJson() throws IOException {
    int row = refused();
    Path out = dir.resolve("cf.json");
    Run r = Run.of("counterfactual", "--model", model.toString(), "--data", data.toString(), "--target", "class",
        "--row", Integer.toString(row), "--desired", "0", "--immutable", "personal_status,age", "--count", "3",
        "--range", "duration=6:24", "--decrease-only", "credit_amount", "--out", out.toString()).assertOk();
    assertTrue(r.out().startsWith("row " + row + ": probability of '1' "), r.out());
    assertTrue(r.out().contains("status: "), r.out());
    assertTrue(r.out().contains(" \u2192 "), r.out());
    Counterfactuals cf;
    try (Reader in = Files.newBufferedReader(out)) {
      cf = CounterfactualJson.read(in).get(0);
    }
    assertEquals(row, cf.rowId());
    assertTrue(cf.size() >= 1, cf.toString());
    for (Counterfactual c : cf.counterfactuals()) {
      assertTrue(c.prediction(0) <= 0, "margin of bad <= 0: " + c);
      for (Counterfactual.Change ch : c.changes()) {
        assertTrue(!ch.name().equals("age") && !ch.name().equals("personal_status"), c.toString());
        if (ch.name().equals("duration")) {
          assertTrue(ch.to() >= 6 && ch.to() <= 24, c.toString());
        }
        if (ch.name().equals("credit_amount")) {
          assertTrue(ch.to() < ch.from(), c.toString());
        }
      }
    }
    long lines = r.out().lines().filter(l -> l.matches("\\s*\\d+\\. .*")).count();
    assertEquals(cf.size(), lines, r.out());
  }

  @Test
  void errors() {
    String m = model.toString();
    String d = data.toString();
    Run.of("counterfactual", "--model", m, "--data", d, "--row", "0", "--desired", "0", "--immutable", "salary")
        .assertError(CliException.USAGE, "unknown feature 'salary'", "checking_status");
    Run.of("counterfactual", "--model", m, "--data", d, "--row", "0", "--desired", "2")
        .assertError(CliException.USAGE, "--desired '2'");
    Run.of("counterfactual", "--model", m, "--data", d, "--row", "5000", "--desired", "0")
        .assertError(CliException.USAGE, "--row 5000 out of range");
    Run.of("counterfactual", "--model", m, "--data", d, "--row", "0", "--desired", "0", "--range", "duration")
        .assertError(CliException.USAGE, "--range 'duration'");
    Run.of("counterfactual", "--model", m, "--data", d, "--row", "0", "--desired", "0", "--categories",
        "purpose=spaceship").assertError(CliException.USAGE, "unknown category 'spaceship'");
    Run.of("counterfactual", "--model", m, "--data", d, "--desired", "0").assertError(CliException.USAGE, "--row");
  }

  /** The demo model turned into a regression (same trees, identity link), with its levels sidecar. */
  static Path regressionModel(Path model) throws IOException {
    Path reg = model.resolveSibling("regression.json");
    String json = Files.readString(model);
    String changed = json.replace("\"name\":\"binary:logistic\"", "\"name\":\"reg:squarederror\"");
    assertTrue(!changed.equals(json), "the demo model names its objective");
    Files.writeString(reg, changed);
    Path levels = model.resolveSibling(model.getFileName().toString().replace(".json", ".levels.json"));
    Files.copy(levels, reg.resolveSibling("regression.levels.json"));
    return reg;
  }

  @Test
  void desiredClassOfARegressionIsAUsageError() throws IOException {
    Path reg = regressionModel(model);
    Run.of("counterfactual", "--model", reg.toString(), "--data", data.toString(), "--target", "class", "--row", "1",
        "--desired", "0").assertError(CliException.USAGE, "regression model", "--desired-range");
    Run r = Run.of("counterfactual", "--model", reg.toString(), "--data", data.toString(), "--target", "class",
        "--row", "1", "--desired-range", "3:", "--count", "1").assertOk();
    assertTrue(r.out().contains("desired prediction of 'value' >= 3"), r.out());
  }

  @Test
  void desiredIsPrintedAsAProbability() {
    int row = refused();
    Run r = Run.of("counterfactual", "--model", model.toString(), "--data", data.toString(), "--target", "class",
        "--row", Integer.toString(row), "--desired", "0", "--count", "1").assertOk();
    assertTrue(r.out().contains("desired class 0: probability of '1' <= 0.5"), r.out());
    r = Run.of("counterfactual", "--model", model.toString(), "--data", data.toString(), "--target", "class",
        "--row", Integer.toString(row), "--desired-range", ":0.3", "--count", "1").assertOk();
    assertTrue(r.out().contains("desired probability of '1' <= 0.3"), r.out());
  }

  @Test
  void directionOfACategoryEmptyTrainingAndBadOutAreErrors() throws IOException {
    String m = model.toString();
    String d = data.toString();
    Run.of("counterfactual", "--model", m, "--data", d, "--target", "class", "--row", "1", "--desired", "0",
        "--increase-only", "purpose").assertError(CliException.USAGE, "increase-only 'purpose'", "no order");
    Path empty = dir.resolve("empty.csv");
    Files.writeString(empty, Files.readAllLines(data).get(0) + "\n");
    Run.of("counterfactual", "--model", m, "--data", d, "--target", "class", "--row", "1", "--desired", "0",
        "--training", empty.toString()).assertError(CliException.DATA, "empty.csv", "no rows");
    Run.of("counterfactual", "--model", m, "--data", d, "--target", "class", "--row", "1", "--desired", "0",
        "--out", dir.toString()).assertError(CliException.USAGE, "is a folder");
  }

  @Test
  void helpSaysTrainingDefaultsToData() {
    Run r = Run.of("counterfactual", "--help").assertOk();
    assertTrue(r.out().contains("default: the --data file"), r.out());
  }
}
