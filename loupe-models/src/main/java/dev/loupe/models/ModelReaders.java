package dev.loupe.models;

import dev.loupe.core.ModelFormatException;
import dev.loupe.core.TreeEnsemble;
import dev.loupe.models.lightgbm.LightGbmModelReader;
import dev.loupe.models.xgboost.XGBoostModelReader;
import java.nio.file.Path;

/**
 * Reads a model file of any supported format, chosen from its content (not its name): LightGBM's
 * text form starts with a {@code tree} line; XGBoost's JSON and UBJSON forms start with an object.
 */
public final class ModelReaders {
  private ModelReaders() {}

  public static TreeEnsemble read(Path file) {
    return read(ModelFiles.readAllBytes(file), file.toString());
  }

  /** Reads a model from its bytes; {@code source} names it in messages. */
  public static TreeEnsemble read(byte[] bytes, String source) {
    int i = 0;
    while (i < bytes.length && Character.isWhitespace(bytes[i])) {
      i++;
    }
    if (i == bytes.length) {
      throw new ModelFormatException(source + ": the model file is empty; expected an XGBoost model (JSON or UBJSON,"
          + " from save_model) or a LightGBM text model (from save_model)");
    }
    if (LightGbmModelReader.looksLikeLightGbm(bytes)) {
      return LightGbmModelReader.read(bytes, source);
    }
    if (bytes[i] == '{') {
      return XGBoostModelReader.read(bytes, source);
    }
    throw new ModelFormatException(source + ": not a model file Loupe can read; expected an XGBoost model (JSON or"
        + " UBJSON, from save_model) or a LightGBM text model (from save_model)");
  }
}
