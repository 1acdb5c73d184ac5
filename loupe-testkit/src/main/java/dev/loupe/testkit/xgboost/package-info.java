/**
 * XGBoost4J as a test and benchmark reference: {@link dev.loupe.testkit.xgboost.XGBoostReference}
 * trains boosters on Loupe frames and returns XGBoost's margins, SHAP values and SHAP interaction
 * values as row-major blocks. Test scope only; Loupe itself never depends on XGBoost.
 */
package dev.loupe.testkit.xgboost;
