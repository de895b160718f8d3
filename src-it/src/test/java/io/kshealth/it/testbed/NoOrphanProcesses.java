package io.kshealth.it.testbed;

import static org.junit.jupiter.api.Assertions.fail;

import io.kshealth.demo.driver.ChildProcess;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs after every integration test class (registered through the JUnit extension service file):
 * whatever a class started must be gone once it is done, also when a test failed. Anything still
 * alive is killed, then the class fails with its command line, so leaks are fixed rather than
 * piling up as orphan JVMs. When the test JVM itself ends early (the fork timeout sends SIGTERM), a
 * shutdown hook kills every process it started: sample apps also watch their parent, agents and
 * tools do not.
 */
public final class NoOrphanProcesses implements AfterAllCallback {

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly),
                "kill-test-children"));
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    int registered = ChildProcess.stopAll();
    List<ProcessHandle> leftovers =
        ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
    leftovers.forEach(ProcessHandle::destroyForcibly);
    if (registered > 0 || !leftovers.isEmpty()) {
      fail(
          context.getDisplayName()
              + " left processes running: "
              + registered
              + " test-bed children still registered; other descendants: "
              + leftovers.stream()
                  .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                  .collect(Collectors.joining("; ")));
    }
  }
}
