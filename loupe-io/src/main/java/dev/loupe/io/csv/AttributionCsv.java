package dev.loupe.io.csv;

import dev.loupe.core.Attributions;
import dev.loupe.core.Interactions;
import dev.loupe.core.Schema;
import java.io.IOException;
import java.io.Writer;

/**
 * Writes explanations as CSV (RFC 4180, LF line endings) for spreadsheets and data frames.
 *
 * <ul>
 *   <li>{@link #write(Attributions, Writer)}: header {@code row,output,base_value,<feature 1>,...,<feature n>},
 *       one line per explained row and output; values in the attributions' scale.
 *   <li>{@link #write(Interactions, Writer)}: header {@code row,output,feature,<feature 1>,...,<feature n>},
 *       one line per row of each {@code m x m} interaction matrix.
 * </ul>
 *
 * <p>{@code row} is the explained row's index in its data (0-based). Doubles are written with
 * {@link Double#toString} (full precision: they read back to the same bits); a missing value is
 * {@code NaN}. Names that hold a comma, a quote or a line break, or that start or end with a space,
 * are quoted. Stateless and thread-safe.
 */
public final class AttributionCsv {
  private AttributionCsv() {}

  /** Writes one line per (row, output). */
  public static void write(Attributions a, Writer out) throws IOException {
    Schema schema = a.schema();
    int m = schema.size();
    StringBuilder line = new StringBuilder("row,output,base_value");
    for (int j = 0; j < m; j++) {
      line.append(',').append(field(schema.name(j)));
    }
    out.write(line.append('\n').toString());
    for (int i = 0; i < a.size(); i++) {
      for (int o = 0; o < a.outputs().size(); o++) {
        line.setLength(0);
        line.append(a.rowId(i)).append(',').append(field(a.outputs().name(o))).append(',')
            .append(Double.toString(a.baseValue(i, o)));
        for (int j = 0; j < m; j++) {
          line.append(',').append(Double.toString(a.value(i, o, j)));
        }
        out.write(line.append('\n').toString());
      }
    }
    out.flush();
  }

  /** Writes one line per (row, output, feature): that feature's row of the interaction matrix. */
  public static void write(Interactions in, Writer out) throws IOException {
    Schema schema = in.schema();
    int m = schema.size();
    StringBuilder line = new StringBuilder("row,output,feature");
    for (int j = 0; j < m; j++) {
      line.append(',').append(field(schema.name(j)));
    }
    out.write(line.append('\n').toString());
    for (int i = 0; i < in.size(); i++) {
      for (int o = 0; o < in.outputs().size(); o++) {
        for (int f = 0; f < m; f++) {
          line.setLength(0);
          line.append(in.rowId(i)).append(',').append(field(in.outputs().name(o))).append(',')
              .append(field(schema.name(f)));
          for (int j = 0; j < m; j++) {
            line.append(',').append(Double.toString(in.value(i, o, f, j)));
          }
          out.write(line.append('\n').toString());
        }
      }
    }
    out.flush();
  }

  /** {@code s} as one CSV field: quoted (inner quotes doubled) when it would not read back as itself. */
  public static String field(String s) {
    boolean quote = s.isEmpty() ? false
        : Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(s.length() - 1));
    for (int i = 0; i < s.length() && !quote; i++) {
      char c = s.charAt(i);
      quote = c == ',' || c == '"' || c == '\n' || c == '\r';
    }
    return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
  }
}
