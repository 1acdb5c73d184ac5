package dev.loupe.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a command writes: the file of {@code --out}, or standard output. */
final class Destination {
  private Destination() {}

  @FunctionalInterface
  interface Body {
    void write(Writer w) throws IOException;
  }

  /** Fails (a usage error) when {@code --out file} cannot be a new or existing file: call before the work. */
  static void check(Path file) {
    if (file == null) {
      return;
    }
    if (Files.isDirectory(file)) {
      throw CliException.usage("--out " + file + " is a folder; give a file name in it, e.g. "
          + file.resolve("out.json"));
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw CliException.usage("--out " + file + ": the folder " + parent + " does not exist; create it first");
    }
  }

  static void write(Path file, PrintWriter stdout, Body body) {
    if (file == null) {
      try {
        body.write(stdout);
      } catch (IOException e) {
        throw CliException.data("cannot write to standard output (" + e.getMessage() + ")");
      }
      stdout.flush();
      return;
    }
    check(file);
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      body.write(w);
    } catch (IOException e) {
      throw CliException.data("cannot write " + file + " (" + e.getMessage() + ")");
    }
  }
}
