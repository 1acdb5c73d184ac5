/**
 * Exact TreeSHAP for tree ensembles in Loupe's canonical form: {@link dev.loupe.explainers.tree.TreeShap}.
 *
 * <p>Path-dependent SHAP values and SHAP interaction values are computed by Gauss–Legendre
 * quadrature of the Shapley weights over a preorder-compiled copy of each tree
 * (PathDependentTrees, PathDependentKernel); interventional SHAP values by walking each tree with
 * the explained row and each background row (InterventionalKernel). Rows are spread over threads
 * by RowParallel, with results identical for any thread count.
 */
package dev.loupe.explainers.tree;

import dev.loupe.explainers.internal.RowParallel;
