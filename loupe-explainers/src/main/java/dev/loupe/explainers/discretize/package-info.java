/**
 * Discretisation of features into readable bins, shared by LIME and Anchors: each numeric feature
 * is cut at the quartiles (or deciles) of reference data, equal cut points merged; a categorical
 * feature keeps its levels; a missing value is a bin of its own. Every bin has a
 * {@link dev.loupe.core.Predicate} a person can read ({@code 28.00 < age <= 37.00},
 * {@code workclass = Private}, {@code capital_gain is missing}) and can be sampled from the
 * reference data's own values. See {@link dev.loupe.explainers.discretize.Discretization}.
 */
package dev.loupe.explainers.discretize;
