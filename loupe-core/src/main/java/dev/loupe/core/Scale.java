package dev.loupe.core;

/** The units of a model output. */
public enum Scale {
  /** The additive margin before the link: log-odds, log of the mean, logits, or the value itself. */
  RAW_MARGIN,
  /** A probability in [0, 1]. */
  PROBABILITY,
  /** A value in the units of the regression target. */
  VALUE
}
