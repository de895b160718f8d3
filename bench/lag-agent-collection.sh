#!/usr/bin/env bash
# What one collection of the `lag` collector costs in the running agent, for a group with more than
# 2,000 partitions: time, requests to the brokers, records fetched and the agent's CPU per run,
# against the peer: the Admin calls `kafka-consumer-groups.sh --describe` (and lag exporters) make
# per poll, which give offset lag only (no time lag, no marker-only gaps, no status).
#   bench/LagAgentBroker.java  the embedded KRaft broker in its own JVM: a topic of PARTITIONS
#                              partitions and one of 4, RECORDS records each (record i stamped
#                              BASE + i s), and a group without members (a classic group made by
#                              alterConsumerGroupOffsets) whose offsets leave LAG records on each
#   bench/LagAgentDriver.java  in a JVM with the agent's lib/*.jar and its launcher's flags: starts
#                              the real distribution (bin/kshealth run) with only the lag collector
#                              (scope group), follows its runs over /api/v1/status and /metrics,
#                              moves the group's offsets, then runs the peer
# Phases: COLD agent starts (the first run: every partition's record at its committed offset read);
# steady (offsets unchanged: nothing to read); every offset moved by one before each run (every
# record read again: the record reader's worst case); the peer.
#
# Usage: bench/lag-agent-collection.sh
#   PARTITIONS=2048   partitions of the big topic (the group has 4 more)
#   RECORDS=60        records per partition
#   LAG=50            records of lag per partition (more than WARMUP + MOVING)
#   INTERVAL=3s       the collector's interval and timeout; a run that reads every record takes
#                     up to the reader's budget, half the default 4 s request timeout, so 3 s
#   COLD=3            agent starts measured (the last one goes on with the other phases)
#   WARMUP=5          runs (and peer polls) before each measured phase
#   STEADY=40         measured runs with offsets steady
#   MOVING=20         measured runs with every offset moved before each
#   PEER=60           measured peer polls
#   JAVA_HOME         the runtime to use (else java and javac on the PATH)
#   DURATION=0        above 0 (seconds, or with m or h: 60m, 1h): the steady phase lasts that long
#                     instead of STEADY runs, with the agent's RSS, heap and the checks every 5 min
#   MOVE_EVERY=0      with DURATION: every so many runs, every committed offset moved by one first
#                     (the record reader's worst case, kept from the measured runs); give LAG and
#                     RECORDS room for them (LAG above the moves + WARMUP + MOVING)
#   MAX_SERIES        history.max-series in the agent's config (none: the default, lowered to what
#                     fits the heap beside the lag collector's bound)
#   JAVA_OPTS         passed to bin/kshealth, added to its flags (none: the launcher's defaults,
#                     -Xmx64m; its start-up check says the heap a config needs)
#   KSHEALTH_JVM_OPTS passed to bin/kshealth (replaces its flags; the driver keeps the launcher's)
#
# Uses docker/target/kshealth-*-bin.tar.gz (unpacked into a temporary directory, so a concurrent
# rebuild does not matter) and demo/target/kshealth-demo.jar; runs ./mvnw -B -q package -DskipTests
# when either is missing. About 4 minutes on 2 vCPUs (plus DURATION). Results: docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh

partitions=${PARTITIONS:-2048}
records=${RECORDS:-60}
lag=${LAG:-50}
interval=${INTERVAL:-3s}
cold=${COLD:-3}
warmup=${WARMUP:-5}
steady=${STEADY:-40}
moving=${MOVING:-20}
peer=${PEER:-60}
duration=${DURATION:-0}
case $duration in
  *h) duration=$((${duration%h} * 3600)) ;;
  *m) duration=$((${duration%m} * 60)) ;;
  *s) duration=${duration%s} ;;
esac
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
javac=${JAVA_HOME:+$JAVA_HOME/bin/}javac

tarball=$(dist_tarball)
flags=$(agent_flags)
export JAVA_OPTS=${JAVA_OPTS-}

bench_workspace
unpack_dist_and_demo "$tarball"
# Compiled ahead: the source launcher would load javac into the measured JVM.
"$javac" -d "$tmp/broker" -cp "$demo" bench/LagAgentBroker.java
"$javac" -d "$tmp/driver" -cp "$home/lib/*" bench/LagAgentDriver.java

start_lag_broker LagAgentBroker "$partitions" "$records" "$lag"
field() { broker_field "$1"; }
bootstrap=$(field bootstrap)
group=$(field group)

cat >"$tmp/lag.yaml" <<EOF
history:
  # 180 points per series, as the default 30m window at the default 10s interval holds
  window: $(awk -v i="${interval%s}" 'BEGIN { print 180 * i "s" }')
  data-dir: $tmp/data
${MAX_SERIES:+  max-series: $MAX_SERIES}
collectors:
  lag:
    type: lag
    kafka: {bootstrap.servers: '$bootstrap'}
    group: $group
    scope: group
    commit-interval: 1s
    request-timeout: 4s
    interval: $interval
    timeout: $interval
EOF

modified=$(git diff --quiet HEAD -- agent-core agent-collectors || echo ' (agent modified)')
echo "commit:    $(git rev-parse --short HEAD)$modified; distribution built $(date -u -r "$tarball" +%FT%TZ)"
memory=$(awk '/MemTotal/ { printf "%d MiB", $2 / 1024 }' /proc/meminfo)
echo "machine:   $(nproc) CPUs, $memory, load $(cut -d' ' -f1-3 /proc/loadavg) (after the set-up)"
echo "java:      $("$java" -version 2>&1 | head -1)"
echo "agent JVM: ${KSHEALTH_JVM_OPTS:-$flags} $JAVA_OPTS"
echo "driver and peer JVM: $flags"
echo "group:     $group, $((partitions + 4)) partitions ($partitions + 4), $records records and $lag of lag each; set up in $(field setup_ms) ms"
echo "collector: scope group, interval and timeout $interval, request-timeout 4s"
# The agent's own check of its bounds against the heap it gets.
"$home/bin/kshealth" check-config --config "$tmp/lag.yaml" | sed -n '/^  heap /,/rest of the agent/p'
echo

# shellcheck disable=SC2086 # the flag list is split on purpose
"$java" $flags -cp "$tmp/driver:$home/lib/*" LagAgentDriver "$home" "$tmp/lag.yaml" \
  "$tmp/agent.log" "$bootstrap" "$group" "$(field base)" "$((partitions + 4))" "$lag" \
  "$cold" "$warmup" "$steady" "$moving" "$peer" "$broker_pid" "$duration"

echo
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "agent log: $(grep -c . "$tmp/agent.log") lines, $(grep -cE ' (WARN|ERROR) ' "$tmp/agent.log" || true) WARN/ERROR"
grep -E ' (WARN|ERROR) ' "$tmp/agent.log" | cut -c1-300 | sort | uniq -c | sort -rn | head -10 || true
echo
echo "(per run: p50/p99/max of the scheduler's kshealth_collector_duration_seconds; deltas of"
echo " kshealth_lag_broker_requests_total and kshealth_lag_records_read_total; CPU ms of the agent"
echo " process (/proc/PID/stat, including the driver's status polls and one /metrics scrape per"
echo " run; for the first run, since the JVM started), of its lag collector and Kafka client"
echo " threads only (schedstat), and its GC pauses; the broker JVM's CPU net of its idle rate (and"
echo " of the driver's offset moves). Peer: wall time, requests (the Admin client's request-total),"
echo " CPU of its JVM and the broker's per poll)"
