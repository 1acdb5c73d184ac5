package dev.loupe.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The table pairs each benchmark's two sides and divides by hand-checkable numbers. */
class ResultTableTest {

  @Test
  void pairsSidesAndComputesRatioAndPerRowPerTree() throws Exception {
    String json = "["
        + "{\"benchmark\":\"dev.loupe.bench.PathDependentBenchmark.loupe\",\"params\":{\"rows\":\"10000\",\"trees\":\"500\","
        + "\"threads\":\"1\"},\"primaryMetric\":{\"score\":7000.0,\"scoreError\":\"NaN\",\"scoreUnit\":\"ms/op\"}},"
        + "{\"benchmark\":\"dev.loupe.bench.PathDependentBenchmark.xgboost\",\"params\":{\"rows\":\"10000\",\"trees\":\"500\","
        + "\"threads\":\"1\"},\"primaryMetric\":{\"score\":14000.0,\"scoreError\":100.0,\"scoreUnit\":\"ms/op\"}},"
        + "{\"benchmark\":\"dev.loupe.bench.InterventionalBenchmark.loupe\",\"params\":{\"rows\":\"1000\",\"trees\":\"500\","
        + "\"threads\":\"1\"},\"primaryMetric\":{\"score\":2.0,\"scoreError\":0.1,\"scoreUnit\":\"s/op\"}}"
        + "]";
    String table = ResultTable.render(new ObjectMapper().readTree(json));
    // 7 s / 14 s = 0.50; 7 s / (10,000 rows x 500 trees) = 1.4 us; 14 s -> 2.8 us
    assertTrue(table.contains("| PathDependent | 10,000 | 500 | 1 | 7.000 | 14.00 ± 0.10 | 0.50 | 1.400 | 2.800 |"), table);
    // 2 s / (1,000 x 500) = 4 us; no XGBoost side
    assertTrue(table.contains("| Interventional | 1,000 | 500 | 1 | 2.000 ± 0.10 | — | — | 4.000 | — |"), table);
  }
}
