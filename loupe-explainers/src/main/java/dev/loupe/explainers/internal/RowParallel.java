package dev.loupe.explainers.internal;

import dev.loupe.core.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Runs a row-wise computation on several threads. Rows are handed out in fixed blocks; each row is
 * computed by exactly one worker with its own scratch, in a fixed order of operations, so results
 * are bit-identical for any thread count.
 */
public final class RowParallel {
  private RowParallel() {}

  /** Work on rows {@code [from, to)} with a worker's scratch {@code S}. */
  public interface Block<S> {
    void run(S scratch, int from, int to);
  }

  /**
   * Runs {@code body} over rows {@code [0, rows)} in blocks of {@code blockSize} on up to
   * {@code threads} threads (the caller's among them), reporting finished rows to {@code progress}.
   */
  public static <S> void run(int rows, int threads, int blockSize, Supplier<S> scratch, Block<S> body, Progress progress) {
    int blocks = (rows + blockSize - 1) / blockSize;
    int workers = Math.max(1, Math.min(threads, blocks));
    AtomicInteger next = new AtomicInteger();
    AtomicLong done = new AtomicLong();
    Runnable worker = () -> {
      S s = scratch.get();
      int b;
      while ((b = next.getAndIncrement()) < blocks) {
        int from = b * blockSize;
        int to = Math.min(rows, from + blockSize);
        body.run(s, from, to);
        progress.update(done.addAndGet(to - from), rows);
      }
    };
    if (workers == 1) {
      worker.run();
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(workers - 1, r -> {
      Thread t = new Thread(r, "loupe-worker");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 1; w < workers; w++) {
        futures.add(pool.submit(worker));
      }
      worker.run();
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) {
        throw re;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(c);
    } finally {
      pool.shutdownNow();
    }
  }
}
