#!/usr/bin/env bash
# What a fleet of N agents costs the brokers, in `instance` and in `group` scope: the broker's
# request rate by API, its CPU, the bytes it sends and its request latency, against a group of
# 2,052 partitions with N members.
#   bench/LagAgentBroker.java  the embedded KRaft broker in its own JVM (JMX on a local port): a
#                              topic of PARTITIONS partitions and one of 4, RECORDS records each,
#                              and the group's offsets LAG records behind the end; restarted in its
#                              JVM before each phase, so each phase's latency histograms are its own
#   bench/FleetInstances.java  N watched instances in one JVM: N real consumers in the group (its
#                              members, partitions paused) and, per instance, a JMX URL showing a
#                              RUNNING Streams client and its consumer's client id
#   bench/FleetDriver.java     per scope and N: the members alone (BASELINE s), then one agent (the
#                              real distribution) with N `lag` collectors, each with its own Admin
#                              client and record reader as N agents would have (in `instance`
#                              scope each watching its own instance), measured over WINDOW s after
#                              WARMUP s; the broker's counters net of the baseline
#
# Usage: bench/fleet.sh
#   NS="1 10 50"              agents (collectors) per phase
#   SCOPES="instance group"   scopes measured, each with every N
#   INTERVAL=10               the collectors' interval and timeout, seconds (the default 10s)
#   BASELINE=10               seconds measured with the members alone, before each agent starts
#   WARMUP=15                 seconds between the agent's start and the window (its first runs)
#   WINDOW=60                 seconds measured
#   PARTITIONS=2048           partitions of the big topic (the group has 4 more)
#   RECORDS=1                 records per partition
#   LAG=0                     records of lag per partition: 0 is a group caught up, whose agents
#                             fetch no record; with lag, each collector reads every lagging
#                             partition's record at its first run (bench/lag-agent-collection.sh
#                             measures that read), so the window still sees none
#   JAVA_HOME                 the runtime to use (else java and javac on the PATH)
# The agent runs with the launcher's flags and JAVA_OPTS=-Xmx(64 + N)m in `instance` scope,
# -Xmx(64 + 8 N)m in `group` scope (each collector keeps its own view of 2,052 partitions).
#
# Uses docker/target/kshealth-*-bin.tar.gz and demo/target/kshealth-demo.jar (unpacked into a
# temporary directory); runs ./mvnw -B -q package -DskipTests when either is missing. About 15
# minutes on 2 vCPUs with the defaults. Results: docs/benchmarks.md, model: docs/lag.md.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh

ns=${NS:-1 10 50}
scopes=${SCOPES:-instance group}
interval=${INTERVAL:-10}
baseline=${BASELINE:-10}
warmup=${WARMUP:-15}
window=${WINDOW:-60}
partitions=${PARTITIONS:-2048}
records=${RECORDS:-1}
lag=${LAG:-0}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
javac=${JAVA_HOME:+$JAVA_HOME/bin/}javac

tarball=$(dist_tarball)
bench_workspace
unpack_dist_and_demo "$tarball"
"$javac" -d "$tmp/broker" -cp "$demo" bench/LagAgentBroker.java
"$javac" -d "$tmp/driver" -cp "$home/lib/*" bench/LagAgentDriver.java bench/FleetDriver.java \
  bench/FleetInstances.java

jmx_port=$(free_port)
start_lag_broker LagAgentBroker "$partitions" "$records" "$lag" \
  -Dcom.sun.management.jmxremote.port="$jmx_port" -Dcom.sun.management.jmxremote.rmi.port="$jmx_port" \
  -Dcom.sun.management.jmxremote.host=127.0.0.1 -Djava.rmi.server.hostname=127.0.0.1 \
  -Dcom.sun.management.jmxremote.authenticate=false -Dcom.sun.management.jmxremote.ssl=false
bootstrap=$(broker_field bootstrap)
group=$(broker_field group)

modified=$(git diff --quiet HEAD -- agent-core agent-collectors || echo ' (agent modified)')
echo "commit:    $(git rev-parse --short HEAD)$modified; distribution built $(date -u -r "$tarball" +%FT%TZ)"
memory=$(awk '/MemTotal/ { printf "%d MiB", $2 / 1024 }' /proc/meminfo)
echo "machine:   $(nproc) CPUs, $memory, load $(cut -d' ' -f1-3 /proc/loadavg) (after the set-up)"
echo "cpu pressure: $(head -1 /proc/pressure/cpu 2>/dev/null || echo unknown)"
echo "java:      $("$java" -version 2>&1 | head -1)"
echo "agent JVM: $(agent_flags) plus JAVA_OPTS=-Xmx..."
echo "group:     $group, $((partitions + 4)) partitions ($partitions + 4), $records records and $lag of lag each; set up in $(broker_field setup_ms) ms"
echo "phases:    scopes $scopes; N $ns; interval $interval s; baseline $baseline s, warm-up $warmup s, window $window s"
echo "started:   $(date -u +%FT%TZ)"

"$java" -cp "$tmp/driver:$home/lib/*" FleetDriver "$home" "$tmp" "$bootstrap" "$group" \
  "$(broker_field topics)" "$((partitions + 4))" "$broker_pid" "$jmx_port" \
  "$java -cp $tmp/driver:$home/lib/* FleetInstances" "$scopes" "$ns" "$interval" "$baseline" \
  "$warmup" "$window"

echo
echo "ended:     $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "cpu pressure: $(head -1 /proc/pressure/cpu 2>/dev/null || echo unknown)"
echo "broker restarts: $(grep -c '^restarted' "$tmp/broker.log" || true); agent log: $(grep -cE ' (WARN|ERROR) ' "$tmp/agent.log" || true) WARN/ERROR lines"
grep -E ' (WARN|ERROR) ' "$tmp/agent.log" | cut -c1-200 | sed -E 's/^[^ ]+ //' | sort | uniq -c | sort -rn | head -8 || true
echo
echo "(per phase, net of the members-only baseline: requests per s by API (RequestMetrics"
echo " RequestsPerSec counts), per collector run; broker CPU from /proc/PID/stat; bytes the broker"
echo " sent and responses (socket-server-metrics outgoing-byte-total, request-total; every listener"
echo " but the controller's); OffsetFetch TotalTimeMs percentiles since the phase's broker restart,"
echo " members' and agents' requests alike; the N collectors of one agent run in step)"
