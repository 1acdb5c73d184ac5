/**
 * LightGBM as an independent reference for tests: train a booster on a Loupe
 * {@link dev.loupe.core.Frame}, save its text model, and ask LightGBM itself for raw scores and
 * TreeSHAP contributions, through the SWIG API of {@code com.microsoft.ml.lightgbm:lightgbmlib}.
 * Test scope only; Loupe never depends on LightGBM.
 */
package dev.loupe.testkit.lightgbm;
