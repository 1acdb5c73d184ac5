/**
 * LIME for tabular data (Ribeiro, Singh and Guestrin, "Why Should I Trust You?": Explaining the
 * Predictions of Any Classifier, KDD 2016), as the {@code lime} package's
 * {@code LimeTabularExplainer} with its default quartile discretisation: a row's neighbourhood is
 * sampled bin by bin from the training data, represented by which features keep the row's bin,
 * weighted by an exponential kernel, and fitted by a weighted ridge regression on a few selected
 * features. {@link dev.loupe.explainers.lime.Lime} returns {@link dev.loupe.core.Attributions}
 * whose values are the surrogate's weights, whose base value is its intercept, and whose
 * diagnostics carry the surrogate's weighted R² per row and output.
 */
package dev.loupe.explainers.lime;
