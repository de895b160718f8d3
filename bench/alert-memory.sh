#!/usr/bin/env bash
# Heap per alert instance, behind alerting.max-alerts' bytes per alert (docs/benchmarks.md): a rule
# per partition with annotations of the rule pack's length, SERIES partitions firing.
# Usage: bench/alert-memory.sh [SERIES]   (SERIES=20000; uses docker/target/kshealth-*-bin.tar.gz)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
tarball=$(dist_tarball)
bench_workspace
tar xzf "$tarball" -C "$tmp"
home=$(ls -d "$tmp"/kshealth-*)
for series in 1000 "${1:-20000}"; do
  "$java" -Xmx1g -XX:+UseSerialGC -cp "$home/lib/*" bench/AlertMemory.java "$series"
done
