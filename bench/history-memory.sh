#!/usr/bin/env bash
# Heap cost of the agent's history store, per series and per point, with a full window.
# Usage: bench/history-memory.sh [SERIES]   (needs ./mvnw -B -q package -pl agent-core -DskipTests)
# One JVM per measurement; POINTS="1 61 181 361" by default (1, 10, 30 and 60 minutes at 10 s).
set -euo pipefail
cd "$(dirname "$0")/.."
series=${1:-10000}
cp=$(ls agent-core/target/agent-core-*.jar | grep -v tests | head -1)
cp="$cp:$(ls ~/.m2/repository/org/slf4j/slf4j-api/*/slf4j-api-*.jar | head -1)"
one=
for points in ${POINTS:-1 61 181 361}; do
  line=$(java -Xmx1g -XX:+UseSerialGC -cp "$cp" bench/HistoryMemory.java "$series" "$points")
  bytes=$(sed -E 's/.*, ([0-9]+) bytes per series/\1/' <<<"$line")
  if [ -z "$one" ]; then
    one=$bytes
    echo "$line"
  else
    awk -v l="$line" -v b="$bytes" -v o="$one" -v p="$points" \
      'BEGIN { printf "%s, %.1f bytes per extra point\n", l, (b - o) / (p - 1) }'
  fi
done
