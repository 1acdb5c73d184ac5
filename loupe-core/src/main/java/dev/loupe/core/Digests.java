package dev.loupe.core;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests in the {@code sha256:<hex>} form used by provenance. */
public final class Digests {
  private Digests() {}

  public static String sha256(byte[] bytes) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** Digest of a block of doubles (their IEEE bits, little-endian order of appearance). */
  public static String sha256(double[] values) {
    byte[] b = new byte[values.length * 8];
    for (int i = 0; i < values.length; i++) {
      long v = Double.doubleToLongBits(values[i]);
      for (int k = 0; k < 8; k++) {
        b[i * 8 + k] = (byte) (v >>> (8 * k));
      }
    }
    return sha256(b);
  }
}
