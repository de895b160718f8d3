package io.kshealth.alerts.notify;

/**
 * What {@code /api/v1/status} and {@code /metrics} show of one notifier.
 *
 * @param queuedBytes the size of the queued batches on disk (in memory without a data dir)
 * @param unqueuedSent batches that could not be queued and were sent directly
 * @param unqueuedDropped batches that could not be queued and failed their direct send
 * @param lastSuccessMillis when a batch was last delivered; 0 if never
 * @param lastError the newest failure's reason; empty if none
 */
public record DeliveryStatus(
    String name,
    String describe,
    int queued,
    long queuedBytes,
    long sent,
    long failed,
    long droppedQueueFull,
    long droppedRejected,
    long unqueuedSent,
    long unqueuedDropped,
    int consecutiveFailures,
    long lastSuccessMillis,
    String lastError) {}
