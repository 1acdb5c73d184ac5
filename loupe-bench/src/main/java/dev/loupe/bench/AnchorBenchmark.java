package dev.loupe.bench;

import dev.loupe.core.AnchorExplanation;
import dev.loupe.explainers.anchors.AnchorOptions;
import dev.loupe.explainers.anchors.Anchors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One anchor of an Adult row ({@link AdultAnchorsFixture}) on one thread, default options: the
 * average over the {@code rows} first explained rows, one anchor per invocation in turn. Alibi is
 * not run (Python); its figures are not comparable in the same run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@State(Scope.Benchmark)
public class AnchorBenchmark {
  @Param({"20"})
  int rows;

  AdultAnchorsFixture fixture;
  Anchors anchors;
  int next;

  @Setup(Level.Trial)
  public void setup() {
    fixture = new AdultAnchorsFixture();
    anchors = Anchors.of(fixture.model, fixture.train, AnchorOptions.builder().threads(1).build());
  }

  @Benchmark
  public AnchorExplanation anchor() {
    int r = next;
    next = (next + 1) % rows;
    return anchors.explain(fixture.explained, r);
  }
}
