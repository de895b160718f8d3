package io.kshealth.it;

import java.io.IOException;

/** Sends a signal by name with the system's {@code kill}: Java can only send TERM and KILL. */
final class Signal {

  private Signal() {}

  static void send(String signal, long pid) throws IOException, InterruptedException {
    Exec.Result r =
        Exec.run(
            new ProcessBuilder(Tools.host("kill", "procps"), "-" + signal, Long.toString(pid)));
    if (r.exitCode() != 0) {
      throw new IllegalStateException("kill -" + signal + " " + pid + ": " + r.describe());
    }
  }
}
