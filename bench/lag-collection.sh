#!/usr/bin/env bash
# What one collection of the `lag` collector costs for a group with thousands of partitions, against
# the peer: the Admin calls `kafka-consumer-groups.sh --describe` and lag exporters make per poll
# (describe the group, list its committed offsets, list every partition's end offset), which give
# offset lag only: no time lag, no marker-only gaps, no status.
#   bench/LagBroker.java      the embedded broker in its own JVM, a topic of PARTITIONS partitions
#                             with RECORDS records each, and a group (no members) whose committed
#                             offsets leave LAG records on every partition
#   bench/LagCollection.java  in a JVM with the agent's lib/*.jar and its launcher's flags: the
#                             real collector built from YAML (scope group), then the peer
# Phases: the first collection (every partition's record at its committed offset read), steady
# offsets (nothing to read: the cache answers), every offset moved by one before each collection
# (every record read again: the worst case), then the peer.
#
# Usage: bench/lag-collection.sh
#   PARTITIONS=2048   partitions of the topic
#   RECORDS=60        records per partition
#   LAG=40            records of lag per partition (more than the moving phase moves)
#   COLLECTIONS=60    collections per steady phase (the moving phase runs a third of them)
#   JAVA_HOME         the runtime to use (else java and javac on the PATH)
#
# Needs the distribution and the demo jar (runs ./mvnw -B -q install -DskipTests when either is
# missing). About 2 minutes on 2 vCPUs. Results: docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh

partitions=${PARTITIONS:-2048}
records=${RECORDS:-60}
lag=${LAG:-40}
collections=${COLLECTIONS:-60}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
javac=${JAVA_HOME:+$JAVA_HOME/bin/}javac
demo=demo/target/kshealth-demo.jar

lib=$(ls -d docker/target/kshealth-*-bin/kshealth-*/lib 2>/dev/null | head -1 || true)
if [ -z "$lib" ] || [ ! -f "$demo" ]; then
  echo "no distribution or demo jar: running ./mvnw -B -q install -DskipTests" >&2
  ./mvnw -B -q install -DskipTests
  lib=$(ls -d docker/target/kshealth-*-bin/kshealth-*/lib | head -1)
fi
flags="$(agent_flags) ${BENCH_JVM_OPTS:-}"

bench_workspace

"$javac" -d "$tmp/broker" -cp "$demo" bench/LagBroker.java
"$javac" -d "$tmp/harness" -cp "$lib/*" bench/LagCollection.java

start_lag_broker LagBroker "$partitions" "$records" "$lag"
bootstrap=$(broker_field bootstrap)
group=$(broker_field group)
topic=$(broker_field topic)

modified=$(git diff --quiet HEAD -- agent-core agent-collectors || echo ' (agent modified)')
echo "commit:    $(git rev-parse --short HEAD)$modified"
memory=$(awk '/MemTotal/ { printf "%d MiB", $2 / 1024 }' /proc/meminfo)
echo "machine:   $(nproc) CPUs, $memory, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java:      $("$java" -version 2>&1 | head -1)"
echo "agent JVM: $flags"
echo "group:     $group, $partitions partitions of $topic, $records records and $lag of lag each"
echo
# shellcheck disable=SC2086 # the flag list is split on purpose
"$java" $flags -cp "$tmp/harness:$lib/*" LagCollection \
  "$bootstrap" "$group" "$topic" "$partitions" "$collections"
