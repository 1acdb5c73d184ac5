package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * {@code loupe explain --method exact|kernel|permutation|lime} end to end on the bundled German
 * credit model (20 features).
 */
class AgnosticExplainTest {
  @TempDir Path dir;
  Path model;
  Path data;

  @BeforeEach
  void files() throws IOException {
    DemoFiles demo = DemoFiles.copyTo(dir);
    model = demo.model();
    data = demo.data();
  }

  private String p(Path f) {
    return f.toString();
  }

  /** The first {@code n} data rows as a background file. */
  private Path background(int n) throws IOException {
    List<String> lines = Files.readAllLines(data);
    Path bg = dir.resolve("background.csv");
    Files.write(bg, lines.subList(0, n + 1));
    return bg;
  }

  @Test
  void emptyBackgroundIsADataErrorNamingTheFile() throws IOException {
    Path bg = background(0);
    for (String method : List.of("kernel", "permutation", "exact", "lime", "tree-interventional")) {
      Run.of("explain", "--model", p(model), "--data", p(data), "--target", "class", "--rows", "0", "--method", method,
          "--background", p(bg)).assertError(CliException.DATA, "background.csv", "no rows");
    }
    Run.of("explain", "--model", p(model), "--data", p(data), "--target", "class", "--rows", "0", "--method", "lime",
        "--out", p(dir)).assertError(CliException.USAGE, "is a folder", "file name");
    // one training row: lime's perturbations do not vary, its weights would be arbitrary
    Run.of("explain", "--model", p(model), "--data", p(data), "--target", "class", "--rows", "0", "--method", "lime",
        "--background", p(background(1))).assertError(CliException.DATA, "background.csv has 1 row", "more rows");
  }

  @Test
  void exactEqualsInterventionalTreeShap() throws IOException {
    // the same game: both average over the same 2 background rows; 2^20 coalitions x 2 rows
    Path bg = background(2);
    Path exact = dir.resolve("exact.json");
    Path tree = dir.resolve("tree.json");
    Run.of("explain", "--model", p(model), "--data", p(data), "--target", "class", "--rows", "3", "--method", "exact",
        "--background", p(bg), "--out", p(exact)).assertOk();
    Run.of("explain", "--model", p(model), "--data", p(data), "--target", "class", "--rows", "3", "--method",
        "tree-interventional", "--background", p(bg), "--out", p(tree)).assertOk();
    Attributions a = ExplanationJson.read(exact);
    Attributions b = ExplanationJson.read(tree);
    assertEquals("exact", a.provenance().method());
    assertEquals(1L << 20, a.diagnostics().samples(), "every coalition, once");
    for (int j = 0; j < a.schema().size(); j++) {
      assertEquals(b.value(0, 0, j), a.value(0, 0, j), 1e-9, a.schema().name(j)); // acceptance: <= 1e-9
    }
    assertEquals(b.baseValue(0, 0), a.baseValue(0, 0), 1e-12);
  }

  @Test
  void kernelTableShowsIntervalsAndTheBackgroundChoice() {
    Run r = Run.of("explain", "--model", p(model), "--data", p(data), "--target", "class", "--rows", "0", "--method",
        "kernel", "--samples", "600", "--background-size", "20").assertOk();
    assertTrue(r.out().startsWith("kernel: background: 20 rows sampled from the 1000 of "), r.out());
    assertTrue(r.out().contains("(seed 0)"), r.out());
    assertTrue(r.out().contains(" ± "), r.out());
    assertTrue(r.out().contains("row 0, output "), r.out());
  }

  @Test
  void kernelJsonCarriesStandardErrorsAndIsReproducible() throws IOException {
    Path one = dir.resolve("one.json");
    Path two = dir.resolve("two.json");
    String[] args = {"explain", "--model", p(model), "--data", p(data), "--target", "class", "--rows", "0-3",
        "--method", "kernel", "--samples", "300", "--background-size", "10", "--seed", "7"};
    Run.of(concat(args, "--threads", "1", "--out", p(one))).assertOk();
    Run.of(concat(args, "--threads", "2", "--out", p(two))).assertOk();
    Attributions a = ExplanationJson.read(one);
    Attributions b = ExplanationJson.read(two);
    assertTrue(a.diagnostics().hasStandardErrors());
    assertEquals(7L, a.provenance().seed());
    assertTrue(a.maxAdditivityError() < 1e-9, "efficiency is a constraint: " + a.maxAdditivityError());
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < a.schema().size(); j++) {
        // bit-identical whatever the thread count
        assertEquals(Double.doubleToLongBits(a.value(i, 0, j)), Double.doubleToLongBits(b.value(i, 0, j)));
        assertEquals(Double.doubleToLongBits(a.standardError(i, 0, j)), Double.doubleToLongBits(b.standardError(i, 0, j)));
      }
    }
    // CSV keeps the tree methods' layout
    Run csv = Run.of("explain", "--model", p(model), "--data", p(data), "--target", "class", "--rows", "0", "--method",
        "kernel", "--samples", "300", "--background-size", "10", "--format", "csv").assertOk();
    assertTrue(csv.out().startsWith("row,output,base_value,checking_status,"), csv.out());
  }

  @Test
  void kmeansBackgroundIsStated() throws IOException {
    Path out = dir.resolve("km.json");
    Run r = Run.of("explain", "--model", p(model), "--data", p(data), "--target", "class", "--rows", "0", "--method",
        "kernel", "--samples", "300", "--background-kmeans", "8").assertOk();
    assertTrue(r.out().startsWith("kernel: background: 8 weighted k-means centres of the 1000 rows of "), r.out());
    Run.of("explain", "--model", p(model), "--data", p(data), "--target", "class", "--rows", "0", "--method",
        "kernel", "--samples", "300", "--background-kmeans", "8", "--out", p(out)).assertOk();
    // the base value is the weighted mean prediction over the centres: efficiency still holds
    assertTrue(ExplanationJson.read(out).maxAdditivityError() < 1e-9);
    Run.of("explain", "--model", p(model), "--data", p(data), "--method", "lime", "--background-kmeans", "8")
        .assertError(2, "--background-kmeans");
  }

  @Test
  void permutationRuns() {
    Run r = Run.of("explain", "--model", p(model), "--data", p(data), "--target", "class", "--rows", "0", "--method",
        "permutation", "--samples", "400", "--background-size", "10").assertOk();
    assertTrue(r.out().contains(" ± "), r.out());
  }

  @Test
  void limeNamesTheBinsAndTheFit() {
    Run r = Run.of("explain", "--model", p(model), "--data", p(data), "--target", "class", "--rows", "0", "--method",
        "lime", "--samples", "1000").assertOk();
    assertTrue(r.out().contains("lime: training data: 1000 rows of "), r.out());
    assertTrue(r.out().contains("surrogate weighted R² "), r.out());
    assertTrue(r.out().contains("<=") || r.out().contains(" > "), "numeric reasons are bins: " + r.out());
  }

  @Test
  void badInputIsOneLine() throws IOException {
    Run.of("explain", "--model", p(model), "--data", p(data), "--samples", "100").assertError(2, "--samples");
    Run.of("explain", "--model", p(model), "--data", p(data), "--seed", "1").assertError(2, "--seed", "deterministic");
    Run.of("explain", "--model", p(model), "--data", p(data), "--target", "class", "--rows", "0", "--method", "kernel",
        "--samples", "5").assertError(2, "budget", "20 players");
    Run.of("explain", "--model", p(model), "--data", p(data), "--method", "kernel", "--background-size", "0")
        .assertError(2, "--background-size");
    // a background without one of the model's columns
    List<String> lines = Files.readAllLines(data);
    Path bg = dir.resolve("narrow.csv");
    Files.write(bg, lines.stream().limit(20).map(l -> l.substring(l.indexOf(',') + 1)).toList());
    Run.of("explain", "--model", p(model), "--data", p(data), "--target", "class", "--rows", "0", "--method", "kernel",
        "--background", p(bg)).assertError(1, "narrow.csv", "checking_status");
  }

  private static String[] concat(String[] a, String... b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
