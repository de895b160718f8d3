#!/usr/bin/env bash
# kshealth against its peers, in one run against the same sample app and broker (issue 23): the
# real sample Streams app (bench/SampleAppTarget.java: embedded broker, input at RATE records/s, 2
# stream threads, 18 RocksDB store instances, remote JMX), watched in turn, one at a time, by
#   kshealth     the distribution as shipped: bin/kshealth run with its launcher's flags and the
#                full default config/kshealth.yaml, attached to the app (KSHEALTH_TARGET_MATCH)
#                and its broker (KSHEALTH_KAFKA_BOOTSTRAP), every collector and the rule pack on
#   jmx-default  Prometheus' jmx_exporter as its own process (the standalone HTTP server,
#                io.prometheus.jmx:jmx_prometheus_httpserver) on the app's remote JMX port, with
#                the rules of bench/jmx-exporter-streams.yaml, under plain JVM defaults
#   jmx-tight    the same under the tightest reasonable flags (JMX_TIGHT_OPTS)
#   node         Debian's prometheus-node-exporter, its default collectors (it does not read the
#                app: the floor of what a sidecar exporter costs)
# Each peer is started, waits until its /metrics answers 200, runs SETTLE seconds, then BLOCKS
# times: a quiet period (no scrapes) and a busy one (SCRAPES/BLOCKS scrapes, one every INTERVAL
# seconds), the two equally long. CPU is utime + stime from /proc/PID/stat of the peer and of the
# app's JVM at each period's ends. Printed per peer:
#   rss, anon, file   VmRSS, RssAnon, RssFile of the peer's process after the last scrape (MiB)
#   cpu/scrape        the peer's CPU per scrape, net of its rate in the quiet periods (ms)
#   cpu/10s idle      the peer's CPU per 10 s without scrapes: for kshealth one cycle of its
#                     collectors (all at 10 s or slower) and the rule evaluations; ~0 for the
#                     exporters, which work only when scraped (ms)
#   app/scrape        the app's CPU per scrape, net of its rate in the quiet periods (ms)
#   app/collection    the app's CPU per collection of the peer: for the exporters a scrape is one
#                     (= app/scrape); for kshealth per `streams` collection (its runs counted by
#                     kshealth_collector_runs_total), net of the app's rate with no peer running,
#                     measured for BASE seconds before kshealth starts and after it stops (ms)
#   series            sample lines on /metrics after the scrapes
#   p50, p95          curl's time_total over the SCRAPES scrapes, nearest rank (ms)
# and each figure's ratio to kshealth's.
#
# Usage: bench/peers.sh
#   SCRAPES=60        scrapes of each peer (default 60), in BLOCKS blocks
#   INTERVAL=1        seconds from one scrape's start to the next's (default 1)
#   BLOCKS=4          quiet + busy block pairs per peer (default 4)
#   SETTLE=15         seconds each peer runs after it answers, before it is measured (default 15)
#   BASE=20           seconds of the app with no peer, before and after kshealth (default 20)
#   APP_SETTLE=30     seconds the app runs once ready (all its stores open), before the first peer
#   RATE=50           the sample app's input, records per second (default 50)
#   PEERS="kshealth jmx-default jmx-tight node"   which peers, in this order (kshealth first: the
#                     ratios are to it)
#   JMX_EXPORTER_ARTIFACT=jmx_prometheus_httpserver   its Maven artifact (io.prometheus.jmx; 1.1
#                     and later call it jmx_prometheus_standalone)
#   JMX_EXPORTER_VERSION=1.0.1                     fetched into ~/.m2 with ./mvnw dependency:get
#                     when missing
#   JMX_TIGHT_OPTS    jmx-tight's JVM flags (default: the kshealth launcher's flags with half its
#                     heap, -Xmx32m)
#   JAVA_HOME         the runtime for the app and jmx_exporter and bin/kshealth (else java on the
#                     PATH)
#
# Needs the distribution and the demo jar (runs ./mvnw -B -q package -DskipTests when either is
# missing), curl and prometheus-node-exporter. About 11 minutes with the defaults on 2 vCPUs.
# Results: docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh

scrapes=${SCRAPES:-60}
interval=${INTERVAL:-1}
blocks=${BLOCKS:-4}
settle=${SETTLE:-15}
base=${BASE:-20}
app_settle=${APP_SETTLE:-30}
rate=${RATE:-50}
peers=${PEERS:-kshealth jmx-default jmx-tight node}
jmx_artifact=${JMX_EXPORTER_ARTIFACT:-jmx_prometheus_httpserver}
jmx_version=${JMX_EXPORTER_VERSION:-1.0.1}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
javac=${JAVA_HOME:+$JAVA_HOME/bin/}javac
node_exporter=/usr/bin/prometheus-node-exporter

if ((scrapes % blocks != 0)); then
  echo "SCRAPES ($scrapes) must be a multiple of BLOCKS ($blocks)" >&2
  exit 1
fi
[ -x "$node_exporter" ] || { echo "no $node_exporter: apt-get install prometheus-node-exporter" >&2; exit 1; }

tarball=$(dist_tarball)
flags=$(agent_flags)
jmx_tight_opts=${JMX_TIGHT_OPTS:-$(sed -E 's/-Xmx[^ ]+/-Xmx32m/' <<<"$flags")}

jmx_jar=$HOME/.m2/repository/io/prometheus/jmx/$jmx_artifact/$jmx_version/$jmx_artifact-$jmx_version.jar
if [ ! -f "$jmx_jar" ]; then
  echo "no $jmx_jar: fetching it" >&2
  ./mvnw -B -q dependency:get -Dartifact="io.prometheus.jmx:$jmx_artifact:$jmx_version" \
    -Dtransitive=false >&2
fi

bench_workspace
unpack_dist_and_demo "$tarball"
"$javac" -d "$tmp/launcher" -cp "$demo" bench/SampleAppTarget.java

clk_tck=$(getconf CLK_TCK)
interval_ns=$(awk -v s="$interval" 'BEGIN { printf "%d", s * 1e9 }')
now_ns() { date +%s%N; }

# CPU time of a process so far (utime + stime of all its threads), in clock ticks. The command
# name in field 2 may hold spaces: count fields after its closing parenthesis.
cpu_ticks() { sed -E 's/.*\) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }

# Sleeps until the time $1 (ns since the epoch), if it is still ahead.
sleep_until() {
  local left
  left=$(($1 - $(now_ns)))
  if ((left > 0)); then sleep "$(awk -v ns="$left" 'BEGIN { printf "%.3f", ns / 1e9 }')"; fi
}

# kB from a /proc/PID/status field, as MiB with one decimal.
status_mib() { awk -v f="$2:" '$1 == f { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

# The Nth percentile (nearest rank) of numbers on stdin, seconds in, milliseconds out.
percentile_ms() {
  sort -n | awk -v p="$1" '{ v[NR] = $1 } END { r = int((p * NR + 99) / 100); printf "%.2f", v[r] * 1000 }'
}

# Floating-point arithmetic on numbers spliced into EXPR: calc EXPR, printed with 2 decimals.
calc() { awk "BEGIN { printf \"%.2f\", $1 }"; }

start_sample_app "$rate"
app_pid=$(app_field pid)
app_url=$(app_field url)
app_id=$(app_field application-id)

echo "commit:    $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- bench || echo ' (bench modified)')"
memory=$(awk '/MemTotal/ { printf "%d MiB", $2 / 1024 }' /proc/meminfo)
echo "machine:   $(nproc) CPUs, $memory, load $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -r /proc/pressure/cpu ]; then echo "cpu psi:   $(head -1 /proc/pressure/cpu)"; fi
echo "java:      $("$java" -version 2>&1 | head -1)"
echo "app:       pid $app_pid, $app_id, $rate records/s, JMX $app_url"
echo "kshealth:  $(basename "$tarball"), $flags"
echo "jmx:       $jmx_artifact $jmx_version; tight: $jmx_tight_opts"
echo "node:      $("$node_exporter" --version 2>&1 | head -1)"
echo "scrapes:   $scrapes per peer, one every $interval s, in $blocks blocks after quiet ones" \
  "as long; settle $settle s (the app: $app_settle s)"
echo

# The app's CPU rate with no peer running, in ticks per s: sets base_ticks and base_ns.
app_alone() {
  local t0 c0
  t0=$(now_ns)
  c0=$(cpu_ticks "$app_pid")
  sleep "$base"
  base_ticks=$(($(cpu_ticks "$app_pid") - c0))
  base_ns=$(($(now_ns) - t0))
}

# Starts peer $1; sets peer_pid and peer_url.
start_peer() {
  local port
  port=$(free_port)
  peer_url=http://127.0.0.1:$port/metrics
  case $1 in
    kshealth)
      (cd "$tmp" && KSHEALTH_DATA_DIR="$tmp/data" KSHEALTH_KAFKA_BOOTSTRAP="$(app_field bootstrap)" \
        KSHEALTH_STATE_DIR="$(app_field state-dir)" KSHEALTH_COMMIT_INTERVAL=1s \
        KSHEALTH_TARGET_MATCH="SampleStreamsApp .*--application-id $app_id " \
        exec "$home/bin/kshealth" run --config "$home/config/kshealth.yaml" \
        --listen "127.0.0.1:$port" 2>"$tmp/$1.log") &
      ;;
    jmx-default | jmx-tight)
      { echo "jmxUrl: $app_url"; cat bench/jmx-exporter-streams.yaml; } >"$tmp/jmx-exporter.yaml"
      local opts=
      [ "$1" = jmx-tight ] && opts=$jmx_tight_opts
      # shellcheck disable=SC2086 # the flag list is split on purpose
      "$java" $opts -jar "$jmx_jar" "127.0.0.1:$port" "$tmp/jmx-exporter.yaml" \
        >"$tmp/$1.log" 2>&1 &
      ;;
    node)
      "$node_exporter" --web.listen-address="127.0.0.1:$port" >"$tmp/$1.log" 2>&1 &
      ;;
    *)
      echo "unknown peer '$1': expected kshealth, jmx-default, jmx-tight or node" >&2
      exit 1
      ;;
  esac
  peer_pid=$!
  children=("$peer_pid" "${children[@]}")
  for ((i = 0; i < 1200; i++)); do
    curl -sf -o /dev/null --max-time 5 "$peer_url" && return
    if ! kill -0 "$peer_pid" 2>/dev/null; then
      echo "$1 exited before it answered:" >&2
      tail -20 "$tmp/$1.log" >&2
      exit 1
    fi
    sleep 0.1
  done
  echo "$1 did not answer on $peer_url within 120 s" >&2
  exit 1
}

stop_peer() {
  kill -TERM "$peer_pid"
  wait "$peer_pid" || true
  children=("${children[@]:1}")
}

# kshealth's finished runs of its `streams` collector, from a scrape.
streams_runs() {
  curl -s "$peer_url" >"$tmp/scrape"
  awk '/^kshealth_collector_runs_total\{.*collector="streams"/ { print $NF; exit }' "$tmp/scrape"
}

# Measures the running peer $1; appends its row to $tmp/rows.
measure_peer() {
  local name=$1 per_block=$((scrapes / blocks)) b k t0 t1 p0 a0 start code total
  local quiet_ns=0 quiet_peer=0 quiet_app=0 busy_ns=0 busy_peer=0 busy_app=0 failed=0
  local runs0=0 runs1=0 whole_t0 whole_a0
  sleep "$settle"
  [ "$name" = kshealth ] && runs0=$(streams_runs)
  whole_t0=$(now_ns)
  whole_a0=$(cpu_ticks "$app_pid")
  : >"$tmp/latencies"
  for ((b = 0; b < blocks; b++)); do
    t0=$(now_ns) p0=$(cpu_ticks "$peer_pid") a0=$(cpu_ticks "$app_pid")
    sleep "$(calc "$per_block * $interval")"
    t1=$(now_ns)
    quiet_ns=$((quiet_ns + t1 - t0))
    quiet_peer=$((quiet_peer + $(cpu_ticks "$peer_pid") - p0))
    quiet_app=$((quiet_app + $(cpu_ticks "$app_pid") - a0))

    t0=$(now_ns) p0=$(cpu_ticks "$peer_pid") a0=$(cpu_ticks "$app_pid")
    for ((k = 0; k < per_block; k++)); do
      start=$(now_ns)
      read -r code total < <(curl -s -o /dev/null --max-time 10 -w '%{http_code} %{time_total}\n' \
        "$peer_url" || true)
      if [ "$code" = 200 ]; then echo "$total" >>"$tmp/latencies"; else failed=$((failed + 1)); fi
      sleep_until $((start + interval_ns))
    done
    t1=$(now_ns)
    busy_ns=$((busy_ns + t1 - t0))
    busy_peer=$((busy_peer + $(cpu_ticks "$peer_pid") - p0))
    busy_app=$((busy_app + $(cpu_ticks "$app_pid") - a0))
  done
  local rss anon file whole_ns whole_app
  rss=$(status_mib "$peer_pid" VmRSS)
  anon=$(status_mib "$peer_pid" RssAnon)
  file=$(status_mib "$peer_pid" RssFile)
  whole_ns=$(($(now_ns) - whole_t0))
  whole_app=$(($(cpu_ticks "$app_pid") - whole_a0))
  [ "$name" = kshealth ] && runs1=$(streams_runs)
  local series
  curl -s "$peer_url" >"$tmp/scrape"
  series=$(grep -c '^[^#]' "$tmp/scrape")

  # ms of CPU from ticks: * 1000 / clk_tck; rates per ns.
  local ms
  ms=$(calc "1000 / $clk_tck")
  local cpu_scrape cpu_idle app_scrape app_coll
  cpu_scrape=$(calc "($busy_peer - $quiet_peer * $busy_ns / $quiet_ns) * $ms / $scrapes")
  cpu_idle=$(calc "$quiet_peer * $ms * 1e10 / $quiet_ns")
  app_scrape=$(calc "($busy_app - $quiet_app * $busy_ns / $quiet_ns) * $ms / $scrapes")
  if [ "$name" = kshealth ]; then
    # Its app/collection needs the app alone after it too: main fills in the @.
    app_coll=@
    k_whole_app=$whole_app k_whole_ns=$whole_ns k_collections=$(calc "$runs1 - $runs0")
    [ "$k_collections" != 0.00 ] || { echo "kshealth ran no streams collection" >&2; exit 1; }
    grep -Eq '^kshealth_target_up\{.*\} 1(\.0)?$' "$tmp/scrape" ||
      { echo "kshealth was not attached to the app" >&2; exit 1; }
  elif [ "$name" = node ]; then
    app_coll=-
  else
    app_coll=$app_scrape
    grep -q '^kafka_streams_state_' "$tmp/scrape" ||
      { echo "$name exported no kafka_streams_state_ series: do its rules match?" >&2; exit 1; }
  fi
  echo "$name:  app $(calc "$quiet_app * $ms * 1e9 / $quiet_ns") ms/s quiet," \
    "$(calc "$busy_app * $ms * 1e9 / $busy_ns") ms/s busy; $failed scrapes failed" >&2
  echo "$name $rss $anon $file $cpu_scrape $cpu_idle $app_scrape $app_coll $series" \
    "$(percentile_ms 50 <"$tmp/latencies") $(percentile_ms 95 <"$tmp/latencies")" >>"$tmp/rows"
}

: >"$tmp/rows"
sleep "$app_settle"
for peer in $peers; do
  if [ "$peer" = kshealth ]; then
    app_alone
    before_ticks=$base_ticks before_ns=$base_ns
  fi
  start_peer "$peer"
  measure_peer "$peer"
  stop_peer
  if [ "$peer" = kshealth ]; then
    app_alone
    ms=$(calc "1000 / $clk_tck")
    # The app's CPU with kshealth less its CPU alone (before and after together) over as long.
    alone=$(calc "($before_ticks + $base_ticks) * $k_whole_ns / ($before_ns + $base_ns)")
    app_coll=$(calc "($k_whole_app - $alone) * $ms / $k_collections")
    sed -i "s/@/$app_coll/" "$tmp/rows"
    before_rate=$(calc "$before_ticks * $ms * 1e9 / $before_ns")
    after_rate=$(calc "$base_ticks * $ms * 1e9 / $base_ns")
    # How far the app's own rate moved while kshealth ran, in ms per collection: the noise bound.
    drift=$(calc "($before_rate - $after_rate) / 2 * $k_whole_ns / 1e9 / $k_collections")
    echo "kshealth:  $k_collections streams collections in $(calc "$k_whole_ns / 1e9") s; app" \
      "$(calc "$k_whole_app * $ms * 1e9 / $k_whole_ns") ms/s with it, alone $before_rate ms/s" \
      "before and $after_rate ms/s after: app/collection $app_coll ms, ± ${drift#-} ms" >&2
  fi
done

echo
# Each figure, and in parentheses its ratio to kshealth's (the first row, when PEERS starts with
# it), except app/scrape: kshealth's scrapes do not read the app, so its figure is only noise.
awk '
  function cell(v, k) {
    if (NR == 1 || k == 7 || v == "-" || ref[k] == "" || ref[k] == "-" || ref[k] + 0 == 0) return v
    return sprintf("%s (%.2f)", v, v / ref[k])
  }
  BEGIN {
    printf "%-12s", "peer"
    n = split("rss_mib anon_mib file_mib cpu/scrape cpu/10s_idle app/scrape app/collection series p50_ms p95_ms", h, " ")
    for (k = 1; k <= n; k++) printf " %-15s", h[k]
    printf "\n"
  }
  {
    if (NR == 1 && $1 == "kshealth") for (k = 2; k <= NF; k++) ref[k] = $k
    printf "%-12s", $1
    for (k = 2; k <= NF; k++) printf " %-15s", cell($k, k)
    printf "\n"
  }' "$tmp/rows"
echo "(MiB after the scrapes; CPU in ms: cpu = the peer's, net of its rate between scrapes;"
echo " app = the sample app's, net of its rate between scrapes, and per collection (kshealth:"
echo " per streams collection, net of the app's rate with no peer); in parentheses the ratio to"
echo " kshealth)"
