package io.kshealth.core.probe;

/**
 * One Kafka Streams client as the streams collector last saw it.
 *
 * @param threadsExpected NaN when the collector does not say
 * @param restoringTasks active tasks restoring their state: with the state updater a client reads
 *     RUNNING while its tasks still restore
 */
record ClientReading(
    String clientId,
    String state,
    double threadsAlive,
    double threadsExpected,
    double restoringTasks) {

  boolean running() {
    return state.equals("RUNNING");
  }

  /** RUNNING with nothing left to restore: processing. */
  boolean processing() {
    return running() && restoringTasks == 0;
  }

  boolean rebalancing() {
    return state.equals("REBALANCING");
  }

  /** States in which the client processes nothing and Kafka Streams will not restart it. */
  boolean dead() {
    return switch (state) {
      case "GONE", "ERROR", "PENDING_ERROR", "NOT_RUNNING" -> true;
      default -> false;
    };
  }

  boolean missingThreads() {
    return !Double.isNaN(threadsExpected) && threadsAlive < threadsExpected;
  }
}
