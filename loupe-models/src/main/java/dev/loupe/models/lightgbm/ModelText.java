package dev.loupe.models.lightgbm;

import dev.loupe.core.ModelFormatException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The line structure of LightGBM's text model ({@code GBDT::SaveModelToString}, format
 * {@code v2}..{@code v4}): a first line {@code tree}; header lines {@code key=value} (and the bare
 * flag {@code average_output}); then one block per tree, opened by {@code Tree=<i>} and made of
 * {@code key=value} lines; then the line {@code end of trees}. Everything after that line
 * ({@code feature_importances:}, {@code parameters:}, {@code pandas_categorical:}) does not affect
 * predictions and is not read.
 *
 * <p>This class only splits the text into keyed lines with their 1-based line numbers; it knows no
 * key's meaning. A file without {@code end of trees} is truncated and rejected. Not thread-safe
 * while parsing; immutable after.
 */
final class ModelText {
  static final String END_OF_TREES = "end of trees";

  /** One {@code key=value} line; {@code value} is {@code null} for a bare flag. */
  record Entry(String key, String value, int line) {}

  /** One {@code Tree=<number>} block. */
  record TreeBlock(int number, int line, Map<String, Entry> entries) {}

  private final String source;
  private final Map<String, Entry> header;
  private final List<TreeBlock> trees;

  private ModelText(String source, Map<String, Entry> header, List<TreeBlock> trees) {
    this.source = source;
    this.header = header;
    this.trees = trees;
  }

  String source() {
    return source;
  }

  /** The header entries by key, in file order. */
  Map<String, Entry> header() {
    return header;
  }

  /** The tree blocks, in file order (their numbers are checked to be 0, 1, 2, ...). */
  List<TreeBlock> trees() {
    return trees;
  }

  /** An error at line {@code line} of the file. */
  ModelFormatException error(int line, String message) {
    return new ModelFormatException(source + ":" + line + ": " + message);
  }

  /** Splits {@code text} into header and tree blocks; {@code source} names the file in messages. */
  static ModelText parse(String text, String source) {
    String[] lines = text.split("\n", -1);
    int n = lines.length;
    for (int i = 0; i < n; i++) {
      String s = lines[i];
      if (s.endsWith("\r")) {
        lines[i] = s.substring(0, s.length() - 1);
      }
    }
    if (n == 0 || !lines[0].strip().equals("tree")) {
      String first = n == 0 ? "" : lines[0].strip();
      if (first.length() > 40) {
        first = first.substring(0, 40) + "...";
      }
      throw new ModelFormatException(source + ":1: not a LightGBM text model: the first line is '" + first
          + "', expected 'tree' (a model written by LightGBM's save_model / LGBM_BoosterSaveModel)");
    }
    Map<String, Entry> header = new LinkedHashMap<>();
    List<TreeBlock> trees = new ArrayList<>();
    Map<String, Entry> current = null;
    int currentNumber = -1;
    int currentLine = 0;
    boolean ended = false;
    for (int i = 1; i < n && !ended; i++) {
      int lineNo = i + 1;
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      if (line.equals(END_OF_TREES)) {
        ended = true;
        break;
      }
      int eq = line.indexOf('=');
      String key = eq < 0 ? line : line.substring(0, eq);
      String value = eq < 0 ? null : line.substring(eq + 1);
      if (key.equals("Tree")) {
        if (current != null) {
          trees.add(new TreeBlock(currentNumber, currentLine, current));
        }
        int expected = trees.size();
        int number;
        try {
          number = Integer.parseInt(value == null ? "" : value.strip());
        } catch (NumberFormatException e) {
          throw new ModelFormatException(source + ":" + lineNo + ": '" + line + "' should be 'Tree=" + expected + "'");
        }
        if (number != expected) {
          throw new ModelFormatException(source + ":" + lineNo + ": found 'Tree=" + number + "' where 'Tree="
              + expected + "' was expected; the trees must be numbered 0, 1, 2, ... in order");
        }
        current = new LinkedHashMap<>();
        currentNumber = number;
        currentLine = lineNo;
        continue;
      }
      Map<String, Entry> target = current == null ? header : current;
      Entry prev = target.put(key, new Entry(key, value, lineNo));
      if (prev != null) {
        throw new ModelFormatException(source + ":" + lineNo + ": '" + key + "' appears twice"
            + (current == null ? " in the header" : " in tree " + currentNumber) + " (first at line " + prev.line()
            + "); the file is damaged");
      }
    }
    if (current != null) {
      trees.add(new TreeBlock(currentNumber, currentLine, current));
    }
    if (!ended) {
      String where = trees.isEmpty() ? "in the header" : "in tree " + (trees.size() - 1) + " (which starts at line "
          + trees.get(trees.size() - 1).line() + ")";
      throw new ModelFormatException(source + ":" + n + ": the model file is truncated: it ends " + where
          + " without the line '" + END_OF_TREES + "'; save the model again");
    }
    return new ModelText(source, header, trees);
  }

  /**
   * The space-separated integers of {@code e}; exactly {@code count} of them, else an error naming
   * {@code context} (e.g. {@code "tree 3"}) and the line.
   */
  int[] ints(Entry e, int count, String context) {
    String[] parts = split(e, count, context);
    int[] out = new int[count];
    for (int i = 0; i < count; i++) {
      try {
        out[i] = Integer.parseInt(parts[i]);
      } catch (NumberFormatException x) {
        throw error(e.line(), context + ": value " + (i + 1) + " of '" + e.key() + "' is '" + parts[i]
            + "', not an integer");
      }
    }
    return out;
  }

  /** The space-separated numbers of {@code e}, as {@link #ints}. */
  double[] doubles(Entry e, int count, String context) {
    String[] parts = split(e, count, context);
    double[] out = new double[count];
    for (int i = 0; i < count; i++) {
      out[i] = parseDouble(parts[i], e, context, i);
    }
    return out;
  }

  /** The space-separated unsigned 32-bit words of {@code e} (LightGBM's {@code cat_threshold}). */
  long[] words(Entry e, int count, String context) {
    String[] parts = split(e, count, context);
    long[] out = new long[count];
    for (int i = 0; i < count; i++) {
      try {
        out[i] = Long.parseLong(parts[i]);
      } catch (NumberFormatException x) {
        out[i] = -1;
      }
      if (out[i] < 0 || out[i] > 0xFFFF_FFFFL) {
        throw error(e.line(), context + ": value " + (i + 1) + " of '" + e.key() + "' is '" + parts[i]
            + "', not an unsigned 32-bit integer");
      }
    }
    return out;
  }

  /** Parses one number as LightGBM writes it (decimal, {@code inf}, {@code nan}). */
  double parseDouble(String s, Entry e, String context, int index) {
    String t = s.toLowerCase(java.util.Locale.ROOT);
    switch (t) {
      case "inf", "+inf", "infinity", "+infinity" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-inf", "-infinity" -> {
        return Double.NEGATIVE_INFINITY;
      }
      case "nan", "-nan" -> {
        return Double.NaN;
      }
      default -> { }
    }
    boolean plain = !t.isEmpty();
    for (int i = 0; i < t.length() && plain; i++) {
      char c = t.charAt(i);
      plain = (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e';
    }
    if (plain) {
      try {
        return Double.parseDouble(t);
      } catch (NumberFormatException x) {
        // fall through to the error
      }
    }
    throw error(e.line(), context + ": value " + (index + 1) + " of '" + e.key() + "' is '" + s + "', not a number");
  }

  private String[] split(Entry e, int count, String context) {
    String v = e.value() == null ? "" : e.value().strip();
    String[] parts = v.isEmpty() ? new String[0] : v.split("\\s+");
    if (parts.length != count) {
      throw error(e.line(), context + ": '" + e.key() + "' has " + parts.length + " values, expected " + count);
    }
    return parts;
  }
}
