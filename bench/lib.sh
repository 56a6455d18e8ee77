# Shared by the benchmark scripts (sourced, not run): the jar, free ports, starting GIL Lab, machine facts.
# Each script calls bench_init first; everything it starts is stopped and its temp folder removed on exit.

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
PYTHON=/usr/bin/python3
BENCH_PIDS=()

bench_init() {
  BENCH_TMP="$(mktemp -d /tmp/gillab-bench.XXXXXX)"
  chmod 755 "$BENCH_TMP"  # nginx workers (nobody) read files under it
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}

bench_cleanup() {
  local pid
  for pid in "${BENCH_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${BENCH_PIDS[@]}"; do
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$BENCH_TMP"
}

log() {
  printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2
}

free_port() {
  "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The jar to measure: $GILLAB_JAR, else the committed HEAD built in a private copy of the tree (other engineers'
# builds in target/ and their half-written files cannot touch it), kept in bench/results/ per commit.
bench_jar() {
  if [ -n "${GILLAB_JAR:-}" ]; then
    [ -f "$GILLAB_JAR" ] || { echo "GILLAB_JAR=$GILLAB_JAR does not exist" >&2; exit 1; }
    JAR_LABEL="$GILLAB_JAR"
    cp "$GILLAB_JAR" "$BENCH_TMP/gil-lab.jar"
    return
  fi
  local commit jar build
  commit="$(git -C "$REPO_DIR" rev-parse --short=10 HEAD)"
  jar="$BENCH_DIR/results/gil-lab-$commit.jar"
  JAR_LABEL="commit $commit"
  if [ ! -f "$jar" ]; then
    log "building the jar of commit $commit (once per commit)"
    build="$BENCH_TMP/build"
    mkdir -p "$build" "$BENCH_DIR/results"
    git -C "$REPO_DIR" archive HEAD | tar -x -C "$build"
    (cd "$build" && mvn -q -B -o package -DskipTests) >&2
    cp "$build/target/gil-lab.jar" "$jar.part" && mv "$jar.part" "$jar"
    rm -rf "$build"
  fi
  # A copy: a benchmark must not see its jar replaced halfway.
  cp "$jar" "$BENCH_TMP/gil-lab.jar"
}

# start_gillab PORT LESSONS_DIR [VAR=VALUE...]: starts the jar with a fresh data folder, waits for /health.
start_gillab() {
  local port="$1" lessons="$2" data="$BENCH_TMP/data-$1"
  shift 2
  mkdir -p "$data"
  env "$@" PORT="$port" GILLAB_DATA="$data" GILLAB_LESSONS="$lessons" \
    java ${JAVA_OPTS:-} -jar "$BENCH_TMP/gil-lab.jar" >"$BENCH_TMP/gillab-$port.log" 2>&1 &
  GILLAB_PID=$!
  BENCH_PIDS+=("$GILLAB_PID")
  for _ in $(seq 1 600); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null; then
      return
    fi
    kill -0 "$GILLAB_PID" 2>/dev/null || break
    sleep 0.2
  done
  echo "GIL Lab did not become healthy on port $port; its log:" >&2
  tail -n 40 "$BENCH_TMP/gillab-$port.log" >&2
  exit 1
}

usable_cores() {
  "$PYTHON" -c 'import os; print(len(os.sched_getaffinity(0)))'
}

# CPU quota of this cgroup, if any ("max" or none means no quota).
cpu_quota() {
  local quota="max"
  if [ -r /sys/fs/cgroup/cpu.max ]; then
    quota="$(cut -d' ' -f1 /sys/fs/cgroup/cpu.max)"
  elif [ -r /sys/fs/cgroup/cpu/cpu.cfs_quota_us ]; then
    quota="$(cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us)"
  fi
  case "$quota" in
    max | -1) echo "none" ;;
    *) echo "$quota per period" ;;
  esac
}

loadavg() {
  cut -d' ' -f1-3 /proc/loadavg
}

machine_facts() {
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "jar: $JAR_LABEL"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
  echo "usable cores: $(usable_cores) (cgroup cpu quota: $(cpu_quota))"
  echo "load average at start: $(loadavg)"
  echo "java: $(java -version 2>&1 | head -1)"
}
