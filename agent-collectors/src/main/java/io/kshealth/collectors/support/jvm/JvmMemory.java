package io.kshealth.collectors.support.jvm;

import java.util.OptionalDouble;

/**
 * The watched JVM's own memory as one run saw it: what the process's resident memory holds besides
 * what the JVM accounts for is native memory, RocksDB's among it.
 *
 * @param heapCommittedBytes heap memory the JVM has committed
 * @param nonHeapCommittedBytes committed code cache, metaspace and compressed class space
 * @param directBufferBytes memory of the direct byte buffers
 */
public record JvmMemory(
    OptionalDouble heapCommittedBytes,
    OptionalDouble nonHeapCommittedBytes,
    OptionalDouble directBufferBytes) {}
