package dev.loupe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the {@code loupe} command with captured output. */
record Run(int exitCode, String out, String err) {

  static Run of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = LoupeCommand.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  /** Asserts a one-line {@code loupe: ...} error naming {@code mentions}, with exit code {@code code}. */
  Run assertError(int code, String... mentions) {
    assertEquals(code, exitCode, () -> "exit code; stderr was: " + err);
    String e = err.strip();
    assertTrue(e.startsWith("loupe: "), () -> "stderr should start with 'loupe: ' but was: " + err);
    assertFalse(e.contains("\n"), () -> "stderr should be one line but was:\n" + err);
    assertFalse(e.contains("\tat "), () -> "no stack trace without --debug:\n" + err);
    for (String m : mentions) {
      assertTrue(e.contains(m), () -> "stderr should mention '" + m + "' but was: " + err);
    }
    return this;
  }

  Run assertOk() {
    assertEquals(0, exitCode, () -> "exit code; stderr was: " + err);
    return this;
  }
}
