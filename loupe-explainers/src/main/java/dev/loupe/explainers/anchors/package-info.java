/**
 * Anchors (Ribeiro, Singh and Guestrin, "Anchors: High-Precision Model-Agnostic Explanations",
 * AAAI 2018): for one row of a classifier, a rule over the row's own discretised feature values
 * such that the model predicts the row's class, with high probability, wherever the rule holds.
 * Candidate rules grow one predicate per round in a beam; the best are identified with KL-LUCB
 * (Kaufmann and Kalyanakrishnan, "Information Complexity in Bandit Subset Selection", COLT 2013)
 * from perturbations sampled from training data, and the shortest rule whose precision's lower
 * confidence bound reaches the threshold wins, higher coverage first. The behaviour follows
 * Alibi's {@code AnchorTabular}. See {@link dev.loupe.explainers.anchors.Anchors}; results are
 * {@link dev.loupe.core.AnchorExplanation}s.
 */
package dev.loupe.explainers.anchors;
