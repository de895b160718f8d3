package io.kshealth.api;

import java.time.Clock;

/**
 * What the agent hands a collector when it creates it: the collector's configured name (used as a
 * label where two collectors of one type could otherwise report the same series) and the clock.
 */
public record CollectorContext(String name, Clock clock) {}
