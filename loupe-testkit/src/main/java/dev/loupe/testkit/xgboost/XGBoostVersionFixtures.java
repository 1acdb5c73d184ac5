package dev.loupe.testkit.xgboost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.testkit.Datasets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The model files written by real XGBoost releases under
 * {@code loupe-models/src/test/resources/xgboost-versions/<version>/} (see the README.md there and
 * {@code loupe-models/src/test/fixtures-generator/}), each with the margins and
 * {@code predictContrib} values that the XGBoost4J release that wrote it computed on 50 held-out
 * rows. One {@link Case} per model file: {@code binary.json} and {@code binary.ubj} are two cases
 * sharing one {@code binary.expected.json}.
 */
public final class XGBoostVersionFixtures {
  private static final ObjectMapper JSON = new ObjectMapper();

  private XGBoostVersionFixtures() {}

  /** One model file and the expected values of the XGBoost release that wrote it. */
  public record Case(
      String version,
      String model,
      Path file,
      int rows,
      int features,
      int outputs,
      double[] x,
      double[] margins,
      double[] contribs) {
    /** {@code <version>/<file name>}, for messages and test names. */
    public String name() {
      return version + "/" + file.getFileName();
    }

    @Override
    public String toString() {
      return name();
    }
  }

  /** The fixtures folder, found from the repository root. */
  public static Path root() {
    return Datasets.repoRoot().resolve("loupe-models/src/test/resources/xgboost-versions");
  }

  /** Every model file (.json and .ubj) of every version folder, sorted by path. */
  public static List<Case> all() {
    List<Case> cases = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root())) {
      for (Path f : files.sorted().toList()) {
        String n = f.getFileName().toString();
        if ((n.endsWith(".json") && !n.endsWith(".expected.json")) || n.endsWith(".ubj")) {
          cases.add(read(f));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (cases.isEmpty()) {
      throw new IllegalStateException("no model files under " + root());
    }
    return cases;
  }

  private static Case read(Path file) throws IOException {
    String n = file.getFileName().toString();
    String model = n.substring(0, n.lastIndexOf('.'));
    Path expectedFile = file.resolveSibling(model + ".expected.json");
    JsonNode e = JSON.readTree(expectedFile.toFile());
    JsonNode rows = e.get("rows");
    int rowCount = rows.size();
    int m = rows.get(0).size();
    int k = e.get("num_outputs").asInt();
    double[] x = flatten(rows, m, expectedFile + " rows");
    double[] margins = flatten(e.get("margins"), k, expectedFile + " margins");
    double[] contribs = flatten(e.get("contribs"), k * (m + 1), expectedFile + " contribs");
    String version = file.getParent().getFileName().toString();
    if (!e.get("xgboost").asText().equals(version)) {
      throw new IllegalStateException(expectedFile + " was written by XGBoost " + e.get("xgboost").asText()
          + ", not " + version);
    }
    return new Case(version, model, file, rowCount, m, k, x, margins, contribs);
  }

  /** Rows of {@code width} numbers each (null is NaN), row-major. */
  private static double[] flatten(JsonNode rows, int width, String what) {
    double[] out = new double[rows.size() * width];
    for (int i = 0; i < rows.size(); i++) {
      JsonNode row = rows.get(i);
      if (row.size() != width) {
        throw new IllegalStateException(what + ": row " + i + " has " + row.size() + " values, expected " + width);
      }
      for (int j = 0; j < width; j++) {
        JsonNode v = row.get(j);
        // Every value is a float printed by Float.toString: read back to that float, then widened exactly.
        out[i * width + j] = v.isNull() ? Double.NaN : (double) (float) v.asDouble();
      }
    }
    return out;
  }
}
