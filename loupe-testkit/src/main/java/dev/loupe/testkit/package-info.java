/**
 * Test-only support shared by Loupe's modules: brute-force oracles with known answers
 * ({@link dev.loupe.testkit.ShapleyOracle}), synthetic models ({@link dev.loupe.testkit.RandomTrees}),
 * the bundled data sets ({@link dev.loupe.testkit.Datasets}), and wrappers of the reference libraries
 * (XGBoost4J, LightGBM). Never a dependency of Loupe itself.
 */
package dev.loupe.testkit;
