package dev.loupe.explainers.tree;

import dev.loupe.core.Attributions;
import dev.loupe.core.Frame;
import dev.loupe.core.Interactions;
import dev.loupe.core.TreeEnsemble;

/**
 * Exact TreeSHAP for a {@link TreeEnsemble}. API STUB: the implementation is in progress.
 *
 * <p>Usage: {@code TreeShap.pathDependent(model).threads(4).explain(frame)}.
 */
public final class TreeShap {
  private TreeShap() {}

  /** Path-dependent TreeSHAP (Lundberg et al. 2020, Algorithm 2 game). */
  public static TreeShap pathDependent(TreeEnsemble model) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  /** Interventional TreeSHAP against a background frame (columns matched to the model's features). */
  public static TreeShap interventional(TreeEnsemble model, Frame background) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  /** Worker threads (default: all cores). Results do not depend on it. */
  public TreeShap threads(int n) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  /** Attributions of every row of {@code data} (columns matched to the model's features). */
  public Attributions explain(Frame data) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  /** SHAP interaction values of every row (path-dependent only). */
  public Interactions interactions(Frame data) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  /**
   * Low-level batch form, XGBoost's layout: {@code x} is row-major {@code n x m} in the model's
   * feature order; {@code out} receives {@code n x k x (m + 1)} values, the last of each block the
   * base value (bias), in the raw margin.
   */
  public void shapValues(double[] x, int n, double[] out) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  /**
   * Low-level interaction values, XGBoost's layout: {@code out} receives
   * {@code n x k x (m + 1) x (m + 1)} values; entry {@code (m, m)} of each block is the bias.
   */
  public void interactionValues(double[] x, int n, double[] out) {
    throw new UnsupportedOperationException("not yet implemented");
  }
}
