package dev.loupe.bench;

import dev.loupe.core.Counterfactuals;
import dev.loupe.explainers.counterfactual.CounterfactualSearch;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Counterfactuals of 10 refused German-credit applicants ({@link CounterfactualFixture}), one
 * thread, time per batch of 10: the tree search and the model-agnostic search, with and without
 * constraints. Smoke run: {@code java -jar loupe-bench/target/benchmarks.jar CounterfactualBenchmark -wi 1 -i 1 -w 1 -r 2 -f 1}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class CounterfactualBenchmark {

  @State(Scope.Benchmark)
  public static class Config {
    @Param({"trees", "agnostic"})
    public String search;
    @Param({"free", "constrained"})
    public String constraints;

    CounterfactualFixture fixture;
    CounterfactualSearch searcher;
    int[] rows;

    @Setup
    public void setUp() {
      fixture = new CounterfactualFixture();
      var options = constraints.equals("free") ? CounterfactualFixture.free() : CounterfactualFixture.constrained();
      var model = search.equals("trees") ? fixture.model
          : dev.loupe.core.Model.of("german-xgb-as-function", fixture.model.schema(), fixture.model.output(),
              fixture.model::predict);
      searcher = CounterfactualSearch.of(model, fixture.train, options);
      rows = java.util.Arrays.copyOf(fixture.refused, 10);
    }

    @TearDown
    public void tearDown() {
      fixture.booster.dispose();
    }
  }

  @Benchmark
  public List<Counterfactuals> tenApplicants(Config c) {
    return c.searcher.explain(c.fixture.heldOut, c.rows, 1);
  }
}
