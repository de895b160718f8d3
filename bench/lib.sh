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
  tarball=$(ls docker/target/kshealth-*-bin.tar.gz 2>/dev/null | head -1 || true)
  if [ -z "$tarball" ] || [ ! -f demo/target/kshealth-demo.jar ]; then
    echo "no distribution tarball or demo jar: running ./mvnw -B -q package -DskipTests" >&2
    ./mvnw -B -q package -DskipTests >&2
    tarball=$(ls docker/target/kshealth-*-bin.tar.gz | head -1)
  fi
  echo "$tarball"
}
