package dev.loupe.models.xgboost;

import dev.loupe.core.Link;
import java.util.Locale;

/**
 * The XGBoost objectives Loupe reads, each with its link from margin to response and the map
 * XGBoost applies to the stored {@code base_score} to get the starting margin
 * ({@code ObjFunction::ProbToMargin}).
 *
 * <p>Every transform here was checked against XGBoost4J 3.4's {@code predict(outputMargin=true)}
 * by {@code XGBoostModelReaderTest}: logit for {@code binary:logistic} and {@code reg:logistic}; log
 * for Poisson, gamma and Tweedie; identity otherwise, including {@code binary:logitraw} (its base
 * score is stored in the margin: a logit there shifts every margin by about 1.4 on Adult) and the
 * multiclass objectives (whose 3.x per-class base scores are margins, some negative). XGBoost's
 * sources agree: {@code LogisticRegression::ProbToMargin} is {@code -log(1/p - 1)} and
 * {@code binary:logitraw} overrides it with the identity since XGBoost 1.4 (dmlc/xgboost#6517).
 */
enum Objective {
  BINARY_LOGISTIC("binary:logistic", Link.LOGISTIC, Transform.LOGIT),
  BINARY_LOGITRAW("binary:logitraw", Link.IDENTITY, Transform.IDENTITY),
  REG_LOGISTIC("reg:logistic", Link.LOGISTIC, Transform.LOGIT),
  REG_SQUAREDERROR("reg:squarederror", Link.IDENTITY, Transform.IDENTITY),
  REG_ABSOLUTEERROR("reg:absoluteerror", Link.IDENTITY, Transform.IDENTITY),
  COUNT_POISSON("count:poisson", Link.EXP, Transform.LOG),
  REG_GAMMA("reg:gamma", Link.EXP, Transform.LOG),
  REG_TWEEDIE("reg:tweedie", Link.EXP, Transform.LOG),
  MULTI_SOFTPROB("multi:softprob", Link.SOFTMAX, Transform.IDENTITY),
  MULTI_SOFTMAX("multi:softmax", Link.SOFTMAX, Transform.IDENTITY);

  enum Transform { IDENTITY, LOGIT, LOG }

  private final String xgbName;
  private final Link link;
  private final Transform transform;

  Objective(String xgbName, Link link, Transform transform) {
    this.xgbName = xgbName;
    this.link = link;
    this.transform = transform;
  }

  /** The objective of this XGBoost name, or {@code null}. */
  static Objective of(String name) {
    for (Objective o : values()) {
      if (o.xgbName.equals(name)) {
        return o;
      }
    }
    return null;
  }

  static String supportedNames() {
    StringBuilder sb = new StringBuilder();
    for (Objective o : values()) {
      sb.append(sb.length() == 0 ? "" : ", ").append(o.xgbName);
    }
    return sb.toString();
  }

  String xgbName() {
    return xgbName;
  }

  Link link() {
    return link;
  }

  boolean isMulticlass() {
    return link == Link.SOFTMAX;
  }

  /**
   * The starting margin for a stored base score (a float in XGBoost). NaN when the score lies
   * outside the transform's domain (the caller reports it).
   */
  double margin(float baseScore) {
    double p = baseScore;
    return switch (transform) {
      case IDENTITY -> p;
      case LOGIT -> p > 0 && p < 1 ? -Math.log(1.0 / p - 1.0) : Double.NaN;
      case LOG -> p > 0 ? Math.log(p) : Double.NaN;
    };
  }

  String transformName() {
    return transform.name().toLowerCase(Locale.ROOT);
  }
}
