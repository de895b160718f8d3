# Shell functions the bench scripts share; sourced, not run.

# A free TCP port on the loopback interface.
free_port() {
  local port
  for port in $(shuf -i 20000-32000 -n 50); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  echo "no free port found" >&2
  exit 1
}

# The agent's own JVM flags, from its launcher, so that a measured JVM runs as the agent would.
agent_flags() {
  local flags
  flags=$(sed -n '/^default_opts="/,/"$/{s/^default_opts="//;s/"$//;s/\\$//;p}' \
    docker/src/main/dist/bin/kshealth | tr -s '\n' ' ')
  if [ -z "$flags" ]; then
    echo "could not read default_opts from docker/src/main/dist/bin/kshealth" >&2
    exit 1
  fi
  echo "$flags"
}

# The distribution tarball's path, on stdout; builds it and the demo jar first when either is
# missing.
dist_tarball() {
  local tarball
  # KSHEALTH_TARBALL: another build to measure (another commit's, for a before/after run).
  tarball=${KSHEALTH_TARBALL:-$(ls docker/target/kshealth-*-bin.tar.gz 2>/dev/null | head -1 || true)}
  if [ -z "$tarball" ] || [ ! -f demo/target/kshealth-demo.jar ]; then
    echo "no distribution tarball or demo jar: running ./mvnw -B -q package -DskipTests" >&2
    ./mvnw -B -q package -DskipTests >&2
    tarball=$(ls docker/target/kshealth-*-bin.tar.gz | head -1)
  fi
  echo "$tarball"
}

# A bench run's workspace: sets tmp (a new temporary directory) and children (the processes the
# script starts in the background: add each pid), both cleaned up at exit, children stopped first.
bench_workspace() {
  tmp=$(mktemp -d)
  children=()
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}

bench_cleanup() {
  local pid
  for pid in "${children[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$tmp"
}

# Starts bench/SampleAppTarget (compiled into $tmp/launcher; $java and $demo set) at $1 records/s,
# its output in $tmp/app.log, and waits until it prints its line (pid=… url=… bootstrap=…
# application-id=… state-dir=…), which it leaves in app_line; app_field NAME reads one field.
start_sample_app() {
  "$java" -cp "$tmp/launcher:$demo" SampleAppTarget "$tmp/app" "$1" >"$tmp/app.log" 2>&1 &
  local pid=$! i
  children+=("$pid")
  app_line=
  for ((i = 0; i < 1800; i++)); do
    app_line=$(grep -m1 '^pid=' "$tmp/app.log" || true)
    [ -n "$app_line" ] && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "the sample app exited before it was ready:" >&2
      tail -20 "$tmp/app.log" >&2
      exit 1
    fi
    sleep 0.1
  done
  echo "the sample app was not ready after 180 s" >&2
  exit 1
}
app_field() { sed -E "s/^(.* )?$1=([^ ]+).*/\\2/" <<<"$app_line"; }

# Unpacks the distribution tarball $1 into $tmp and copies the demo jar with the lib/ its manifest
# names, so a rebuild while the bench runs does not pull jars from under a running JVM. Sets home
# (the unpacked distribution) and demo (the copied jar).
unpack_dist_and_demo() {
  tar xzf "$1" -C "$tmp"
  home=$(ls -d "$tmp"/kshealth-*)
  mkdir "$tmp/demo"
  cp -r demo/target/kshealth-demo.jar demo/target/lib "$tmp/demo/"
  demo=$tmp/demo/kshealth-demo.jar
}

# Starts a bench broker (bench/LagAgentBroker.java or bench/LagBroker.java, compiled into
# $tmp/broker, with the demo jar $demo) in its own JVM: start_lag_broker MAIN PARTITIONS RECORDS LAG
# [JVM flag...]. Waits until it is ready and sets broker_pid and broker_line (its "bootstrap=...
# group=..." line; broker_field NAME reads a field).
start_lag_broker() {
  local main=$1 partitions=$2 records=$3 lag=$4 i
  shift 4
  "$java" "$@" -cp "$tmp/broker:$demo" "$main" "$tmp/work" "$partitions" "$records" "$lag" \
    >"$tmp/broker.log" 2>&1 &
  broker_pid=$!
  children+=("$broker_pid")
  broker_line=
  for ((i = 0; i < 3000; i++)); do
    broker_line=$(grep -m1 '^bootstrap=' "$tmp/broker.log" || true)
    [ -n "$broker_line" ] && return
    if ! kill -0 "$broker_pid" 2>/dev/null; then
      echo "the broker exited:" >&2
      tail -20 "$tmp/broker.log" >&2
      exit 1
    fi
    sleep 0.1
  done
  echo "the broker was not ready after 300 s" >&2
  exit 1
}

broker_field() { sed -E "s/.*$1=([^ ]+).*/\1/" <<<"$broker_line"; }
