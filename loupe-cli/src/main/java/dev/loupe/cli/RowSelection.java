package dev.loupe.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The rows chosen by {@code --rows}: {@code 5}, {@code 0-99}, {@code 1,4,10-12} (0-based,
 * inclusive ranges, in the order given). Immutable.
 */
final class RowSelection {
  private final String spec;
  private final List<long[]> ranges;

  private RowSelection(String spec, List<long[]> ranges) {
    this.spec = spec;
    this.ranges = ranges;
  }

  /** Parses a selection; a usage error that shows the accepted forms if it is malformed. */
  static RowSelection parse(String spec) {
    List<long[]> ranges = new ArrayList<>();
    String s = spec.strip();
    if (s.isEmpty()) {
      throw bad(spec, "it is empty");
    }
    for (String part : s.split(",", -1)) {
      String p = part.strip();
      int dash = p.indexOf('-', 1);
      try {
        long from;
        long to;
        if (dash < 0) {
          from = Long.parseLong(p);
          to = from;
        } else {
          from = Long.parseLong(p.substring(0, dash).strip());
          to = Long.parseLong(p.substring(dash + 1).strip());
        }
        if (from < 0 || to < 0) {
          throw bad(spec, "rows are numbered from 0");
        }
        if (to < from) {
          throw bad(spec, "the range " + p + " ends before it starts");
        }
        ranges.add(new long[] {from, to});
      } catch (NumberFormatException e) {
        throw bad(spec, "'" + p + "' is not a row number or a range");
      }
    }
    return new RowSelection(spec, ranges);
  }

  private static CliException bad(String spec, String why) {
    return CliException.usage("bad --rows '" + spec + "': " + why + "; use e.g. 5, 0-99 or 1,4,10-12 (0-based)");
  }

  /** The selected row indices, checked against a file of {@code rows} rows. */
  int[] resolve(int rows, String file) {
    long count = 0;
    for (long[] r : ranges) {
      if (r[1] >= rows) {
        String have = rows == 0 ? "no rows" : rows + " rows (0-" + (rows - 1) + ")";
        String asked = r[0] == r[1] ? "row " + r[0] : "rows " + r[0] + "-" + r[1];
        throw CliException.usage("--rows " + spec + ": " + asked + " out of range; " + file + " has " + have);
      }
      count += r[1] - r[0] + 1;
    }
    if (count > Integer.MAX_VALUE - 8) {
      throw CliException.usage("--rows " + spec + " selects too many rows");
    }
    int[] out = new int[(int) count];
    int k = 0;
    for (long[] r : ranges) {
      for (long i = r[0]; i <= r[1]; i++) {
        out[k++] = (int) i;
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return spec;
  }
}
