package dev.loupe.models.xgboost;

import dev.loupe.core.TreeEnsemble;
import java.nio.file.Path;

/** Reads XGBoost models written by {@code save_model} (JSON or UBJSON). STUB: to be implemented. */
public final class XGBoostModelReader {
  private XGBoostModelReader() {}

  public static TreeEnsemble read(Path file) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  /** Reads a model from its bytes (JSON or UBJSON, detected); {@code source} names it in messages. */
  public static TreeEnsemble read(byte[] bytes, String source) {
    throw new UnsupportedOperationException("not yet implemented");
  }
}
