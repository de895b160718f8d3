package io.kshealth.alerts.notify;

/**
 * What {@code /api/v1/status} and {@code /metrics} show of one notifier.
 *
 * @param lastSuccessMillis when a batch was last delivered; 0 if never
 * @param lastError the newest failure's reason; empty if none
 */
public record DeliveryStatus(
    String name,
    String describe,
    int queued,
    long sent,
    long failed,
    long droppedQueueFull,
    long droppedRejected,
    int consecutiveFailures,
    long lastSuccessMillis,
    String lastError) {}
