/**
 * Loupe's core contract: what flows through every explainer.
 *
 * <p>A {@link dev.loupe.core.Frame} is immutable columnar data described by a
 * {@link dev.loupe.core.Schema}. A {@link dev.loupe.core.Model} is a batch function over a schema
 * with named outputs on a stated scale ({@link dev.loupe.core.Output}). A
 * {@link dev.loupe.core.TreeEnsemble} is the one canonical form of every tree model Loupe reads,
 * held in flat primitive arrays. Explanations ({@link dev.loupe.core.Attribution},
 * {@link dev.loupe.core.Attributions}, {@link dev.loupe.core.Interactions}) are immutable values
 * that carry their {@link dev.loupe.core.Provenance} and diagnostics.
 */
package dev.loupe.core;
