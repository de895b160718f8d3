#!/usr/bin/env bash
# Soak: the agent as shipped (the full default config, the launcher's JVM flags) beside the real
# sample Streams app (embedded broker, steady input, bench/SampleAppTarget.java), attached to it
# with its lag collector and rule pack at work, scraped once a second. Every minute it prints the
# agent's RSS, threads and open file descriptors, and the scrapes that failed; at the end the
# growth per hour over the measured minutes (least squares), which come after the warm-up in
# which the 30 min history window fills.
#
# Usage: bench/soak.sh
#   MINUTES=60    measured minutes (default 60)
#   WARMUP=32     minutes before measuring (default 32: the default 30m history window, full)
#   RATE=50       the sample app's input, records per second
#   JAVA_HOME     the runtime to use (else java and javac on the PATH)
#
# Needs the distribution and the demo jar (runs ./mvnw -B -q package -DskipTests when either is
# missing) and curl. Results: docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh

minutes=${MINUTES:-60}
warmup=${WARMUP:-32}
rate=${RATE:-50}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
javac=${JAVA_HOME:+$JAVA_HOME/bin/}javac

tarball=$(dist_tarball)

bench_workspace
unpack_dist_and_demo "$tarball"
"$javac" -d "$tmp/launcher" -cp "$demo" bench/SampleAppTarget.java

start_sample_app "$rate"
app_id=$(app_field application-id)

port=$(free_port)
(cd "$tmp" && KSHEALTH_DATA_DIR="$tmp/data" KSHEALTH_KAFKA_BOOTSTRAP="$(app_field bootstrap)" \
  KSHEALTH_STATE_DIR="$(app_field state-dir)" KSHEALTH_COMMIT_INTERVAL=1s \
  KSHEALTH_TARGET_MATCH="SampleStreamsApp .*--application-id $app_id " \
  exec "$home/bin/kshealth" run --config "$home/config/kshealth.yaml" \
  --listen "127.0.0.1:$port" 2>"$tmp/kshealth.log") &
pid=$!
children=("$pid" "${children[@]}")

now() { date +%s; }
for ((i = 0; i < 600; i++)); do
  curl -sf -o /dev/null --max-time 1 "http://127.0.0.1:$port/readyz" && break
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "the agent exited before it was ready:" >&2
    tail -20 "$tmp/kshealth.log" >&2
    exit 1
  fi
  sleep 0.1
done

status_field() { awk -v f="$1:" '$1 == f { print $2 }' "/proc/$pid/status"; }
failed=0
scrapes=0
start=$(now)
next_sample=$start
minute=0

echo "commit:    $(git rev-parse --short HEAD)"
echo "machine:   $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java:      $("$java" -version 2>&1 | head -1)"
echo "agent:     pid $pid, default config, attached to $app_id at $rate records/s"
echo "warm-up:   $warmup min, then $minutes measured"
echo
echo "minute rss_mib threads fds scrapes_failed"
while [ "$minute" -le $((warmup + minutes)) ]; do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "the agent exited:" >&2
    tail -20 "$tmp/kshealth.log" >&2
    exit 1
  fi
  if [ "$(now)" -ge "$next_sample" ]; then
    rss=$(awk '{ printf "%.1f", $1 / 1024 }' <<<"$(status_field VmRSS)")
    fds=$(ls "/proc/$pid/fd" | wc -l)
    echo "$minute $rss $(status_field Threads) $fds $failed" | tee -a "$tmp/samples"
    minute=$((minute + 1))
    next_sample=$((start + minute * 60))
  fi
  scrapes=$((scrapes + 1))
  curl -sf -o /dev/null --max-time 5 "http://127.0.0.1:$port/metrics" || failed=$((failed + 1))
  sleep 1
done

metrics=$(curl -s "http://127.0.0.1:$port/metrics")
grep -Eq '^kshealth_target_up\{.*\} 1(\.0)?$' <<<"$metrics" ||
  { echo "the agent was not attached to the app at the end" >&2; exit 1; }

echo
echo "scrapes: $scrapes, failed: $failed"
# Least-squares slope per hour and the range, over the measured minutes only.
awk -v w="$warmup" '
  $1 >= w { n++; x = $1 / 60; sx += x; sxx += x * x
    for (c = 2; c <= 4; c++) { v[c] = $c; sy[c] += $c; sxy[c] += x * $c
      if (n == 1 || $c < lo[c]) lo[c] = $c; if (n == 1 || $c > hi[c]) hi[c] = $c } }
  END { split("rss_mib threads fds", name, " ")
    for (c = 2; c <= 4; c++) {
      slope = (n * sxy[c] - sx * sy[c]) / (n * sxx - sx * sx)
      printf "%-8s growth %+.2f per hour, range %s .. %s over %d samples\n",
        name[c - 1], slope, lo[c], hi[c], n } }' "$tmp/samples"
