package dev.loupe.core;

/**
 * A model file that Loupe cannot read exactly: malformed, of another format, or using a part Loupe
 * does not support. The message names the file and what to do; Loupe never guesses.
 */
public class ModelFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ModelFormatException(String message) {
    super(message);
  }

  public ModelFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
