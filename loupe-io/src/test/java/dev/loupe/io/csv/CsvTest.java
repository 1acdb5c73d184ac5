package dev.loupe.io.csv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.core.DataFormatException;
import dev.loupe.core.Feature;
import dev.loupe.core.FeatureType;
import dev.loupe.core.Frame;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {
  private static final double NaN = Double.NaN;

  private static Table read(String text) {
    return read(text, CsvOptions.defaults());
  }

  private static Table read(String text, CsvOptions options) {
    try {
      return Csv.read(new StringReader(text), "data.csv", options);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The error's message, asserted to start with {@code data.csv:line:column:}. */
  private static String error(String text, CsvOptions options, int line, int column) {
    DataFormatException e = assertThrows(DataFormatException.class, () -> read(text, options));
    String prefix = "data.csv:" + line + ":" + column + ": ";
    assertTrue(e.getMessage().startsWith(prefix), () -> "expected '" + prefix + "...' but was: " + e.getMessage());
    return e.getMessage();
  }

  private static String error(String text, int line, int column) {
    return error(text, CsvOptions.defaults(), line, column);
  }

  @Test
  void headerOnlyGivesNoRowsAndNumericColumns() {
    Table t = read("a,b,c\n");
    assertEquals(0, t.rows());
    assertEquals(List.of("a", "b", "c"), t.features().names());
    assertEquals(FeatureType.NUMERIC, t.features().schema().feature(0).type());
    assertNull(t.target());
  }

  @Test
  void quotedFieldsWithSeparatorsAndQuotes() {
    Table t = read("\"name, full\",\"say \"\"hi\"\"\",n\n\"a,b\",\"x \"\"y\"\"\",1\n\"\",\"\"\"\",2\r\n");
    Frame f = t.features();
    assertEquals(List.of("name, full", "say \"hi\"", "n"), f.names());
    Feature name = f.schema().feature(0);
    assertEquals(List.of("a,b"), name.levels(), "empty quoted field is missing, so only one level");
    assertEquals(0.0, f.get(0, 0));
    assertTrue(Double.isNaN(f.get(1, 0)));
    assertEquals(List.of("\"", "x \"y\""), f.schema().feature(1).levels());
    assertArrayEquals(new double[] {1, 2}, f.column(2));
  }

  @Test
  void missingMarkers() {
    Table t = read("x,c\n1,a\n,NA\nNA,b\nNaN,\n5,NaN\n");
    assertArrayEquals(new double[] {1, NaN, NaN, NaN, 5}, t.features().column("x"));
    assertArrayEquals(new double[] {0, NaN, 1, NaN, NaN}, t.features().column("c"));
    assertEquals(List.of("a", "b"), t.features().schema().feature(1).levels());
  }

  @Test
  void extraMissingMarkersReplaceTheDefaults() {
    Table t = read("x\n?\n1\nNA\n", CsvOptions.builder().missingMarkers(java.util.Set.of("", "?", "NA")).build());
    assertArrayEquals(new double[] {NaN, 1, NaN}, t.features().column("x"));
  }

  @Test
  void typeInference() {
    Table t = read("num,text,mixed,exp\n1.5,b,1,1e3\n-2,a,x,-2.5E-1\n+3,c,2,.5\n");
    Frame f = t.features();
    assertEquals(FeatureType.NUMERIC, f.schema().feature(0).type());
    assertArrayEquals(new double[] {1.5, -2, 3}, f.column("num"));
    assertEquals(Feature.categorical("text", List.of("a", "b", "c")), f.schema().feature(1));
    assertArrayEquals(new double[] {1, 0, 2}, f.column("text"), "levels are sorted; codes index them");
    assertEquals(List.of("1", "2", "x"), f.schema().feature(2).levels(), "one text field makes the column categorical");
    assertArrayEquals(new double[] {1000, -0.25, 0.5}, f.column("exp"));
  }

  @Test
  void javaOnlyNumberSyntaxIsText() {
    Table t = read("a\nInfinity\n0x1p3\n1d\n");
    assertEquals(FeatureType.CATEGORICAL, t.features().schema().feature(0).type());
  }

  @Test
  void typeOverrides() {
    CsvOptions o = CsvOptions.builder().categorical("code").numeric("n").levels("lvl", List.of("lo", "mid", "hi")).build();
    Table t = read("code,n,lvl\n3,1,hi\n0,2,lo\n,3,\n", o);
    Frame f = t.features();
    assertEquals(Feature.categorical("code"), f.schema().feature(0), "integers declared categorical are their own codes");
    assertArrayEquals(new double[] {3, 0, NaN}, f.column("code"));
    assertEquals(Feature.categorical("lvl", List.of("lo", "mid", "hi")), f.schema().feature(2));
    assertArrayEquals(new double[] {2, 0, NaN}, f.column("lvl"), "fixed levels give the codes");
  }

  @Test
  void targetIsSetAside() {
    Table t = read("a,class,b\n1,good,2\n3,bad,4\n", CsvOptions.target("class"));
    assertEquals(List.of("a", "b"), t.features().names());
    assertEquals(Feature.categorical("class", List.of("bad", "good")), t.targetFeature());
    assertArrayEquals(new double[] {1, 0}, t.target());
    assertArrayEquals(new double[] {2, 4}, t.features().column("b"));
  }

  @Test
  void blankLinesAreSkippedAndCounted() {
    Table t = read("\n\na\n1\n\n2\n   \n");
    assertArrayEquals(new double[] {1, 2}, t.features().column("a"));
    // the error on the 7th line names line 7, though only the 3rd data row
    error("\na\n1\n\n2\n\nx,y\n", 7, 2);
  }

  @Test
  void byteOrderMarkIsDropped() {
    assertEquals(List.of("a"), read("\uFEFFa\n1\n").features().names());
  }

  @Test
  void readsFilesAndNamesThem(@TempDir Path dir) throws IOException {
    Path p = dir.resolve("d.csv");
    Files.writeString(p, "a,b\n1,2\n", StandardCharsets.UTF_8);
    assertEquals(1, Csv.read(p).rows());
    DataFormatException missing = assertThrows(DataFormatException.class, () -> Csv.read(dir.resolve("nope.csv")));
    assertTrue(missing.getMessage().contains("nope.csv") && missing.getMessage().contains("no such file"),
        missing.getMessage());
    Path latin1 = dir.resolve("latin1.csv");
    Files.write(latin1, new byte[] {'a', '\n', (byte) 0xE9, '\n'});
    DataFormatException notUtf8 = assertThrows(DataFormatException.class, () -> Csv.read(latin1));
    assertTrue(notUtf8.getMessage().contains("UTF-8"), notUtf8.getMessage());
  }

  // ---------------------------------------------------------------- errors: file, line, column

  @Test
  void emptyFile() {
    assertTrue(error("", 1, 1).contains("the file is empty"));
    assertTrue(error("\n\n", 1, 1).contains("the file is empty"));
  }

  @Test
  void tooManyFields() {
    String m = error("a,b\n1,2\n1,2,3\n", 3, 3);
    assertTrue(m.contains("3 fields, but the header has 2 columns"), m);
  }

  @Test
  void tooFewFields() {
    String m = error("a,b,c\n1,2,3\n4\n", 3, 2);
    assertTrue(m.contains("1 field, but the header has 3 columns"), m);
  }

  @Test
  void textInANumericColumn() {
    String m = error("a,b\n1,2\n3,oops\n", CsvOptions.builder().numeric("b").build(), 3, 2);
    assertTrue(m.contains("column 'b' is numeric but holds 'oops'"), m);
  }

  @Test
  void unknownLevel() {
    String m = error("a\nlo\nhuge\n", CsvOptions.builder().levels("a", List.of("lo", "hi")).build(), 3, 1);
    assertTrue(m.contains("'huge' is not a known level of column 'a'"), m);
  }

  @Test
  void negativeCategoryCode() {
    String m = error("a\n1\n-1\n", CsvOptions.builder().categorical("a").build(), 3, 1);
    assertTrue(m.contains("whole numbers >= 0"), m);
  }

  @Test
  void unknownTarget() {
    DataFormatException e = assertThrows(DataFormatException.class, () -> read("a,b\n1,2\n", CsvOptions.target("class")));
    assertTrue(e.getMessage().startsWith("data.csv:1: no target column 'class'"), e.getMessage());
    assertTrue(e.getMessage().contains("a, b"), e.getMessage());
  }

  @Test
  void typeForUnknownColumn() {
    DataFormatException e = assertThrows(DataFormatException.class,
        () -> read("a\n1\n", CsvOptions.builder().numeric("zz").build()));
    assertTrue(e.getMessage().startsWith("data.csv:1: a type was given for column 'zz'"), e.getMessage());
  }

  @Test
  void missingTarget() {
    String m = error("a,y\n1,0\n2,\n", CsvOptions.target("y"), 3, 2);
    assertTrue(m.contains("the target 'y' is missing"), m);
  }

  @Test
  void unclosedQuote() {
    String m = error("a,b\n1,\"open\n", 2, 2);
    assertTrue(m.contains("not closed"), m);
    assertTrue(m.contains("character 3"), m);
  }

  @Test
  void textAfterClosingQuote() {
    String m = error("a,b\n\"x\"y,2\n", 2, 1);
    assertTrue(m.contains("after the closing quote"), m);
  }

  @Test
  void duplicateHeader() {
    String m = error("a,b,a\n1,2,3\n", 1, 3);
    assertTrue(m.contains("'a' is used twice (columns 1 and 3)"), m);
  }

  @Test
  void unnamedColumn() {
    String m = error("a,,c\n1,2,3\n", 1, 2);
    assertTrue(m.contains("column 2 has no name"), m);
  }

  @Test
  void headerErrorsCountLeadingBlankLines() {
    error("\n\na,a\n", 3, 2);
  }
}
