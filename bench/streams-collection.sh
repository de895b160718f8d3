#!/usr/bin/env bash
# What one collection of the `streams` collector costs the agent and the watched Kafka Streams app,
# against the peer: a full walk of the app's MBeans (every MBean's info, then all its attributes),
# as jmx_exporter does on every scrape. Two targets, one after the other:
#   synthetic  bench/SyntheticStreamsApp.java: the kafka.* MBeans of an app with PARTITIONS input
#              partitions, STORES RocksDB store instances and THREADS stream threads, without Kafka
#   app        the real sample app of the demo jar (2 threads, 6 tasks, 18 store instances) with
#              the embedded broker and input at RATE records/s, RUNNING with every store open
# Against each, bench/StreamsCollection.java (in a JVM with the agent's lib/*.jar and its
# launcher's flags) builds the real collector from YAML and, for kshealth and then the full walk:
# warms up, then runs them back to back in 10 blocks, each after an idle period as long as the
# block, whose CPU rate is taken out of the target's. Per collection: wall time p50/p99, agent
# CPU, target CPU (raw, and net of its idle rate), JMX calls (counted under JMXConnectorFactory by
# bench/CountingJmxConnector.java) and the values read (samples for kshealth, attribute values for
# the walk).
#
# With MEASURE=evidence (issue 20), bench/ThreadEvidenceCost.java measures instead what one capture
# of thread evidence costs (the app target only: the synthetic one has MBeans but no threads).
#
# Usage: bench/streams-collection.sh
#   TARGETS="synthetic app"   which targets to measure (default both)
#   MEASURE=collection        collection, evidence, or both ("collection evidence")
#   CAPTURES=100              thread evidence captures, after 20 warm-up ones
#   COLLECTIONS=300           kshealth collections per target, after 50 warm-up ones
#   WALKS=10                  full walks of the synthetic target, after 3 warm-up ones (~3 s each)
#   APP_WALKS=50              full walks of the sample app
#   PARTITIONS=1000           the synthetic target's input partitions (a multiple of 4)
#   STORES=200                its RocksDB store instances (even, at most PARTITIONS/2)
#   THREADS=8                 its stream threads
#   RATE=200                  the sample app's input, records per second
#   JAVA_HOME                 the runtime to use (else java and javac on the PATH)
#   HARNESS_OPTS              more flags for the measuring JVM (which runs the collector), e.g.
#                             -XX:StartFlightRecording=filename=/tmp/agent.jfr,settings=profile
#
# Uses docker/target/kshealth-*-bin.tar.gz (or KSHEALTH_TARBALL: another build, for a before/after
# run) and demo/target/kshealth-demo.jar, unpacked and copied into a temporary directory; runs
# ./mvnw -B -q package -DskipTests when either is missing. About 3 minutes on 2 vCPUs. Results: docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh

targets=${TARGETS:-synthetic app}
collections=${COLLECTIONS:-300}
walks=${WALKS:-10}
app_walks=${APP_WALKS:-50}
partitions=${PARTITIONS:-1000}
stores=${STORES:-200}
threads=${THREADS:-8}
rate=${RATE:-200}
measures=${MEASURE:-collection}
captures=${CAPTURES:-100}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
javac=${JAVA_HOME:+$JAVA_HOME/bin/}javac
tarball=$(dist_tarball)
flags=$(agent_flags)

bench_workspace
unpack_dist_and_demo "$tarball"
lib=$home/lib

# Compiled ahead: the source launcher would load javac into the measured JVMs.
"$javac" -d "$tmp/synthetic" bench/SyntheticStreamsApp.java
"$javac" -d "$tmp/harness" -cp "$lib/*" \
  bench/StreamsCollection.java bench/CountingJmxConnector.java bench/ThreadEvidenceCost.java
services=$tmp/harness/META-INF/services
mkdir -p "$services"
echo CountingJmxConnector >"$services/javax.management.remote.JMXConnectorProvider"
"$javac" -d "$tmp/launcher" -cp "$demo" bench/SampleAppTarget.java


# Waits for the "pid=N url=U ..." line a target prints once ready; sets target_pid and target_url.
await_target() {
  local process=$1 out=$2 seconds=$3 line i
  for ((i = 0; i < seconds * 10; i++)); do
    line=$(grep -m1 '^pid=' "$out" || true)
    if [ -n "$line" ]; then
      target_pid=$(sed -E 's/^pid=([0-9]+) .*/\1/' <<<"$line")
      target_url=$(sed -E 's/.* url=([^ ]+).*/\1/' <<<"$line")
      echo "$line"
      return
    fi
    if ! kill -0 "$process" 2>/dev/null; then
      echo "the target exited before it was ready:" >&2
      tail -20 "$out" >&2
      exit 1
    fi
    sleep 0.1
  done
  echo "the target was not ready after $seconds s:" >&2
  tail -20 "$out" >&2
  exit 1
}

stop() {
  kill -TERM "$1"
  wait "$1" || true
  children=()
}

measure() {
  local m
  for m in $measures; do
    case $m in
      collection)
        # shellcheck disable=SC2086 # the flag list is split on purpose
        "$java" $flags ${HARNESS_OPTS:-} -cp "$tmp/harness:$lib/*" StreamsCollection \
          "$target_url" "$target_pid" "$collections" "$1" "$(getconf CLK_TCK)"
        ;;
      evidence)
        # shellcheck disable=SC2086
        "$java" $flags -cp "$tmp/harness:$lib/*" ThreadEvidenceCost \
          "$target_url" "$target_pid" "$captures" "$(getconf CLK_TCK)"
        ;;
      *)
        echo "unknown measure '$m': expected collection or evidence" >&2
        exit 1
        ;;
    esac
  done
}

modified=$(git diff --quiet HEAD -- agent-core agent-collectors || echo ' (agent modified)')
echo "commit:    $(git rev-parse --short HEAD)$modified; distribution $tarball, built $(date -u -r "$tarball" +%FT%TZ)"
memory=$(awk '/MemTotal/ { printf "%d MiB", $2 / 1024 }' /proc/meminfo)
echo "machine:   $(nproc) CPUs, $memory, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java:      $("$java" -version 2>&1 | head -1)"
echo "agent JVM: $flags"

for target in $targets; do
  echo
  case $target in
    synthetic)
      port=$(free_port)
      # The heap the sample app's JVM gets; remote JMX as the sample app opens it.
      "$java" -Xmx256m \
        -Dcom.sun.management.jmxremote.port="$port" \
        -Dcom.sun.management.jmxremote.rmi.port="$port" \
        -Dcom.sun.management.jmxremote.host=127.0.0.1 -Djava.rmi.server.hostname=127.0.0.1 \
        -Dcom.sun.management.jmxremote.authenticate=false -Dcom.sun.management.jmxremote.ssl=false \
        -cp "$tmp/synthetic" SyntheticStreamsApp \
        bench/streams-4.3.1-mbeans.txt "$partitions" "$stores" "$threads" >"$tmp/synthetic.log" 2>&1 &
      children=($!)
      echo "target:    synthetic, $partitions partitions, $stores store instances, $threads threads"
      await_target "$!" "$tmp/synthetic.log" 60
      measure "$walks"
      stop "${children[0]}"
      ;;
    app)
      "$java" -cp "$tmp/launcher:$demo" SampleAppTarget "$tmp/app" "$rate" >"$tmp/app.log" 2>&1 &
      children=($!)
      echo "target:    sample app, 6 + 6 partitions, 18 store instances, 2 threads, $rate records/s"
      await_target "$!" "$tmp/app.log" 180
      measure "$app_walks"
      stop "${children[0]}"
      ;;
    *)
      echo "unknown target '$target': expected synthetic or app" >&2
      exit 1
      ;;
  esac
done
echo
echo "(per collection or walk: p50/p99 wall ms; CPU ms of the agent's JVM and of the target's"
echo " process, raw and net of the target's idle rate; JMX calls; values read: samples for"
echo " kshealth, attribute values for the walk)"
