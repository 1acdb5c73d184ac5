package dev.loupe.cli;

/** A user mistake: printed as one line {@code loupe: <message>}; the process exits with {@link #exitCode}. */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The command line was wrong (an option, a range, a missing option). */
  static final int USAGE = 2;
  /** The data or the model could not be used. */
  static final int DATA = 1;

  private final int exitCode;

  CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  CliException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  static CliException usage(String message) {
    return new CliException(USAGE, message);
  }

  static CliException data(String message) {
    return new CliException(DATA, message);
  }

  int exitCode() {
    return exitCode;
  }
}
