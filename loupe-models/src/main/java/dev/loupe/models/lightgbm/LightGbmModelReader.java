package dev.loupe.models.lightgbm;

import dev.loupe.core.TreeEnsemble;
import java.nio.file.Path;

/** Reads LightGBM text models written by {@code save_model}. STUB: to be implemented. */
public final class LightGbmModelReader {
  private LightGbmModelReader() {}

  public static TreeEnsemble read(Path file) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  public static TreeEnsemble read(byte[] bytes, String source) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  /** Whether the bytes look like LightGBM's text model (a first line {@code tree}). */
  public static boolean looksLikeLightGbm(byte[] bytes) {
    String head = new String(bytes, 0, Math.min(bytes.length, 64), java.nio.charset.StandardCharsets.US_ASCII);
    return head.startsWith("tree\n") || head.startsWith("tree\r\n");
  }
}
