package dev.loupe.models.lightgbm;

import dev.loupe.core.Link;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * LightGBM's {@code objective=} header line ({@code ObjectiveFunction::ToString}: the name, then
 * space-separated {@code key:value} settings or flags, e.g. {@code binary sigmoid:1},
 * {@code multiclass num_class:3}, {@code regression sqrt}) mapped to the {@link Link} from raw
 * score to response ({@code ConvertOutput} in LightGBM's objective classes):
 *
 * <ul>
 *   <li>{@code binary} with {@code sigmoid:1}, and {@code cross_entropy}: logistic;
 *   <li>{@code regression}, {@code regression_l1}, {@code huber}, {@code fair}, {@code quantile},
 *       {@code mape}, the ranking objectives and {@code custom}: identity;
 *   <li>{@code poisson}, {@code gamma}, {@code tweedie}: exp;
 *   <li>{@code multiclass num_class:k}: softmax over {@code k} outputs named {@code "0".."k-1"}.
 * </ul>
 *
 * <p>Everything else whose transform Loupe's links cannot express is refused by name:
 * {@code multiclassova} (a sigmoid per class), {@code cross_entropy_lambda} ({@code log(1+e^x)}),
 * {@code binary} with {@code sigmoid} other than 1 ({@code 1/(1+e^(-s x))}), and the {@code sqrt}
 * flag ({@code reg_sqrt}: the response is {@code sign(x) x^2}).
 */
final class Objective {
  private static final Set<String> IDENTITY = Set.of("regression", "regression_l2", "regression_l1", "huber", "fair",
      "quantile", "mape", "lambdarank", "rank_xendcg", "custom");
  private static final Set<String> EXP = Set.of("poisson", "gamma", "tweedie");

  private final String name;
  private final Link link;
  private final List<String> outputs;

  private Objective(String name, Link link, List<String> outputs) {
    this.name = name;
    this.link = link;
    this.outputs = outputs;
  }

  /** The objective's name (first token), e.g. {@code binary}. */
  String name() {
    return name;
  }

  Link link() {
    return link;
  }

  /** Output names: {@code ["0".."k-1"]} for multiclass, else one output named after the objective. */
  List<String> outputs() {
    return outputs;
  }

  /**
   * Parses the objective description.
   *
   * @param text the value of {@code objective=}, or {@code null} when the line is absent (LightGBM
   *     then applies no transform: identity)
   * @param numClass the header's {@code num_class}
   * @throws IllegalArgumentException with a message naming the objective and why it is refused
   */
  static Objective parse(String text, int numClass) {
    if (text == null || text.isBlank()) {
      return single("raw", Link.IDENTITY, numClass);
    }
    String[] tokens = text.strip().split("\\s+");
    String name = tokens[0];
    if (name.equals("multiclass") || name.equals("softmax")) {
      int k = intSetting(tokens, "num_class", numClass);
      if (k != numClass || k < 2) {
        throw new IllegalArgumentException("objective '" + text + "' declares " + k
            + " classes but the header's num_class is " + numClass);
      }
      List<String> names = new ArrayList<>(k);
      for (int c = 0; c < k; c++) {
        names.add(Integer.toString(c));
      }
      return new Objective(name, Link.SOFTMAX, List.copyOf(names));
    }
    if (name.equals("multiclassova") || name.equals("multiclass_ova") || name.equals("ova")
        || name.equals("ovr")) {
      throw new IllegalArgumentException("objective '" + text + "' (one-vs-all multiclass) applies a separate sigmoid"
          + " to each class, which Loupe's links cannot express; train with objective=multiclass");
    }
    if (name.equals("binary")) {
      double sigmoid = doubleSetting(tokens, "sigmoid", 1.0);
      if (sigmoid != 1.0) {
        throw new IllegalArgumentException("objective '" + text + "' uses sigmoid:" + setting(tokens, "sigmoid")
            + "; Loupe's logistic link needs sigmoid=1 (probability = 1/(1+exp(-sigmoid*margin)))");
      }
      return single(name, Link.LOGISTIC, numClass);
    }
    if (name.equals("cross_entropy") || name.equals("xentropy")) {
      return single(name, Link.LOGISTIC, numClass);
    }
    if (name.equals("cross_entropy_lambda") || name.equals("xentlambda")) {
      throw new IllegalArgumentException("objective '" + text + "' maps the margin through log(1+exp(x)), which"
          + " Loupe's links cannot express");
    }
    boolean identity = IDENTITY.contains(name);
    if (!identity && !EXP.contains(name)) {
      throw new IllegalArgumentException("unknown objective '" + text + "'; Loupe reads binary, cross_entropy,"
          + " multiclass, regression (l2, l1, huber, fair, quantile, mape), poisson, gamma, tweedie, lambdarank,"
          + " rank_xendcg and custom");
    }
    for (int i = 1; i < tokens.length; i++) {
      if (tokens[i].equals("sqrt")) {
        throw new IllegalArgumentException("objective '" + text + "' was trained with reg_sqrt=true: its response"
            + " is sign(x)*x^2 of the raw score, which Loupe's links cannot express");
      }
    }
    return single(name, identity ? Link.IDENTITY : Link.EXP, numClass);
  }

  private static Objective single(String name, Link link, int numClass) {
    if (numClass != 1) {
      throw new IllegalArgumentException("objective '" + name + "' has one output but the header's num_class is "
          + numClass);
    }
    return new Objective(name, link, List.of(name));
  }

  private static String setting(String[] tokens, String key) {
    for (int i = 1; i < tokens.length; i++) {
      if (tokens[i].startsWith(key + ":")) {
        return tokens[i].substring(key.length() + 1);
      }
    }
    return null;
  }

  private static int intSetting(String[] tokens, String key, int fallback) {
    String v = setting(tokens, key);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("objective setting '" + key + ":" + v + "' is not an integer");
    }
  }

  private static double doubleSetting(String[] tokens, String key, double fallback) {
    String v = setting(tokens, key);
    if (v == null) {
      return fallback;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("objective setting '" + key + ":" + v + "' is not a number");
    }
  }
}
