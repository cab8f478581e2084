#!/usr/bin/env bash
# Gatehouse benchmark: the echo server measured directly over stdio, then through the gateway's
# /s/echo/mcp and /mcp endpoints, at each payload size and concurrency; and the same echo server over
# Streamable HTTP, directly and through the gateway as a remote upstream (/s/echohttp/mcp). Prints a
# Markdown table and writes it, with the raw JSON lines, to bench/target/. See bench/README.md.
#
# Environment (all optional):
#   BENCH_SECONDS=5            measured seconds per cell
#   BENCH_WARMUP=2             unrecorded warmup seconds per cell
#   BENCH_SIZES="16 65536"     result sizes in bytes; the first is the "tiny" one the targets use
#   BENCH_CONCURRENCIES="1 16 64"
#   BENCH_DIRECT_ONLY=1        measure only the direct baselines (no gateway needed)
#   BENCH_HTTP=0               leave out the HTTP upstream rows (http, /s/echohttp/mcp)
#   BENCH_STDIO=0              leave out the stdio upstream rows (stdio, /s/echo/mcp, /mcp): the HTTP rows alone
#   BENCH_CAPTURE=full         the echo server's traffic capture: full (the default), metadata or off;
#                              run once with full and once with off to measure what recording costs
#   BENCH_MATRIX=1             0 skips the matrix above (for the capture comparison alone)
#   BENCH_COMPARE_ROUNDS=3     rounds of the capture comparison: two more copies of the echo server in
#                              the same gateway, one captured in full and one not at all, called in
#                              alternating cells at the first size and BENCH_COMPARE_CONCURRENCY; the
#                              medians, their ratio and p50 difference are judged. 0 skips it
#   BENCH_COMPARE_CONCURRENCY=16
#   BENCH_OUT=bench/target     where results.jsonl, compare.jsonl and results.md go
#   BENCH_START_TIMEOUT=300    seconds to wait for the gateway to print its URL (it may build itself first)
#   BENCH_COLDSTART_RUNS=20    spawns of 'gatehouse connect' timed to the answer to initialize, with and without
#                              its AOT cache (0 skips them)
#   BENCH_COLDSTART_ONLY=1     measure only the cold start of 'gatehouse connect', not the call matrix
#   BENCH_COLDSTART_FIFO=1     time the cold start under SCHED_FIFO (chrt, needs root), the gateway's threads too,
#                              so that other work on a shared machine does not stretch it
#   GATEHOUSE=bin/gatehouse    the gateway launcher
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(dirname "$BENCH_DIR")
SECONDS_PER_CELL=${BENCH_SECONDS:-5}
WARMUP=${BENCH_WARMUP:-2}
read -r -a SIZES <<<"${BENCH_SIZES:-16 65536}"
SIZES_IN_MATRIX=("${SIZES[@]}")
read -r -a CONCURRENCIES <<<"${BENCH_CONCURRENCIES:-1 16 64}"
DIRECT_ONLY=${BENCH_DIRECT_ONLY:-0}
HTTP_ROWS=${BENCH_HTTP:-1}
STDIO_ROWS=${BENCH_STDIO:-1}
CAPTURE=${BENCH_CAPTURE:-full}
[[ $CAPTURE == full || $CAPTURE == metadata || $CAPTURE == off ]] || { echo "bench: BENCH_CAPTURE must be full, metadata or off" >&2; exit 2; }
MATRIX=${BENCH_MATRIX:-1}
COMPARE_ROUNDS=${BENCH_COMPARE_ROUNDS:-3}
COMPARE_CONCURRENCY=${BENCH_COMPARE_CONCURRENCY:-16}
[[ $COMPARE_ROUNDS =~ ^[0-9]+$ ]] || { echo "bench: BENCH_COMPARE_ROUNDS must be a number" >&2; exit 2; }
OUT_DIR=${BENCH_OUT:-$BENCH_DIR/target}
START_TIMEOUT=${BENCH_START_TIMEOUT:-300}
GATEHOUSE=${GATEHOUSE:-$REPO_DIR/bin/gatehouse}
COLDSTART_RUNS=${BENCH_COLDSTART_RUNS:-20}
COLDSTART_ONLY=${BENCH_COLDSTART_ONLY:-0}
COLDSTART_FIFO=${BENCH_COLDSTART_FIFO:-0}
CLASSES=$BENCH_DIR/target/classes

die() { echo "bench: $*" >&2; exit 2; }

# The JDK's major version from its release file, or nothing.
java_version() { sed -n 's/^JAVA_VERSION="\([0-9][0-9.]*\).*"/\1/p' "$1/release" 2>/dev/null; }

# Same rule as the launcher: JAVA_HOME if it is 25 or newer, else the newest /usr/lib/jvm/* that is.
find_jdk() {
  local v
  if [[ -n ${JAVA_HOME:-} ]]; then
    v=$(java_version "$JAVA_HOME")
    if [[ -n $v && ${v%%.*} -ge 25 && -x $JAVA_HOME/bin/javac ]]; then
      echo "$JAVA_HOME"
      return
    fi
  fi
  local dir best="" best_v=""
  for dir in /usr/lib/jvm/*; do
    v=$(java_version "$dir")
    [[ -n $v && ${v%%.*} -ge 25 && -x $dir/bin/javac ]] || continue
    if [[ -z $best_v || $(printf '%s\n%s\n' "$best_v" "$v" | sort -V | tail -n1) == "$v" ]]; then
      best=$dir best_v=$v
    fi
  done
  [[ -n $best ]] || die "no JDK 25 or newer: set JAVA_HOME or install one under /usr/lib/jvm"
  echo "$best"
}

toml_string() {
  local s=${1//\\/\\\\}
  s=${s//\"/\\\"}
  printf '"%s"' "$s"
}

# The pids of $1 and all its descendants.
process_tree() {
  local child
  echo "$1"
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
    process_tree "$child"
  done
}

vm_rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || true; }

JDK=$(find_jdk)
JAVA=$JDK/bin/java
mkdir -p "$CLASSES" "$OUT_DIR"
# shellcheck disable=SC2046 # the file names contain no spaces
"$JDK/bin/javac" --release 25 -d "$CLASSES" $(find "$BENCH_DIR/src" -name '*.java')
ECHO_CMD=("$JAVA" -cp "$CLASSES" dev.gatehouse.bench.EchoServer)

RESULTS=$OUT_DIR/results.jsonl
TABLE=$OUT_DIR/results.md
COMPARE=$OUT_DIR/compare.jsonl
: >"$RESULTS"
: >"$COMPARE"

GW_PID=""
HOME_DIR=""
ECHO_HTTP_PID=""
ECHO_HTTP_OUT=""
cleanup() {
  if [[ -n $ECHO_HTTP_PID ]]; then
    kill -TERM "$ECHO_HTTP_PID" 2>/dev/null || true
  fi
  [[ -z $ECHO_HTTP_OUT ]] || rm -f "$ECHO_HTTP_OUT"
  if [[ -n $GW_PID ]] && kill -0 "$GW_PID" 2>/dev/null; then
    # The gateway leads its own process group (setsid), so this also reaches its echo servers.
    kill -TERM -- "-$GW_PID" 2>/dev/null || kill -TERM "$GW_PID" 2>/dev/null || true
    for _ in $(seq 50); do
      kill -0 "$GW_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL -- "-$GW_PID" 2>/dev/null || true
  fi
  [[ -z $HOME_DIR ]] || rm -rf "$HOME_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The echo server over Streamable HTTP, for the HTTP upstream rows: measured directly and as a remote server.
ECHO_URL=""
if [[ $HTTP_ROWS == 1 ]]; then
  ECHO_HTTP_OUT=$(mktemp "${TMPDIR:-/tmp}/gatehouse-bench-http.XXXXXX")
  "$JAVA" -cp "$CLASSES" dev.gatehouse.bench.EchoHttpServer >"$ECHO_HTTP_OUT" 2>&1 </dev/null &
  ECHO_HTTP_PID=$!
  for _ in $(seq 100); do
    ECHO_URL=$(grep -oE '^http://127\.0\.0\.1:[0-9]+/mcp' "$ECHO_HTTP_OUT" | head -n1 || true)
    [[ -z $ECHO_URL ]] || break
    kill -0 "$ECHO_HTTP_PID" 2>/dev/null || { cat "$ECHO_HTTP_OUT" >&2; die "the HTTP echo server exited"; }
    sleep 0.1
  done
  [[ -n $ECHO_URL ]] || die "the HTTP echo server printed no URL within 10 s"
  echo "HTTP echo server pid $ECHO_HTTP_PID at $ECHO_URL" >&2
fi

MCP_URL=""
if [[ $DIRECT_ONLY != 1 ]]; then
  [[ -x $GATEHOUSE ]] || die "gateway launcher $GATEHOUSE not found; set GATEHOUSE, or BENCH_DIRECT_ONLY=1 for the baseline alone"
  HOME_DIR=$(mktemp -d "${TMPDIR:-/tmp}/gatehouse-bench.XXXXXX")
  {
    echo "[servers.echo]"
    echo "command = $(toml_string "$JAVA")"
    echo "args = [$(toml_string -cp), $(toml_string "$CLASSES"), $(toml_string dev.gatehouse.bench.EchoServer)]"
    echo "capture = $(toml_string "$CAPTURE")"
    if [[ -n $ECHO_URL ]]; then
      echo
      echo "[servers.echohttp]"
      echo "url = $(toml_string "$ECHO_URL")"
      echo "transport = \"streamable-http\""
      echo "capture = $(toml_string "$CAPTURE")"
    fi
    if ((COMPARE_ROUNDS > 0)); then
      for mode in full off; do
        echo
        echo "[servers.cap$mode]"
        echo "command = $(toml_string "$JAVA")"
        echo "args = [$(toml_string -cp), $(toml_string "$CLASSES"), $(toml_string dev.gatehouse.bench.EchoServer)]"
        echo "capture = $(toml_string "$mode")"
      done
    fi
    # The per-session rate limits guard against a runaway client; the load generator is one on purpose. They
    # stay in the path, only raised out of the way.
    echo
    echo "[limits]"
    for key in requests_per_second request_burst tool_calls_per_second tool_call_burst; do
      echo "$key = 1000000"
    done
  } >"$HOME_DIR/config.toml"
  setsid "$GATEHOUSE" serve --home "$HOME_DIR" --port 0 >"$HOME_DIR/gateway.log" 2>&1 </dev/null &
  GW_PID=$!
  deadline=$((SECONDS + START_TIMEOUT))
  while [[ -z $MCP_URL ]]; do
    MCP_URL=$(grep -oE 'http://127\.0\.0\.1:[0-9]+/mcp' "$HOME_DIR/gateway.log" | head -n1 || true)
    [[ -n $MCP_URL ]] && break
    if ! kill -0 "$GW_PID" 2>/dev/null; then
      tail -n 40 "$HOME_DIR/gateway.log" >&2
      die "the gateway exited before printing its URL (log above)"
    fi
    if ((SECONDS > deadline)); then
      tail -n 40 "$HOME_DIR/gateway.log" >&2
      die "the gateway printed no http://127.0.0.1:PORT/mcp line within ${START_TIMEOUT}s (log above)"
    fi
    sleep 0.2
  done
  echo "gateway pid $GW_PID at $MCP_URL" >&2
fi

failed=0
CELL_OUT=$RESULTS
capture_cost=""
# CPU ticks (user + system) of the gateway JVM and its launcher, not of the echo servers it started.
gateway_ticks() {
  local pid args total=0
  for pid in $(process_tree "$GW_PID"); do
    args=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)
    [[ $args != *dev.gatehouse.bench.EchoServer* ]] || continue
    total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}

# Gateway CPU per call of one comparison cell: its ticks over the cell (warmup included) divided by the calls
# of the measured window scaled to the whole cell, i.e. assuming the warmup ran at the measured rate.
cpu_per_call=()
cpu_medians=()
gateway_cpu_per_call() { # mode ticks last-json-line
  local calls
  calls=$(sed -n 's/.*"calls":\([0-9]*\).*/\1/p' <<<"$3")
  [[ -n $calls && $calls -gt 0 ]] || return 0
  local micros
  micros=$(awk -v t="$2" -v hz="$(getconf CLK_TCK)" -v n="$calls" -v w="$WARMUP" -v s="$SECONDS_PER_CELL" \
    'BEGIN { printf "%.1f", t / hz * 1e6 / (n * (w + s) / s) }')
  echo "capture $1: gateway CPU $micros µs per call" >&2
  cpu_per_call+=("$1 $micros")
}

run_cell() { # label target size concurrency [-- server command]
  local label=$1 target=$2 size=$3 concurrency=$4
  shift 4
  if ! "$JAVA" -cp "$CLASSES" dev.gatehouse.bench.BenchMain --target "$target" --label "$label" \
      --size "$size" --concurrency "$concurrency" --seconds "$SECONDS_PER_CELL" --warmup "$WARMUP" \
      --json-out "$CELL_OUT" "$@" >&2; then
    echo "bench: cell $label size=$size concurrency=$concurrency failed" >&2
    failed=1
  fi
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
uptime_before=$(uptime)
[[ $MATRIX == 1 && $COLDSTART_ONLY != 1 ]] || SIZES_IN_MATRIX=()
for size in "${SIZES_IN_MATRIX[@]}"; do
  for concurrency in "${CONCURRENCIES[@]}"; do
    if [[ $STDIO_ROWS == 1 ]]; then
      run_cell stdio stdio "$size" "$concurrency" -- "${ECHO_CMD[@]}"
      if [[ -n $MCP_URL ]]; then
        run_cell /s/echo/mcp "${MCP_URL%/mcp}/s/echo/mcp" "$size" "$concurrency" --tool echo
        run_cell /mcp "$MCP_URL" "$size" "$concurrency" --tool echo__echo
      fi
    fi
    if [[ -n $ECHO_URL ]]; then
      run_cell http "$ECHO_URL" "$size" "$concurrency" --tool echo
      [[ -z $MCP_URL ]] || run_cell /s/echohttp/mcp "${MCP_URL%/mcp}/s/echohttp/mcp" "$size" "$concurrency" --tool echo
    fi
  done
done

# The capture comparison: full and off alternate, each round starting with the side the last one ended on.
if [[ -n $MCP_URL && $COLDSTART_ONLY != 1 ]] && ((COMPARE_ROUNDS > 0)); then
  # One unrecorded pair first, so that neither side is measured on a gateway whose JIT is still compiling.
  CELL_OUT=/dev/null
  for mode in full off; do
    run_cell "capture $mode" "${MCP_URL%/mcp}/s/cap$mode/mcp" "${SIZES[0]}" "$COMPARE_CONCURRENCY" --tool echo
  done
  CELL_OUT=$COMPARE
  for round in $(seq "$COMPARE_ROUNDS"); do
    if ((round % 2 == 1)); then order=(full off); else order=(off full); fi
    for mode in "${order[@]}"; do
      ticks_before=$(gateway_ticks)
      run_cell "capture $mode" "${MCP_URL%/mcp}/s/cap$mode/mcp" "${SIZES[0]}" "$COMPARE_CONCURRENCY" --tool echo
      gateway_cpu_per_call "$mode" $(($(gateway_ticks) - ticks_before)) "$(tail -n 1 "$COMPARE")"
    done
  done
  # CPU per call is what the load on a shared machine changes least: the ratio of calls/s follows from it when
  # the machine's cores are the limit, as they are at concurrency 16 on two.
  for mode in full off; do
    cpu_medians+=("$( ((${#cpu_per_call[@]} > 0)) && printf '%s\n' "${cpu_per_call[@]}" |
      awk -v m="$mode" '$1 == m { print $2 }' | sort -n |
      awk -v m="$mode" '{ v[NR] = $1 } END { if (NR) printf "gateway CPU per call with capture %s: median %.1f µs over %d rounds (warmup included)", m, v[int((NR + 1) / 2)], NR }' || true)")
    echo "${cpu_medians[-1]}" >&2
  done
  CELL_OUT=$RESULTS
  # What recording cost the machine beyond the request path: the writer thread's CPU time (from /proc, in clock
  # ticks) per record written, and what the capture dropped, as the gateway's own status reports it.
  writer_ticks=0
  for task in $(for pid in $(process_tree "$GW_PID"); do echo /proc/"$pid"/task/*; done); do
    [[ $(cat "$task/comm" 2>/dev/null) == gatehouse-captu* ]] || continue
    writer_ticks=$(awk '{ print $14 + $15 }' "$task/stat")
    break
  done
  capture_json=$("$GATEHOUSE" status --json --home "$HOME_DIR" 2>/dev/null | tr -d ' \n' || true)
  recorded=$(sed -n 's/.*"capture":{[^}]*"recorded":\([0-9]*\).*/\1/p' <<<"$capture_json")
  dropped=$(sed -n 's/.*"capture":{[^}]*"dropped":\([0-9]*\).*/\1/p' <<<"$capture_json")
  capture_cost=$(awk -v t="$writer_ticks" -v hz="$(getconf CLK_TCK)" -v n="${recorded:-0}" -v d="${dropped:-?}" \
    'BEGIN { if (n > 0) printf "capture writer thread: %.2f s of CPU for %d records written (%.1f µs each), %s dropped", t / hz, n, t / hz / n * 1e6, d; else print "capture writer thread: no records written" }')
  echo "$capture_cost" >&2
fi

# The stdio bridge is on every stdio client's start path: spawn to the answer to initialize, against the same
# gateway, with its AOT cache and without. The cache is trained first if the jar has none yet (the launcher would
# otherwise train it in the background during the runs, which would then measure neither case).
coldstart_rows=()
if [[ -n $MCP_URL && $COLDSTART_RUNS -gt 0 ]]; then
  priority=()
  if [[ $COLDSTART_FIFO == 1 ]]; then
    chrt -a -f -p 10 "$GW_PID" >/dev/null || die "BENCH_COLDSTART_FIFO=1 needs chrt and the right to use SCHED_FIFO"
    priority=(chrt -f 10)
  fi
  "$GATEHOUSE" aot-cache || echo "bench: the connect AOT cache could not be built; 'AOT cache on' runs without it" >&2
  for aot in on off; do
    echo "bench: cold start of 'gatehouse connect', AOT cache $aot, $COLDSTART_RUNS runs" >&2
    if row=$(GATEHOUSE_AOT=$aot "${priority[@]}" "$JAVA" -cp "$CLASSES" dev.gatehouse.bench.ColdStart --runs "$COLDSTART_RUNS" \
        --label "gatehouse connect, AOT cache $aot" -- "$GATEHOUSE" connect --home "$HOME_DIR"); then
      coldstart_rows+=("$row")
    else
      echo "bench: the cold start of 'gatehouse connect' (AOT cache $aot) failed" >&2
      failed=1
    fi
  done
  [[ $COLDSTART_FIFO != 1 ]] || chrt -a -o -p 0 "$GW_PID" >/dev/null || true
fi

load_after=$(cut -d' ' -f1-3 /proc/loadavg)
uptime_after=$(uptime)
rss_args=()
gateway_jvm=""
if [[ -n $GW_PID ]]; then
  gateway_kb=0
  for pid in $(process_tree "$GW_PID"); do
    kb=$(vm_rss_kb "$pid")
    [[ -n $kb ]] || continue
    # Classified on the whole command line: a shortened one can cut the echo server's class name off.
    args=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)
    if [[ $args == *dev.gatehouse.bench.EchoServer* ]]; then
      echo "echo server pid $pid: VmRSS $kb kB (not counted)" >&2
    else
      echo "gateway pid $pid: VmRSS $kb kB (${args:0:100})" >&2
      gateway_kb=$((gateway_kb + kb))
      # The gateway JVM's options, since they decide its resident memory.
      [[ $args != *" -jar "* ]] || gateway_jvm=$(sed 's/^[^ ]* //; s/ -jar .*//' <<<"$args")
    fi
  done
  rss_args=(--rss-kb "$gateway_kb")
fi

{
  echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n1)),"
  echo "$("$JAVA" -version 2>&1 | head -n1), gateway commit $(git -C "$REPO_DIR" describe --always --dirty 2>/dev/null || echo unknown),"
  echo "${SECONDS_PER_CELL} s per cell after ${WARMUP} s warmup; traffic capture: ${CAPTURE}; load average before the run: $load_before, after: $load_after."
  [[ -z $gateway_jvm ]] || echo "Gateway JVM options: \`$gateway_jvm\`."
  echo "uptime before: $uptime_before"
  echo "uptime after:  $uptime_after"
  if ((${#SIZES_IN_MATRIX[@]} > 0)); then
    echo
    "$JAVA" -cp "$CLASSES" dev.gatehouse.bench.ResultTable "$RESULTS" "${rss_args[@]}"
  fi
  if [[ -s $COMPARE ]]; then
    echo
    echo "Capture full vs off (size ${SIZES[0]} bytes, concurrency $COMPARE_CONCURRENCY, same gateway):"
    echo
    "$JAVA" -cp "$CLASSES" dev.gatehouse.bench.CaptureComparison "$COMPARE"
    echo "- $capture_cost"
    for line in "${cpu_medians[@]}"; do
      [[ -z $line ]] || echo "- $line"
    done
  fi
  if ((${#coldstart_rows[@]} > 0)); then
    echo
    echo "Cold start, spawn to the answer to initialize (milliseconds$([[ $COLDSTART_FIFO != 1 ]] || echo ", under SCHED_FIFO")):"
    echo
    echo "| command | runs | min | p50 | p90 | max |"
    echo "|---|---:|---:|---:|---:|---:|"
    printf '%s\n' "${coldstart_rows[@]}"
  fi
} >"$TABLE"
cat "$TABLE"
echo "(table in $TABLE, raw results in $RESULTS)" >&2
exit "$failed"
