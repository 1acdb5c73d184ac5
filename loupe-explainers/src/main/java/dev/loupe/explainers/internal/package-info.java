/**
 * Machinery shared by the explainer packages, not part of Loupe's API: {@link
 * dev.loupe.explainers.internal.RowParallel} runs row-wise work on several threads with results
 * that do not depend on the thread count.
 */
package dev.loupe.explainers.internal;
