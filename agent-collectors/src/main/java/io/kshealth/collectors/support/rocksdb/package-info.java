/**
 * Kafka Streams' RocksDB stores: where they are in the state dir and what their OPTIONS files say,
 * read from disk, and their memory and size as the client's MBeans report them.
 */
@NullMarked
package io.kshealth.collectors.support.rocksdb;

import org.jspecify.annotations.NullMarked;
