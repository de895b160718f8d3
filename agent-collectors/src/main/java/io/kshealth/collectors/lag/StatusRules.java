package io.kshealth.collectors.lag;

import java.time.Duration;

/**
 * The two numbers the status rules use, from the app's commit interval (docs/lag.md, "Status").
 *
 * @param stallAfter how long data may wait beyond an unchanged committed offset (2 commit
 *     intervals: a running app commits what it processed within one)
 * @param windowPolls how many polls REWIND looks back over; WARN looks back over twice as many
 */
record StatusRules(Duration stallAfter, int windowPolls) {

  /** The polls WARN fits the time lag's trend to: enough that a few polls of jitter do not. */
  int trendPolls() {
    return 2 * windowPolls;
  }
}
