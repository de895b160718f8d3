package io.kshealth.alerts.api;

import java.time.Clock;
import java.time.Duration;

/**
 * What the agent hands a notifier type when it creates its notifiers.
 *
 * @param name the notifier's configured name, used in metrics and logs
 * @param externalUrl the agent's URL, for receivers to link to
 * @param resendValidFor how long a receiver that is sent every active alert again and again ({@link
 *     Notifier#resendsActive()}) should hold one without hearing of it
 * @param clock the agent's clock
 */
public record NotifierContext(
    String name, String externalUrl, Duration resendValidFor, Clock clock) {}
