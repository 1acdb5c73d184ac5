/**
 * JMH benchmarks of Loupe's TreeSHAP against XGBoost4J, on the same model and rows in one run.
 *
 * <p>{@link dev.loupe.bench.TreeShapFixture} trains (once, cached under {@code target/bench-model/})
 * a 500-round depth-6 XGBoost model on synthetic data, reads it with both libraries and refuses to
 * time Loupe until its answers match XGBoost4J's. Each {@code *Benchmark} class times a
 * {@code loupe} method against an {@code xgboost} method with the same parameters;
 * {@link dev.loupe.bench.ResultTable} turns JMH's JSON into the table of BENCHMARKS.md. Run with
 * {@code loupe-bench/run.sh}. Never deployed.
 */
package dev.loupe.bench;
