/**
 * Shapley values of any model (a batch function over a schema) for the interventional game
 * {@code v(S) = Σ_b w_b f(x_S, b_¬S)} over a weighted {@link dev.loupe.explainers.shapley.Background}.
 *
 * <p>{@link dev.loupe.explainers.shapley.ExactShapley} enumerates all {@code 2^M} coalitions (up to
 * {@value dev.loupe.explainers.shapley.ExactShapley#MAX_PLAYERS} players);
 * {@link dev.loupe.explainers.shapley.PermutationShap} samples antithetic permutations and reports a
 * standard error for every value; KernelShap fits the Shapley kernel regression. The players are
 * features or feature groups ({@link dev.loupe.explainers.shapley.Players}). A background is given
 * rows, a random sample, or a weighted k-means summary
 * ({@link dev.loupe.explainers.shapley.Background#kmeans}).
 *
 * <p>Internally, CoalitionGame evaluates batches of coalitions of one row's game with large
 * {@code predict} calls, and GameRunner runs an estimator over rows in parallel, each row with its
 * own random stream {@code seed.derive(rowId)}, so results do not depend on thread count or on
 * which rows are explained together; it assembles {@link dev.loupe.core.Attributions} with
 * provenance and {@link dev.loupe.core.Diagnostics} (model calls, rows predicted, coalitions,
 * standard errors).
 */
package dev.loupe.explainers.shapley;
