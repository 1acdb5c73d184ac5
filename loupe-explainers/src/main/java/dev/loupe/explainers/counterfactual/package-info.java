/**
 * Counterfactual explanations: "what would have to change for the model to decide otherwise?"
 *
 * <p>{@link dev.loupe.explainers.counterfactual.CounterfactualSearch} finds a diverse set of
 * valid, close and sparse counterfactuals of a row under constraints (immutable features, allowed
 * ranges and categories, increase- or decrease-only features) described by
 * {@link dev.loupe.explainers.counterfactual.CounterfactualOptions}, for any model by a batched
 * random and beam search over training-data candidate values, and for tree ensembles by the trees'
 * split intervals, a sound bound that proves when no counterfactual exists, and an exhaustive
 * search when the candidate space is small. Results are {@link dev.loupe.core.Counterfactuals},
 * whose status never hides a failure as an empty success.
 */
package dev.loupe.explainers.counterfactual;
