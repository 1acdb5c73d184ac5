package dev.loupe.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The bundled demo model, its category levels and its data, copied into a folder for a command test. */
record DemoFiles(Path model, Path data) {

  /** Copies the demo model, levels and data into {@code dir} (the levels file beside the model). */
  static DemoFiles copyTo(Path dir) throws IOException {
    Path model = dir.resolve(DemoCommand.MODEL);
    Files.write(model, DemoCommand.resource(DemoCommand.MODEL));
    Files.write(dir.resolve(DemoCommand.LEVELS), DemoCommand.resource(DemoCommand.LEVELS));
    Path data = dir.resolve(DemoCommand.DATA);
    Files.write(data, DemoCommand.resource(DemoCommand.DATA));
    return new DemoFiles(model, data);
  }
}
