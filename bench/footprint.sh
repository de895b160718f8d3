#!/usr/bin/env bash
# Footprint of the agent as shipped: time to ready, resident memory, scrape latency, time to stop.
#
# Usage: bench/footprint.sh
#   RUNS=3                    how many times to measure (default 3); prints each run and the median
#   SCRAPES=200               /metrics requests per run (default 200)
#   SETTLE=0                  seconds to let the agent run after the scrapes before memory is read
#                             (SETTLE=35 includes two rule evaluations at the default 15 s)
#   APP=1                     attach to a real app: bench/SampleAppTarget (an embedded broker, the
#                             sample app, RATE=200 records/s of input), started once; every run's
#                             agent is pointed at it (KSHEALTH_TARGET_MATCH, _KAFKA_BOOTSTRAP,
#                             _STATE_DIR, _COMMIT_INTERVAL=1s), so every collector, `lag` and the
#                             rule pack are at work. Memory is read once the agent has made
#                             EVALUATIONS=2 rule evaluations (after SETTLE)
#   KSHEALTH_JVM_OPTS=...     passed to bin/kshealth, replacing its default JVM flags;
#                             KSHEALTH_JVM_OPTS=default means plain JVM defaults (no flags at all:
#                             bin/kshealth gets the harmless -Xshare:auto, the JVM's own default)
#   JAVA_HOME                 the runtime bin/kshealth uses (else java on the PATH)
#   CONFIG=FILE               another config than the shipped one (a lever's cost: the shipped one
#                             without a block); relative paths in it resolve against its own
#                             directory, so keep it beside the unpacked config/ (e.g. in /tmp with
#                             `rules:` made absolute)
#   NMT=1                     adds -XX:NativeMemoryTracking=summary (through JAVA_OPTS) and prints
#                             each run's `jcmd PID VM.native_memory summary` and GC.heap_info,
#                             read with the memory (NMT itself costs 1-2 MiB)
#   CGSTAT=PREFIX             copies the agent's cgroup's memory.stat, read with the memory, to
#                             PREFIX.RUN (what the working set is made of: active and inactive
#                             file pages, anonymous memory)
#   CDS=1                     runs bin/kshealth-cds on the unpacked tarball first, as the image's
#                             build does (nothing to watch: the app's and the fakes' variables
#                             unset for it), so that every run starts with its class data sharing
#                             archive (default: none, as the tarball ships)
#   CDS=attached              the same, but trained with the variables set (attached to the app,
#                             and with the ebs fakes under bench/ebs-footprint.sh): what running
#                             bin/kshealth-cds on the app's host gives
#   KSHEALTH_TARGET_MATCH=RE  passed through, like every variable the shipped config reads: its
#                             `streams` collector then attaches to the process whose command line
#                             matches RE (by default it finds no Streams app here), and each run
#                             fails unless that collector reached it. A large app's MBeans, without
#                             Kafka: start bench/SyntheticStreamsApp.java with
#                               java bench/SyntheticStreamsApp.java bench/streams-4.3.1-mbeans.txt &
#                             then KSHEALTH_TARGET_MATCH=SyntheticStreamsApp bench/footprint.sh
#   KSHEALTH_EBS_VOLUME_ID=ID passed through: the `ebs` collector watches that volume, and each
#                             run fails unless it read its burst balance (bench/ebs-footprint.sh
#                             sets it, with fakes of IMDS and CloudWatch)
#
# Memory: VmRSS (anonymous + file + shared) from /proc, and, where this user may make a memory
# cgroup (cgroup v1 or v2), the working set of the agent alone in its own cgroup, as the kubelet
# and cAdvisor count it: usage minus inactive file pages. Before each start the agent's own files
# (lib/: jars, the CDS archive, the kept expressions) are dropped from the page cache, so that its
# cgroup is charged for the pages it reads, as in a container of its own; the Java runtime's files
# stay shared with the sample app, which runs on the same JDK.
#
# Uses docker/target/kshealth-*-bin.tar.gz (or KSHEALTH_TARBALL) and, for APP=1, the demo jar;
# runs ./mvnw -B -q package -DskipTests first only when either is missing. Needs curl. Results:
# docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh

runs=${RUNS:-3}
scrapes=${SCRAPES:-200}

tarball=$(dist_tarball)
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
javac=${JAVA_HOME:+$JAVA_HOME/bin/}javac

if [ "${KSHEALTH_JVM_OPTS+set}" = set ]; then
  if [ "$KSHEALTH_JVM_OPTS" = default ]; then
    export KSHEALTH_JVM_OPTS=-Xshare:auto
    flags_label="plain JVM defaults (-Xshare:auto)"
  else
    flags_label="KSHEALTH_JVM_OPTS=$KSHEALTH_JVM_OPTS"
  fi
else
  flags_label="bin/kshealth defaults"
fi

bench_workspace
pid=
unpack_dist_and_demo "$tarball"

# The agent's own memory cgroup, when one can be made (each run starts the agent inside it).
cgroup=
for root in /sys/fs/cgroup/memory /sys/fs/cgroup; do
  if [ -w "$root" ] && [ -f "$root/cgroup.procs" ] && mkdir "$root/kshealth-footprint-$$" 2>/dev/null; then
    cgroup=$root/kshealth-footprint-$$
    break
  fi
done
footprint_cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; wait "$pid" || true; fi
  bench_cleanup
  if [ -n "$cgroup" ]; then rmdir "$cgroup" 2>/dev/null || true; fi
}
trap footprint_cleanup EXIT

# The working set of the cgroup in MiB: usage minus inactive file pages (v1 or v2 files).
working_set_mib() {
  if [ -z "$cgroup" ]; then
    echo -
  elif [ -f "$cgroup/memory.usage_in_bytes" ]; then
    awk -v u="$(cat "$cgroup/memory.usage_in_bytes")" '$1 == "total_inactive_file" { printf "%.1f", (u - $2) / 1048576 }' "$cgroup/memory.stat"
  else
    awk -v u="$(cat "$cgroup/memory.current")" '$1 == "inactive_file" { printf "%.1f", (u - $2) / 1048576 }' "$cgroup/memory.stat"
  fi
}

if [ "${APP:-0}" = 1 ]; then
  "$javac" -d "$tmp/launcher" -cp "$demo" bench/SampleAppTarget.java
  start_sample_app "${RATE:-200}"
  export KSHEALTH_KAFKA_BOOTSTRAP=$(app_field bootstrap)
  export KSHEALTH_STATE_DIR=$(app_field state-dir)
  export KSHEALTH_COMMIT_INTERVAL=1s
  export KSHEALTH_TARGET_MATCH="SampleStreamsApp .*--application-id $(app_field application-id) "
  echo "app:       pid $(app_field pid), $(app_field application-id), ${RATE:-200} records/s"
fi
if [ "${NMT:-0}" = 1 ]; then
  export JAVA_OPTS="${JAVA_OPTS:-} -XX:NativeMemoryTracking=summary"
fi
case "${CDS:-0}" in
  1)
    # Trained as the image's build trains it: nothing to watch.
    env -u KSHEALTH_KAFKA_BOOTSTRAP -u KSHEALTH_STATE_DIR -u KSHEALTH_TARGET_MATCH \
      -u KSHEALTH_COMMIT_INTERVAL -u KSHEALTH_EBS_VOLUME_ID -u AWS_EC2_METADATA_SERVICE_ENDPOINT \
      -u AWS_ENDPOINT_URL_CLOUDWATCH "$home/bin/kshealth-cds" >&2
    flags_label="$flags_label, with bin/kshealth-cds's archive (trained with nothing to watch)"
    ;;
  attached)
    "$home/bin/kshealth-cds" >&2
    flags_label="$flags_label, with bin/kshealth-cds's archive (trained attached)"
    ;;
esac

now_ns() { date +%s%N; }
ms() { awk -v ns="$1" 'BEGIN { printf "%.0f", ns / 1e6 }'; }


# kB from a /proc/PID/status field, as MiB with one decimal.
status_mib() { awk -v f="$1:" '$1 == f { printf "%.1f", $2 / 1024 }' "/proc/$pid/status"; }

# The Nth percentile (nearest rank) of numbers on stdin, seconds in, milliseconds out.
percentile_ms() {
  sort -n | awk -v p="$1" '{ v[NR] = $1 } END { r = int((p * NR + 99) / 100); printf "%.2f", v[r] * 1000 }'
}

median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# One measurement; sets the globals ready_ms rss anon file p50 p99 stop_ms jvm_cmdline java_bin.
measure() {
  local work port start code
  work=$(mktemp -d "$tmp/run-XXXX")
  port=$(free_port)

  # The agent's own files (its jars, archive and kept expressions) leave the page cache first, so
  # that its cgroup is charged for the pages it maps, as in a container of its own. The runtime's
  # files stay shared: the sample app runs on the same JDK.
  local f
  sync "$home"/lib/*
  for f in "$home"/lib/*; do dd if="$f" iflag=nocache count=0 status=none; done

  start=$(now_ns)
  (cd "$work" && if [ -n "$cgroup" ]; then echo "$BASHPID" >"$cgroup/cgroup.procs"; fi &&
    KSHEALTH_DATA_DIR="$work/data" exec "$home/bin/kshealth" run \
    --config "${CONFIG:-$home/config/kshealth.yaml}" --listen "127.0.0.1:$port" 2>"$work/kshealth.log") &
  pid=$!
  while true; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$port/readyz" || true)
    [ "$code" = 200 ] && break
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "kshealth exited before ready:" >&2
      cat "$work/kshealth.log" >&2
      exit 1
    fi
    if [ $(($(now_ns) - start)) -gt 60000000000 ]; then
      echo "kshealth not ready after 60 s" >&2
      exit 1
    fi
    sleep 0.01
  done
  ready_ms=$(ms $(($(now_ns) - start)))

  local i
  for ((i = 0; i < scrapes; i++)); do
    curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$port/metrics"
  done >"$work/latencies"
  p50=$(percentile_ms 50 <"$work/latencies")
  p99=$(percentile_ms 99 <"$work/latencies")
  sleep "${SETTLE:-0}"
  if [ "${APP:-0}" = 1 ]; then
    local evaluations=0
    while ((evaluations < ${EVALUATIONS:-2})); do
      sleep 1
      evaluations=$(curl -s "http://127.0.0.1:$port/metrics" |
        awk '$1 == "kshealth_rule_evaluations_total" { printf "%d", $2 }')
      evaluations=${evaluations:-0}
    done
  fi

  rss=$(status_mib VmRSS)
  ws=$(working_set_mib)
  if [ -n "${CGSTAT:-}" ]; then cat "$cgroup/memory.stat" >"$CGSTAT.$run"; fi
  if [ "${NMT:-0}" = 1 ]; then
    jcmd "$pid" VM.native_memory summary >"$tmp/nmt-$run.txt" 2>&1 || true
    jcmd "$pid" GC.heap_info >>"$tmp/nmt-$run.txt" 2>&1 || true
  fi
  anon=$(status_mib RssAnon)
  file=$(status_mib RssFile)
  # Read whole before grep: grep -q ends at its first match, and under pipefail the curl it cut
  # short would fail the check.
  local metrics
  metrics=$(curl -s "http://127.0.0.1:$port/metrics")
  if [ -n "${KSHEALTH_TARGET_MATCH:-}" ] &&
    ! grep -Eq '^kshealth_target_up\{.*\} 1(\.0)?$' <<<"$metrics"; then
    echo "the streams collector did not reach the process matching '$KSHEALTH_TARGET_MATCH'" >&2
    exit 1
  fi
  if [ -n "${KSHEALTH_EBS_VOLUME_ID:-}" ] &&
    ! grep -Eq '^kshealth_ebs_burst_balance_ratio\{.*\} ' <<<"$metrics"; then
    echo "the ebs collector did not read a burst balance for $KSHEALTH_EBS_VOLUME_ID" >&2
    exit 1
  fi
  jvm_cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline")
  java_bin=$(readlink -f "/proc/$pid/exe")

  start=$(now_ns)
  kill -TERM "$pid"
  wait "$pid" || true
  stop_ms=$(ms $(($(now_ns) - start)))
  pid=
  # Its files go with it, and with them their page cache: the next run's cgroup starts clean.
  rm -rf "$work"
}

echo "flags:     $flags_label"
echo "cgroup:    ${cgroup:-none (no writable memory cgroup: ws_mib not measured)}"
printf '%-6s %9s %9s %9s %9s %9s %11s %11s %8s\n' \
  run ready_ms rss_mib anon_mib file_mib ws_mib scrape_p50 scrape_p99 stop_ms
all_ready=() all_rss=() all_anon=() all_file=() all_ws=() all_p50=() all_p99=() all_stop=()
for ((run = 1; run <= runs; run++)); do
  measure
  printf '%-6s %9s %9s %9s %9s %9s %11s %11s %8s\n' \
    "$run" "$ready_ms" "$rss" "$anon" "$file" "$ws" "$p50" "$p99" "$stop_ms"
  all_ready+=("$ready_ms") all_rss+=("$rss") all_anon+=("$anon") all_file+=("$file") all_ws+=("$ws")
  all_p50+=("$p50") all_p99+=("$p99") all_stop+=("$stop_ms")
done
printf '%-6s %9s %9s %9s %9s %9s %11s %11s %8s\n' median \
  "$(median "${all_ready[@]}")" "$(median "${all_rss[@]}")" "$(median "${all_anon[@]}")" \
  "$(median "${all_file[@]}")" "$(median "${all_ws[@]}")" "$(median "${all_p50[@]}")" "$(median "${all_p99[@]}")" \
  "$(median "${all_stop[@]}")"
echo "(ms: ready = process start to first /readyz 200; scrape = curl time_total of $scrapes GET /metrics;"
echo " stop = SIGTERM to exit. MiB: VmRSS = RssAnon + RssFile + RssShmem, read after the scrapes;"
echo " ws = the agent's cgroup's usage minus its inactive file pages, read with VmRSS)"
if [ "${NMT:-0}" = 1 ]; then
  for ((run = 1; run <= runs; run++)); do
    echo "native memory, run $run:"
    sed 's/^/  /' "$tmp/nmt-$run.txt"
  done
fi
echo "jvm:       ${jvm_cmdline%% -cp *}"
echo "java:      $java_bin"
"$java_bin" -version 2>&1 | sed 's/^/           /'
