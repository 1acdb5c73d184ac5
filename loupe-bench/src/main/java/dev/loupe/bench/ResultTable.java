package dev.loupe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns JMH's JSON result ({@code -rf json}) into the Markdown table of BENCHMARKS.md: one line per
 * benchmark and parameter set, Loupe's and XGBoost4J's times side by side, the ratio
 * Loupe / XGBoost4J (below 1: Loupe is faster) and the time per row per tree.
 *
 * <p>Usage: {@code java -cp target/benchmarks.jar dev.loupe.bench.ResultTable bench-results/jmh.json}.
 */
public final class ResultTable {
  private ResultTable() {}

  /** One line of the table: a benchmark class with one set of parameters. */
  private static final class Line {
    final String family;
    final int rows;
    final int trees;
    final String threads;
    double[] loupe;
    double[] xgboost;

    Line(String family, int rows, int trees, String threads) {
      this.family = family;
      this.rows = rows;
      this.trees = trees;
      this.threads = threads;
    }
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: ResultTable <jmh-result.json>");
      System.exit(2);
    }
    System.out.print(render(new ObjectMapper().readTree(Files.readString(Path.of(args[0])))));
  }

  static String render(JsonNode results) {
    Map<String, Line> lines = new LinkedHashMap<>();
    for (JsonNode r : results) {
      String benchmark = r.get("benchmark").asText();
      int dot = benchmark.lastIndexOf('.');
      String cls = benchmark.substring(benchmark.lastIndexOf('.', dot - 1) + 1, dot);
      String side = benchmark.substring(dot + 1);
      JsonNode params = r.path("params");
      int rows = params.path("rows").asInt(0);
      int trees = params.path("trees").asInt(0);
      String threads = params.path("threads").asText("1");
      String family = cls.replace("Benchmark", "");
      Line line = lines.computeIfAbsent(family + "|" + rows + "|" + trees + "|" + threads,
          k -> new Line(family, rows, trees, threads));
      JsonNode metric = r.get("primaryMetric");
      double scale = toSeconds(metric.get("scoreUnit").asText());
      double[] v = {metric.get("score").asDouble() * scale, metric.path("scoreError").asDouble(Double.NaN) * scale};
      if (side.equals("loupe")) {
        line.loupe = v;
      } else if (side.equals("xgboost")) {
        line.xgboost = v;
      } else {
        throw new IllegalArgumentException("unknown benchmark side '" + side + "' in " + benchmark);
      }
    }

    int cores = Runtime.getRuntime().availableProcessors();
    StringBuilder sb = new StringBuilder();
    sb.append("| benchmark | rows | trees | threads | Loupe (s) | XGBoost4J (s) | Loupe / XGBoost4J"
        + " | Loupe µs per row per tree | XGBoost4J µs per row per tree |\n");
    sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Line l : lines.values()) {
      String threads = l.threads.equals("all") ? "all (" + cores + ")" : l.threads;
      sb.append(String.format(Locale.ROOT, "| %s | %,d | %d | %s | %s | %s | %s | %s | %s |%n",
          l.family, l.rows, l.trees, threads, time(l.loupe), time(l.xgboost),
          l.loupe != null && l.xgboost != null ? String.format(Locale.ROOT, "%.2f", l.loupe[0] / l.xgboost[0]) : "—",
          perRowTree(l.loupe, l), perRowTree(l.xgboost, l)));
    }
    return sb.toString();
  }

  private static String time(double[] v) {
    if (v == null) {
      return "—";
    }
    return Double.isNaN(v[1])
        ? String.format(Locale.ROOT, "%.4g", v[0])
        : String.format(Locale.ROOT, "%.4g ± %.2g", v[0], v[1]);
  }

  private static String perRowTree(double[] v, Line l) {
    if (v == null || l.rows == 0 || l.trees == 0) {
      return "—";
    }
    return String.format(Locale.ROOT, "%.3f", v[0] * 1e6 / ((double) l.rows * l.trees));
  }

  private static double toSeconds(String unit) {
    switch (unit) {
      case "s/op": return 1;
      case "ms/op": return 1e-3;
      case "us/op": return 1e-6;
      case "ns/op": return 1e-9;
      default: throw new IllegalArgumentException("unsupported JMH score unit '" + unit + "'; run in a time-per-op mode");
    }
  }
}
