package io.kshealth.api;

import java.util.List;

/**
 * A collector that can capture evidence about a problem when an alert asks for it: where a stream
 * thread is stuck, where a group stopped consuming (docs/evidence.md). Alerting calls it, never a
 * collector's internals: a {@link Collector} that implements this interface is handed to the
 * extensions by its name.
 *
 * <p>{@link #capture} runs on an alerting thread, concurrently with the collector's own runs, so it
 * must be thread-safe; it reads what the collector already holds (its connection to the target, its
 * last view of the group), loads no code into the target, and returns within the request's timeout
 * or throws. It returns nothing for an alert it has nothing to say about (another client's labels,
 * a kind it does not capture).
 */
public interface EvidenceSource {

  List<Evidence> capture(EvidenceRequest request) throws Exception;
}
