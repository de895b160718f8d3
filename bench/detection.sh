#!/usr/bin/env bash
# Detection: how long the shipped config and rule pack take from a fault to an alert, on the
# defaults. Per scenario a fresh sample Streams app (3 stream threads, 20 partitions per input
# topic so 20 tasks, commit interval 1 s, RATE records/s of steady input, the embedded broker in
# the driver's JVM), a fresh agent (the real distribution's bin/kshealth with config/kshealth.yaml
# and config/rules: 10 s collections, rules 1 s after new samples; overridden only: bootstrap, target match,
# state dir, data dir, commit interval, an Alertmanager notifier, and max-poll-interval where the
# scenario's app has another) and a fresh Alertmanager (Debian's prometheus-alertmanager).
#   bench/DetectionBench.java        the scenarios, the warm-up, the fault, the heal, the table
#   bench/DetectionWatch.java        looks at /api/v1/alerts and Alertmanager once a second
#   bench/DetectionAlertmanager.java Alertmanager as a child process
#
# Columns, in seconds: from the fault to pending (the agent's activeAt), to firing (firedAt), to
# delivery at Alertmanager (first seen in its GET /api/v2/alerts, looked at once a second: at most
# a second late), and from the heal to resolution (resolvedAt). The fault's time is the app's own
# event line (SampleApp.events(): the poison, stall or slow record met; for the storms the first
# REBALANCING after the slow record) or the driver's clock (signals, the stop of a restart); the
# heal's is the start of the heal (the stop of the JVM a new one replaces, or SIGCONT). Every alert
# seen after the fault gets a row (the time an alert already pending then is negative);
# in the restart, eos and healthy scenarios each is a false alert.
#
# Scenarios (default: all, in this order):
#   thread-death    a poison record: every stream thread dies, the JVM lives (KafkaStreamsClientGone)
#   stall           every thread blocked, client RUNNING (KafkaStreamsLagStalled)
#   slow-record     a record slower than max.poll.interval.ms (STORM_POLL_INTERVAL_SECONDS) on every
#                   retry (KafkaStreamsRebalanceStorm), from the first rebalance
#   frozen          SIGSTOP until KshealthTargetUnresponsive fires, then SIGCONT
#   frozen-90s      SIGSTOP for FROZEN_SECONDS, then SIGCONT (a lag alert should fire)
#   killed          SIGKILL (KshealthTargetUnreachable, KafkaStreamsLagStopped with the true lag)
#   restart         clean stop, new JVM (same id and JMX port) whose client starts RESTART_DELAY later
#   restart-new-id  the same with a new application.id; notes when the lag collector follows it
#   poison-record   the poison record again, watched for the lag alert (STOP while the JVM lives)
#   kicked          every thread blocked until max.poll.interval.ms (KICK_POLL_INTERVAL_SECONDS)
#                   puts the members out (PollIntervalNearLimit before, LagStopped after)
#   storm           the slow record met as the app first runs beside a fresh agent
#   eos             exactly-once under steady input for EOS_MINUTES
#   healthy         a healthy app for HEALTHY_MINUTES
#
# Usage: bench/detection.sh [scenario...]
#   RATE=100                      input records/s
#   WARMUP_SECONDS=60             the app and agent healthy before the fault
#   FAULT_LIMIT_SECONDS=420       longest wait for the expected alert
#   RESOLVE_LIMIT_SECONDS=420     longest wait for everything to resolve after the heal
#   RESTART_DELAY_SECONDS=150     the restarted client's hold-back: the pack's longest `for` over a
#                                 restart (KafkaStreamsClientNotRunning, 2m) plus two evaluations
#   AFTER_RESTART_SECONDS=180     watched after the restarted client runs
#   FROZEN_SECONDS=90
#   STORM_POLL_INTERVAL_SECONDS=10  the app's max.poll.interval.ms in slow-record and storm
#   KICK_POLL_INTERVAL_SECONDS=300  ... in kicked (the default 5 minutes)
#   EOS_MINUTES=15
#   HEALTHY_MINUTES=60
#   JAVA_HOME                     the runtime to use (else java and javac on the PATH)
#
# Needs the distribution and the demo jar (runs ./mvnw -B -q package -DskipTests when either is
# missing), prometheus-alertmanager and kill. All scenarios on the defaults: about 2 h 30 min.
# Results: docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh

java=${JAVA_HOME:+$JAVA_HOME/bin/}java
javac=${JAVA_HOME:+$JAVA_HOME/bin/}javac
command -v prometheus-alertmanager >/dev/null ||
  { echo "needs prometheus-alertmanager (Debian package prometheus-alertmanager)" >&2; exit 1; }

tarball=$(dist_tarball)

bench_workspace
unpack_dist_and_demo "$tarball"
"$javac" -d "$tmp/bench" -cp "$demo" bench/DetectionBench.java bench/DetectionWatch.java \
  bench/DetectionAlertmanager.java

modified=$(git diff --quiet HEAD -- agent-core agent-collectors agent-alerts config || echo ' (modified)')
echo "commit:    $(git rev-parse --short HEAD)$modified; distribution built $(date -u -r "$tarball" +%FT%TZ)"
echo "machine:   $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java:      $("$java" -version 2>&1 | head -1)"
echo "app:       3 stream threads, 20 tasks, commit interval 1 s, ${RATE:-100} records/s"
echo "agent:     config/kshealth.yaml and config/rules as shipped (10 s collections, rules 1 s after new samples)"
echo

"$java" -cp "$tmp/bench:$demo" DetectionBench "$home" "$tmp/work" "$@" &
children+=($!)
wait "${children[0]}"
