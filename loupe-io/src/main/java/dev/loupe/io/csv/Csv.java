package dev.loupe.io.csv;

import dev.loupe.core.DataFormatException;
import dev.loupe.core.Feature;
import dev.loupe.core.FeatureType;
import dev.loupe.core.Frame;
import dev.loupe.core.Schema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads CSV (RFC 4180: comma-separated, optional double quotes, a quote inside a quoted field
 * written twice) with a header row into a {@link Table}.
 *
 * <p>Cost: one pass over the text, then one pass per column to type it; memory about the size of
 * the fields as strings. Every error is a {@link DataFormatException} whose message starts with
 * {@code file:line:column} (1-based; the column is the field's position in the line, as in the
 * header), or {@code file:line} for a problem of the whole header, and says what to do. Blank lines
 * are skipped (before the header too) and counted in line numbers.
 */
public final class Csv {
  private Csv() {}

  /** Reads a file with default options. */
  public static Table read(Path file) {
    return read(file, CsvOptions.defaults());
  }

  /** Reads a file. */
  public static Table read(Path file, CsvOptions options) {
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(r, file.toString(), options);
    } catch (NoSuchFileException e) {
      throw new DataFormatException(file + ": no such file; check the path");
    } catch (CharacterCodingException e) {
      throw new DataFormatException(file + ": not UTF-8 text; save the data as UTF-8 CSV");
    } catch (IOException e) {
      throw new DataFormatException(file + ": cannot be read (" + e.getMessage() + ")", e);
    }
  }

  /**
   * Reads CSV text.
   *
   * @param source the name used in messages (a file name)
   */
  public static Table read(Reader in, String source, CsvOptions options) throws IOException {
    BufferedReader r = in instanceof BufferedReader b ? b : new BufferedReader(in);
    String headerLine = r.readLine();
    int headerLineNo = 1;
    if (headerLine != null && !headerLine.isEmpty() && headerLine.charAt(0) == '\uFEFF') {
      headerLine = headerLine.substring(1);
    }
    while (headerLine != null && headerLine.isBlank()) {
      headerLine = r.readLine(); // blank lines before the header carry nothing
      headerLineNo++;
    }
    if (headerLine == null) {
      throw new DataFormatException(source + ":1:1: the file is empty; a CSV file needs a header row naming its columns");
    }
    final int hl = headerLineNo;
    List<String> header = split(headerLine, source, hl, options.separator());
    int width = header.size();
    Map<String, Integer> seen = new HashMap<>();
    for (int j = 0; j < width; j++) {
      String name = header.get(j).strip();
      header.set(j, name);
      if (name.isEmpty()) {
        throw new DataFormatException(source + ":" + hl + ":" + (j + 1) + ": column " + (j + 1)
            + " has no name; give every column a name in the header row");
      }
      Integer prev = seen.put(name, j);
      if (prev != null) {
        throw new DataFormatException(source + ":" + hl + ":" + (j + 1) + ": column name '" + name
            + "' is used twice (columns " + (prev + 1) + " and " + (j + 1) + "); rename one");
      }
    }
    for (String named : options.types().keySet()) {
      if (!seen.containsKey(named)) {
        throw new DataFormatException(source + ":" + hl + ": a type was given for column '" + named
            + "' but the file has no such column; its columns are: " + String.join(", ", header));
      }
    }
    int targetCol = -1;
    if (options.target() != null) {
      Integer t = seen.get(options.target());
      if (t == null) {
        throw new DataFormatException(source + ":" + hl + ": no target column '" + options.target()
            + "'; its columns are: " + String.join(", ", header));
      }
      targetCol = t;
    }

    List<String[]> rows = new ArrayList<>();
    int[] lineNumbers = new int[16];
    String line;
    int lineNo = hl;
    while ((line = r.readLine()) != null) {
      lineNo++;
      if (line.isBlank()) {
        continue; // a trailing or blank line carries no row
      }
      List<String> fields = split(line, source, lineNo, options.separator());
      if (fields.size() != width) {
        int column = Math.min(fields.size(), width) + 1;
        throw new DataFormatException(source + ":" + lineNo + ":" + column + ": " + fields.size()
            + (fields.size() == 1 ? " field" : " fields") + ", but the header has " + width
            + " columns; every line needs one field per column (use an empty field for a missing value)");
      }
      if (rows.size() == lineNumbers.length) {
        lineNumbers = java.util.Arrays.copyOf(lineNumbers, rows.size() * 2);
      }
      lineNumbers[rows.size()] = lineNo;
      String[] row = new String[width];
      for (int j = 0; j < width; j++) {
        row[j] = fields.get(j).strip();
      }
      rows.add(row);
    }
    int n = rows.size();

    List<Feature> features = new ArrayList<>();
    double[][] cols = new double[width - (targetCol >= 0 ? 1 : 0)][];
    Feature targetFeature = null;
    double[] target = null;
    int k = 0;
    for (int j = 0; j < width; j++) {
      String name = header.get(j);
      Column c = typeColumn(rows, lineNumbers, j, name, source, options);
      if (j == targetCol) {
        targetFeature = c.feature;
        target = c.values;
        for (int i = 0; i < n; i++) {
          if (Double.isNaN(target[i])) {
            throw new DataFormatException(source + ":" + lineNumbers[i] + ":" + (j + 1) + ": the target '" + name
                + "' is missing; remove the row or fill in its target");
          }
        }
      } else {
        features.add(c.feature);
        cols[k++] = c.values;
      }
    }
    Frame frame = Frame.of(new Schema(features), cols);
    return new Table(source, frame, targetFeature, target);
  }

  private record Column(Feature feature, double[] values) {}

  private static Column typeColumn(List<String[]> rows, int[] lines, int j, String name, String source, CsvOptions options) {
    int n = rows.size();
    double[] values = new double[n];
    FeatureType forced = options.types().get(name);
    List<String> fixedLevels = options.levels().get(name);
    int firstText = -1;
    for (int i = 0; i < n; i++) {
      String s = rows.get(i)[j];
      if (options.missingMarkers().contains(s)) {
        values[i] = Double.NaN;
        continue;
      }
      double v = parseNumber(s);
      if (Double.isNaN(v)) {
        if (firstText < 0) {
          firstText = i;
        }
        if (forced == FeatureType.NUMERIC) {
          throw new DataFormatException(source + ":" + lines[i] + ":" + (j + 1) + ": column '" + name
              + "' is numeric but holds '" + s + "'; fix the value, leave it empty for missing, or read the column as categorical");
        }
      }
      values[i] = v;
    }
    boolean categorical = forced == FeatureType.CATEGORICAL || (forced == null && firstText >= 0);
    if (!categorical) {
      return new Column(Feature.numeric(name), values);
    }
    if (firstText < 0 && fixedLevels == null) {
      // numbers declared categorical: non-negative integers are their own codes
      for (int i = 0; i < n; i++) {
        double v = values[i];
        if (!Double.isNaN(v) && (v < 0 || v != Math.rint(v) || v > Integer.MAX_VALUE)) {
          throw new DataFormatException(source + ":" + lines[i] + ":" + (j + 1) + ": categorical column '"
              + name + "' holds " + rows.get(i)[j] + "; numeric category codes must be whole numbers >= 0");
        }
      }
      return new Column(Feature.categorical(name), values);
    }
    List<String> levels;
    if (fixedLevels != null) {
      levels = fixedLevels;
    } else {
      TreeSet<String> set = new TreeSet<>();
      for (String[] row : rows) {
        if (!options.missingMarkers().contains(row[j])) {
          set.add(row[j]);
        }
      }
      levels = new ArrayList<>(set);
    }
    Map<String, Integer> code = new HashMap<>();
    for (int l = 0; l < levels.size(); l++) {
      code.put(levels.get(l), l);
    }
    for (int i = 0; i < n; i++) {
      String s = rows.get(i)[j];
      if (options.missingMarkers().contains(s)) {
        values[i] = Double.NaN;
        continue;
      }
      Integer c = code.get(s);
      if (c == null) {
        throw new DataFormatException(source + ":" + lines[i] + ":" + (j + 1) + ": '" + s
            + "' is not a known level of column '" + name + "' (known: " + String.join(", ", levels) + ")");
      }
      values[i] = c;
    }
    return new Column(Feature.categorical(name, levels), values);
  }

  /** The number in {@code s}, or NaN when {@code s} is not a plain decimal number. */
  static double parseNumber(String s) {
    int len = s.length();
    if (len == 0) {
      return Double.NaN;
    }
    // Accept only decimal notation: Java's parser would also take "Infinity", "0x1p3", "1d" and "1f".
    for (int i = 0; i < len; i++) {
      char c = s.charAt(i);
      boolean ok = (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
      if (!ok) {
        return Double.NaN;
      }
    }
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** Splits one line into fields, honouring double quotes. */
  static List<String> split(String line, String source, int lineNo, char sep) {
    List<String> out = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = 0;
    int len = line.length();
    while (true) {
      field.setLength(0);
      int fieldStart = i;
      if (i < len && line.charAt(i) == '"') {
        i++;
        while (true) {
          if (i >= len) {
            throw new DataFormatException(source + ":" + lineNo + ":" + (out.size() + 1)
                + ": the quoted field that starts at character " + (fieldStart + 1)
                + " is not closed on this line; close the quote (fields cannot span lines)");
          }
          char c = line.charAt(i);
          if (c == '"') {
            if (i + 1 < len && line.charAt(i + 1) == '"') {
              field.append('"');
              i += 2;
            } else {
              i++;
              break;
            }
          } else {
            field.append(c);
            i++;
          }
        }
        if (i < len && line.charAt(i) != sep) {
          throw new DataFormatException(source + ":" + lineNo + ":" + (out.size() + 1)
              + ": text after the closing quote at character " + i
              + "; a quoted field must end at the separator (write a quote inside a quoted field as \"\")");
        }
      } else {
        while (i < len && line.charAt(i) != sep) {
          field.append(line.charAt(i));
          i++;
        }
      }
      out.add(field.toString());
      if (i >= len) {
        break;
      }
      i++; // the separator
    }
    return out;
  }
}
