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
