package io.kshealth.collectors.disk;

/** A filesystem's inode counts; RocksDB's many small files can run out of these before space. */
record Inodes(long files, long free) {}
