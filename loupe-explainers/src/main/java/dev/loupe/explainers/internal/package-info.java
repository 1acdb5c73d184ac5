/**
 * Machinery shared by the explainer packages, not part of Loupe's API: {@link
 * dev.loupe.explainers.internal.RowParallel} runs row-wise work on several threads with results
 * that do not depend on the thread count; {@link dev.loupe.explainers.internal.TrainingData}
 * binds and bins the training data of LIME and Anchors.
 */
package dev.loupe.explainers.internal;
