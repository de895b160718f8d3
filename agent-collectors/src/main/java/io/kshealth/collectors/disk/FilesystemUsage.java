package io.kshealth.collectors.disk;

/**
 * Space on a filesystem, as statvfs(3) gives it.
 *
 * @param freeBytes unallocated space, including what is reserved for root
 * @param availBytes what an unprivileged process may still write, the number that matters to a
 *     Kafka Streams app (ext4 reserves 5% for root by default)
 */
record FilesystemUsage(long sizeBytes, long freeBytes, long availBytes) {}
