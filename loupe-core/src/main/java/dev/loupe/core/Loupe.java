package dev.loupe.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Facts about this build of Loupe. */
public final class Loupe {
  private static final String VERSION = readVersion();

  private Loupe() {}

  /** The Loupe version, from the build. */
  public static String version() {
    return VERSION;
  }

  private static String readVersion() {
    try (InputStream in = Loupe.class.getResourceAsStream("/dev/loupe/core/loupe.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
