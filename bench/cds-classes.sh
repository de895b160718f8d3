#!/usr/bin/env bash
# Makes docker/src/main/dist/lib/kshealth-cds.classes, the classes bin/kshealth-cds's training loads
# before it runs (io.kshealth.dist.CdsTrainingClasses): those an agent at work loads. It runs
# bench/ebs-footprint.sh once (APP=1: attached to the sample app, every collector, `lag`, the rule
# pack, and the `ebs` collector at work against the fakes) with class loading logged, and keeps the
# classes loaded from the agent's jars and the runtime's modules, but not those the runtime's own
# archive holds already, nor the generated ones (lambdas, method handles), which have no name to
# load. Run it after a change that makes the agent load other classes: a unit test
# (CdsTrainingClassesTest) fails when a listed class is no longer in the distribution.
#
# Usage: bench/cds-classes.sh       (MVN_OFFLINE=1 and the rest as for bench/ebs-footprint.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

log=$(mktemp)
trap 'rm -f "$log"' EXIT
JAVA_OPTS="-Xlog:class+load=info:file=$log" APP=1 RUNS=1 SCRAPES=20 bench/ebs-footprint.sh >&2

out=docker/src/main/dist/lib/kshealth-cds.classes
{
  echo "# The classes an agent at work loads, which bin/kshealth-cds's training loads first so that its"
  echo "# archive holds them. Made by bench/cds-classes.sh: do not edit."
  awk '/\[class,load\]/ {
         source = $0; sub(/.* source: /, "", source)
         if (source ~ /^(jrt:|file:)/ && $2 !~ /\$\$Lambda|\/0x/) print $2
       }' "$log" | LC_ALL=C sort -u
} >"$out"
echo "wrote $out: $(grep -vc '^#' "$out") classes"
