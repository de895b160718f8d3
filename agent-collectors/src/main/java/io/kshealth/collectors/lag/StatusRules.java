package io.kshealth.collectors.lag;

import java.time.Duration;

/**
 * The two numbers the status rules use, from the app's commit interval (docs/lag.md, "Status").
 *
 * @param stallAfter how long data may wait beyond an unchanged committed offset (2 commit
 *     intervals: a running app commits what it processed within one)
 * @param windowPolls how many polls WARN and REWIND look back over
 */
record StatusRules(Duration stallAfter, int windowPolls) {}
