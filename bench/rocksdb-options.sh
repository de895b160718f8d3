#!/usr/bin/env bash
# Why the state-dir collector parses RocksDB's OPTIONS files itself: the memory and time of reading
# the options of every store in a real state dir through rocksdbjni's OptionsUtil.loadLatestOptions
# versus through the collector's parser, each in its own JVM with the agent's default flags.
#
# Usage: bench/rocksdb-options.sh
#   RUNS=5          how many times to run each JVM (default 5); prints each run and the median
#   JAVA_HOME       the runtime to use (else java and javac on the PATH)
#
# Reads the state dir the sample app left in
# agent-collectors/src/test/resources/StateDirCollectorTest/state (18 RocksDB directories). Needs
# agent-core and agent-collectors compiled (./mvnw -B -q install -DskipTests) and rocksdbjni 10.1.3
# in ~/.m2 (fetched with ./mvnw dependency:get when missing). Results: docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh

runs=${RUNS:-5}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
javac=${JAVA_HOME:+$JAVA_HOME/bin/}javac
state=agent-collectors/src/test/resources/StateDirCollectorTest/state

rocksdb=~/.m2/repository/org/rocksdb/rocksdbjni/10.1.3/rocksdbjni-10.1.3.jar
if [ ! -f "$rocksdb" ]; then
  echo "no $rocksdb: running ./mvnw -q dependency:get" >&2
  ./mvnw -B -q dependency:get -Dartifact=org.rocksdb:rocksdbjni:10.1.3
fi
for dir in agent-core/target/classes agent-collectors/target/classes; do
  if [ ! -d "$dir" ]; then
    echo "no $dir: run ./mvnw -B -q install -DskipTests first" >&2
    exit 1
  fi
done

flags=$(agent_flags)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Compiled ahead: the source launcher would load javac into the measured JVM.
"$javac" -d "$tmp/util" -cp "$rocksdb" bench/RocksDbOptionsUtil.java
collectors=agent-collectors/target/classes:agent-core/target/classes
"$javac" -d "$tmp/parser" -cp "$collectors" bench/RocksDbOptionsParser.java

mapfile -t dbs < <(find "$state" -name 'OPTIONS-*' -printf '%h\n' | sort -u)

now_ns() { date +%s%N; }
field() { tr ' ' '\n' <<<"$1" | awk -F= -v k="$2" '$1 == k { print $2 }'; }
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# One JVM; prints its result line with wall_ms added. A private java.io.tmpdir per run, so that
# rocksdbjni extracts its library afresh each time, as in a new container, and we can count it.
run() {
  local cp=$1 main=$2 start out
  shift 2
  mkdir -p "$tmp/run"
  rm -rf "$tmp/run"/*
  start=$(now_ns)
  # shellcheck disable=SC2086 # the flag list is split on purpose
  out=$("$java" $flags -Djava.io.tmpdir="$tmp/run" -cp "$cp" "$main" "$@")
  echo "$out wall_ms=$((($(now_ns) - start) / 1000000))"
}

echo "flags:  $flags"
echo "stores: ${#dbs[@]} RocksDB directories under $state"
printf '%-34s %4s %9s %9s %9s %9s %9s %8s\n' \
  variant run load_ms wall_ms rss_mib anon_mib file_mib tmp_mib
variants=("baseline (idle JVM)" "own parser (state-dir collector)" "rocksdbjni OptionsUtil")
for variant in "${variants[@]}"; do
  loads=() walls=() rsss=() anons=() files=() tmps=() line=
  for ((i = 1; i <= runs; i++)); do
    case $variant in
      baseline*) line=$(run "$tmp/parser:$collectors" io.kshealth.collectors.support.rocksdb.RocksDbOptionsParser) ;;
      own*) line=$(run "$tmp/parser:$collectors" io.kshealth.collectors.support.rocksdb.RocksDbOptionsParser "${dbs[@]}") ;;
      rocksdbjni*) line=$(run "$tmp/util:$rocksdb" RocksDbOptionsUtil "${dbs[@]}") ;;
    esac
    tmp_mib=$(awk -v b="$(field "$line" tmp_bytes)" 'BEGIN { printf "%.1f", b / 1048576 }')
    printf '%-34s %4s %9s %9s %9s %9s %9s %8s\n' "$variant" "$i" "$(field "$line" load_ms)" \
      "$(field "$line" wall_ms)" "$(field "$line" vmrss_mib)" "$(field "$line" rssanon_mib)" \
      "$(field "$line" rssfile_mib)" "$tmp_mib"
    loads+=("$(field "$line" load_ms)") walls+=("$(field "$line" wall_ms)")
    rsss+=("$(field "$line" vmrss_mib)") anons+=("$(field "$line" rssanon_mib)")
    files+=("$(field "$line" rssfile_mib)") tmps+=("$tmp_mib")
  done
  printf '%-34s %4s %9s %9s %9s %9s %9s %8s\n' "$variant" median "$(median "${loads[@]}")" \
    "$(median "${walls[@]}")" "$(median "${rsss[@]}")" "$(median "${anons[@]}")" \
    "$(median "${files[@]}")" "$(median "${tmps[@]}")"
  if [ "${line#stores=0}" = "$line" ]; then
    echo "  read: $(tr ' ' '\n' <<<"$line" | grep -E '^(write_buffer_size|max_write_buffer_number|block_size|compaction_style)=' | tr '\n' ' ')"
  fi
done
echo "(load_ms: main() start to every store's options read, inside the JVM; wall_ms: process start"
echo " to exit; MiB read from /proc/self/status after loading; tmp_mib: what the JVM left in its"
echo " java.io.tmpdir, where rocksdbjni extracts its native library)"
echo "java:   $("$java" -version 2>&1 | head -1)"
