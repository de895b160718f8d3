#!/usr/bin/env bash
# Heap cost of the agent's history store, per series and per point.
# Usage: bench/history-memory.sh [SERIES]   (needs ./mvnw -B -q install -DskipTests first)
set -euo pipefail
cd "$(dirname "$0")/.."
cp=$(ls agent-core/target/agent-core-*.jar | grep -v tests | head -1)
cp="$cp:$(ls ~/.m2/repository/org/slf4j/slf4j-api/*/slf4j-api-*.jar | head -1)"
java -Xmx1g -XX:+UseSerialGC -cp "$cp" bench/HistoryMemory.java "${1:-10000}"
