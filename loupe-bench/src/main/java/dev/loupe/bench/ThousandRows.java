package dev.loupe.bench;

import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Parameters of the benchmarks whose call is costly per row ({@link InteractionBenchmark},
 * {@link InterventionalBenchmark}): 500 trees, 1,000 rows, one thread and all threads.
 */
@State(Scope.Benchmark)
public class ThousandRows {
  @Param("500")
  public int trees;
  @Param("1000")
  public int rows;
  @Param({"1", "all"})
  public String threads;
}
