package dev.loupe.core;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How an explanation was made: enough to reproduce it and to audit it.
 *
 * @param method the explainer, e.g. {@code tree-path-dependent}
 * @param parameters the explainer's parameters as text, sorted by name
 * @param loupeVersion the Loupe version that computed it
 * @param modelDigest digest of the model's content
 * @param dataDigest digest of the explained rows (and background, if any), or empty
 * @param seed the random seed, or {@code null} for deterministic methods
 */
public record Provenance(
    String method,
    Map<String, String> parameters,
    String loupeVersion,
    String modelDigest,
    String dataDigest,
    Long seed) {

  public Provenance {
    Objects.requireNonNull(method, "method");
    parameters = java.util.Collections.unmodifiableMap(new TreeMap<>(parameters));
    Objects.requireNonNull(loupeVersion, "loupeVersion");
    Objects.requireNonNull(modelDigest, "modelDigest");
    dataDigest = dataDigest == null ? "" : dataDigest;
  }

  /** Provenance for a method run now by this Loupe. */
  public static Provenance of(String method, Map<String, String> parameters, Model model, String dataDigest, Long seed) {
    return new Provenance(method, parameters, Loupe.version(), model.digest(), dataDigest, seed);
  }
}
