package io.kshealth.core.testing;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.function.Executable;

/**
 * Runs test code that must not block behind something a test holds stuck (an evaluation, a
 * collector run) on a thread of its own. The test thread waits for it without a limit but
 * interruptibly, so a block fails on JUnit's default timeout instead of hanging the test thread in
 * a lock the timeout cannot interrupt. No wall-clock limit of its own: how fast is not the point.
 */
public final class OnAnotherThread {

  private OnAnotherThread() {}

  /** Runs {@code code} on a new thread and rethrows what it threw, assertion failures included. */
  public static void run(Executable code) throws Exception {
    FutureTask<Void> task =
        new FutureTask<>(
            () -> {
              try {
                code.execute();
              } catch (Exception | Error e) {
                throw e;
              } catch (Throwable t) {
                throw new ExecutionException(t);
              }
              return null;
            });
    Thread thread = new Thread(task, "on-another-thread");
    thread.setDaemon(true);
    thread.start();
    try {
      task.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }
}
