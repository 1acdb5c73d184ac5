package dev.loupe.cli;

import dev.loupe.core.Progress;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on standard error, redrawn at most every 200 ms, shown only when the
 * command runs on a terminal (so redirected or piped output stays clean) and only for work that
 * lasts longer than half a second.
 */
final class ProgressBar implements Progress, AutoCloseable {
  private static final long FIRST_DRAW_NANOS = 500_000_000L;
  private static final long REDRAW_NANOS = 200_000_000L;
  private static final int WIDTH = 30;

  private final String label;
  private final PrintStream err;
  private final boolean enabled;
  private final long start = System.nanoTime();
  private long lastDraw;
  private boolean drawn;

  private ProgressBar(String label, PrintStream err, boolean enabled) {
    this.label = label;
    this.err = err;
    this.enabled = enabled;
  }

  /** A bar on standard error when there is a terminal, else one that draws nothing. */
  static ProgressBar onTerminal(String label) {
    return new ProgressBar(label, System.err, System.console() != null);
  }

  @Override
  public synchronized void update(long done, long total) {
    if (!enabled || total <= 0) {
      return;
    }
    long now = System.nanoTime();
    if (now - start < FIRST_DRAW_NANOS || (drawn && now - lastDraw < REDRAW_NANOS && done < total)) {
      return;
    }
    lastDraw = now;
    drawn = true;
    int filled = (int) (WIDTH * done / total);
    double seconds = (now - start) / 1e9;
    double eta = done > 0 ? seconds * (total - done) / done : 0;
    err.print(String.format(Locale.ROOT, "\r%s [%s%s] %3d%%  %,d/%,d rows  %.0fs left ", label,
        "#".repeat(filled), ".".repeat(WIDTH - filled), 100 * done / total, done, total, eta));
    err.flush();
  }

  /** Clears the bar's line when the work is done. */
  void finish() {
    close();
  }

  @Override
  public synchronized void close() {
    if (drawn) {
      err.print("\r" + " ".repeat(WIDTH + label.length() + 50) + "\r");
      err.flush();
      drawn = false;
    }
  }
}
