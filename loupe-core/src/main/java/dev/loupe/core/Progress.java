package dev.loupe.core;

/**
 * Receives the progress of a long computation: {@code done} of {@code total} units (rows). Called
 * from worker threads, possibly concurrently, with {@code done} not always increasing between
 * threads; implementations must be thread-safe and cheap. Progress never changes a result.
 */
@FunctionalInterface
public interface Progress {
  /** Ignores all updates. */
  Progress NONE = (done, total) -> { };

  void update(long done, long total);
}
