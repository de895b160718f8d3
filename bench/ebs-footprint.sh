#!/usr/bin/env bash
# Footprint of the agent as shipped with its ebs collector at work: bench/footprint.sh, with the
# test fakes of IMDSv2 and CloudWatch in a process of their own standing in for EC2, reached the
# way the AWS SDK is pointed at any endpoint (AWS_EC2_METADATA_SERVICE_ENDPOINT,
# AWS_ENDPOINT_URL_CLOUDWATCH), and KSHEALTH_EBS_VOLUME_ID naming the volume (this machine's disk
# has no EBS identity). footprint.sh fails a run unless the collector applied and read a balance.
#
# Usage: bench/ebs-footprint.sh     (RUNS, SCRAPES and the rest as for bench/footprint.sh)
#   MVN_OFFLINE=1   builds with -o (Maven offline, from ~/.m2 alone)
set -euo pipefail
cd "$(dirname "$0")/.."

# The fakes are test classes of agent-collectors; package builds them with the tarball.
./mvnw -B -q package -DskipTests -Djacoco.skip=true ${MVN_OFFLINE:+-o}
lib=$(ls -d docker/target/kshealth-*-bin/kshealth-*/lib | head -1)

tmp=$(mktemp -d)
fakes=
cleanup() {
  if [ -n "$fakes" ] && kill -0 "$fakes" 2>/dev/null; then kill "$fakes"; wait "$fakes" || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

java -cp "agent-collectors/target/test-classes:$lib/*" \
  io.kshealth.collectors.ebs.FakeAwsEndpoints >"$tmp/fakes.out" 2>&1 &
fakes=$!
for _ in $(seq 100); do grep -q '^volume=' "$tmp/fakes.out" && break; sleep 0.1; done
grep -q '^volume=' "$tmp/fakes.out" || { cat "$tmp/fakes.out" >&2; exit 1; }

line=$(grep '^imds=' "$tmp/fakes.out")
export AWS_EC2_METADATA_SERVICE_ENDPOINT=$(sed 's/^imds=\([^ ]*\).*/\1/' <<<"$line")
export AWS_ENDPOINT_URL_CLOUDWATCH=$(sed 's/.*cloudwatch=\([^ ]*\).*/\1/' <<<"$line")
export KSHEALTH_EBS_VOLUME_ID=$(sed -n 's/^volume=\([^ ]*\).*/\1/p' "$tmp/fakes.out")
export AWS_ACCESS_KEY_ID=$(sed -n 's/.*access-key=\([^ ]*\).*/\1/p' "$tmp/fakes.out")
export AWS_SECRET_ACCESS_KEY=kshealth-test-secret
echo "fakes: IMDS $AWS_EC2_METADATA_SERVICE_ENDPOINT, CloudWatch $AWS_ENDPOINT_URL_CLOUDWATCH"

bench/footprint.sh
