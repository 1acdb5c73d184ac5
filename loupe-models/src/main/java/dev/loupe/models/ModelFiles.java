package dev.loupe.models;

import dev.loupe.core.ModelFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reading a model file's bytes, with the readers' messages for a missing or unreadable file. */
public final class ModelFiles {
  private ModelFiles() {}

  /**
   * The whole content of {@code file}.
   *
   * @throws ModelFormatException if the file does not exist or cannot be read, naming the file
   */
  public static byte[] readAllBytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ModelFormatException(file + ": no such model file; check the path");
    } catch (IOException e) {
      throw new ModelFormatException(file + ": cannot be read (" + e.getMessage() + ")", e);
    }
  }
}
