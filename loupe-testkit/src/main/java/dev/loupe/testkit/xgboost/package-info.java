/**
 * XGBoost4J as a test and benchmark reference: {@link dev.loupe.testkit.xgboost.XGBoostReference}
 * trains boosters on Loupe frames and returns XGBoost's margins, SHAP values and SHAP interaction
 * values as row-major blocks; {@link dev.loupe.testkit.xgboost.GermanCreditXGBoost} is the German
 * credit classifier of the counterfactual tests and benchmarks. Test scope only; Loupe itself
 * never depends on XGBoost.
 */
package dev.loupe.testkit.xgboost;
