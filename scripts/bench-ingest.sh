#!/usr/bin/env bash
# Webhook ingest benchmark for the README: paydesk on SQLite, paydesk on
# PostgreSQL and the peer (@supabase/stripe-sync-engine), measured in one run
# with the same generator and the same settings, each
# R times, interleaved so machine noise spreads evenly; medians are reported.
# The generator is wrk (as in the peer's reference figure), posting distinct
# pre-signed events (`paydesk-bench sign-events` + scripts/wrk-webhooks.lua);
# GEN=paydesk-bench uses our own hyper generator instead. wrk is installed
# with apt-get when missing.
#
# Usage: scripts/bench-ingest.sh            (markdown table on stdout, progress on stderr)
# Env (defaults): N=100000 events, C=16 connections, R=3 runs, WARMUP=2000,
#   GEN=wrk, THREADS=2 (generator threads), SECRET=whsec_test_secret,
#   PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres, PAYDESK_PORT=18080, PEER_PORT=18787,
#   PAYDESK_SHARED=<repo>/../shared, PEER_DIR (reuse an installed peer),
#   SKIP_PAYDESK=1 / SKIP_PEER=1, SKIP_POSTGRES=1 (paydesk on SQLite only),
#   BEFORE_BIN=path/to/an/older/paydesk (adds it on SQLite as "before", in the same rounds: an A/B),
#   READY_TIMEOUT=60 (s), KEEP_TMP=1 (keep logs and raw results),
#   PAYDESK_RUST_LOG=warn (paydesk's log level; the peer logs nothing per request either).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PAYDESK_SHARED=${PAYDESK_SHARED:-$ROOT/../shared}
N=${N:-100000} C=${C:-16} R=${R:-3} WARMUP=${WARMUP:-2000} THREADS=${THREADS:-2} GEN=${GEN:-wrk}
SECRET=${SECRET:-whsec_test_secret}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
export PGOPTIONS=${PGOPTIONS:---client-min-messages=warning} # no NOTICE from dropdb --if-exists
PAYDESK_PORT=${PAYDESK_PORT:-18080} PEER_PORT=${PEER_PORT:-18787}
READY_TIMEOUT=${READY_TIMEOUT:-60}
PEER_PACKAGES=(@supabase/stripe-sync-engine@0.48.5 stripe@20)
PAYDESK_PG_DB=paydesk_bench PEER_DB=sse_bench

TMP=$(mktemp -d -t paydesk-bench.XXXXXX)
RESULTS=$TMP/results
mkdir -p "$RESULTS"
SERVER_PID="" URL=""

log() { printf '[bench-ingest] %s\n' "$*" >&2; }

cleanup() {
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [[ -n ${KEEP_TMP:-} ]]; then log "kept logs and raw results in $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

build() {
  cd "$ROOT"
  if [[ -z ${SKIP_PAYDESK:-} ]]; then
    log "building paydesk and paydesk-bench (release)"
    if cargo build --release -p paydesk -p paydesk-bench >&2; then return; fi
    log "paydesk does not build: measuring the peer only"
    SKIP_PAYDESK=1
  fi
  cargo build --release -p paydesk-bench >&2
}

setup_wrk() {
  [[ $GEN != wrk ]] && return
  command -v wrk >/dev/null && command -v sqlite3 >/dev/null && return
  log "installing wrk and sqlite3 (apt-get)"
  apt-get install -y wrk sqlite3 >&2 || (apt-get update >&2 && apt-get install -y wrk sqlite3 >&2)
}

# run_wrk FILE URL OUT — posts every line of FILE once; OUT gets wrk's JSON line.
run_wrk() {
  local done_dir=$TMP/wrk-done pid
  rm -rf "$done_dir" && mkdir -p "$done_dir"
  WRK_EVENTS=$1 WRK_THREADS=$THREADS WRK_DONE_DIR=$done_dir \
    wrk -t"$THREADS" -c"$C" -d600s -s "$ROOT/scripts/wrk-webhooks.lua" "$2" >"$TMP/wrk.out" 2>&1 &
  pid=$!
  # wrk only stops at -d or SIGINT: stop it once every thread has used up its events.
  while (($(find "$done_dir" -type f | wc -l) < THREADS)) && kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  kill -INT "$pid" 2>/dev/null || true
  wait "$pid" || true
  tail -n 1 "$TMP/wrk.out" | jq -e -c . >"$3" || { cat "$TMP/wrk.out" >&2; return 1; }
}

# load_wrk URL OUT — signs WARMUP+N fresh events (fresh timestamps), warms up, measures.
load_wrk() {
  "$ROOT/target/release/paydesk-bench" sign-events --secret "$SECRET" -n $((N + WARMUP)) --out "$TMP/signed.tsv" 2>>"$TMP/gen.log"
  head -n "$WARMUP" "$TMP/signed.tsv" >"$TMP/warm.tsv"
  tail -n "$N" "$TMP/signed.tsv" >"$TMP/timed.tsv"
  rm -f "$TMP/signed.tsv"
  if ((WARMUP > 0)); then run_wrk "$TMP/warm.tsv" "$1" "$TMP/warm.json" || return 1; fi
  run_wrk "$TMP/timed.tsv" "$1" "$2"
}

setup_peer() {
  [[ -n ${SKIP_PEER:-} ]] && return
  local dir=${PEER_DIR:-$TMP/peer}
  if [[ ! -d $dir/node_modules/@supabase/stripe-sync-engine ]]; then
    log "installing the peer in $dir (${PEER_PACKAGES[*]})"
    mkdir -p "$dir"
    (cd "$dir" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent "${PEER_PACKAGES[@]}" >&2)
  fi
  cp "$PAYDESK_SHARED/bench/stripe-sync-engine/server.cjs" "$dir/"
  PEER_DIR=$dir
}

fresh_pg_db() {
  dropdb --if-exists "$1" >&2 && createdb "$1" >&2
}

# start_server NAME PORT COMMAND… — runs COMMAND in the background, logging to $TMP/NAME.log.
start_server() {
  local name=$1 port=$2
  shift 2
  if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/"; then
    log "port $port is already in use"
    return 1
  fi
  "$@" >>"$TMP/$name.log" 2>&1 &
  SERVER_PID=$!
}

# wait_ready URL [ok] — polls until URL answers with any HTTP status (a 2xx with "ok").
wait_ready() {
  local url=$1 want=${2:-any} deadline=$((SECONDS + READY_TIMEOUT)) code
  while ((SECONDS < deadline)); do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      log "server exited before answering $url"
      return 1
    fi
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true)
    if [[ $want == any && $code != 000 ]] || [[ $code == 2* ]]; then return 0; fi
    sleep 0.2
  done
  log "no answer from $url within ${READY_TIMEOUT}s"
  return 1
}

# stop_server — prints the server's peak resident memory (kB), then stops it.
stop_server() {
  local hwm
  hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/$SERVER_PID/status" 2>/dev/null || echo 0)
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
  echo "${hwm:-0}"
}

# start_target TARGET — fresh store, server started and answering; sets URL to its webhook endpoint.
start_target() {
  local db
  case $1 in
    paydesk-sqlite | paydesk-postgres | before-sqlite)
      local bin=$ROOT/target/release/paydesk
      [[ $1 == before-sqlite ]] && bin=$BEFORE_BIN
      if [[ $1 != paydesk-postgres ]]; then
        rm -f "$TMP"/bench.db*
        db=sqlite://$TMP/bench.db
      else
        fresh_pg_db "$PAYDESK_PG_DB" || return 1
        db=postgres://$PGUSER@$PGHOST:$PGPORT/$PAYDESK_PG_DB
      fi
      start_server "$1" "$PAYDESK_PORT" env RUST_LOG="${PAYDESK_RUST_LOG:-warn}" \
        PAYDESK_LISTEN="127.0.0.1:$PAYDESK_PORT" PAYDESK_DATABASE_URL="$db" \
        PAYDESK_STRIPE_WEBHOOK_SECRETS="$SECRET" "$bin" serve || return 1
      wait_ready "http://127.0.0.1:$PAYDESK_PORT/healthz" ok || return 1
      URL="http://127.0.0.1:$PAYDESK_PORT/webhooks/stripe"
      ;;
    peer)
      fresh_pg_db "$PEER_DB" || return 1
      start_server peer "$PEER_PORT" env DATABASE_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$PEER_DB" \
        PORT="$PEER_PORT" WHSEC="$SECRET" node "$PEER_DIR/server.cjs" || return 1
      # It listens only once its migrations ran; any path takes webhooks, so any answer means ready.
      wait_ready "http://127.0.0.1:$PEER_PORT/" || return 1
      URL="http://127.0.0.1:$PEER_PORT/webhooks/stripe"
      ;;
  esac
}

# mirror_catchup — after the load: seconds until the mirror's follower has derived every
# event in the log (`paydesk_mirror_synced_seq`, SQLite), "null" when the server does not
# report it. The log's end is read with the sqlite3 shell (a reader never blocks the writer).
mirror_catchup() {
  local start=$EPOCHREALTIME deadline=$((SECONDS + 60)) seq total
  total=$(sqlite3 "$TMP/bench.db" 'SELECT MAX(seq) FROM events') || { echo null; return; }
  while ((SECONDS < deadline)); do
    seq=$(curl -s --max-time 2 "http://127.0.0.1:$PAYDESK_PORT/metrics" | awk '$1 == "paydesk_mirror_synced_seq" {print $2}')
    [[ -z $seq ]] && { echo null; return; }
    if ((seq >= total)); then
      echo "$EPOCHREALTIME $start" | awk '{printf "%.3f", $1 - $2}'
      return
    fi
    sleep 0.02
  done
  echo null
}

# settle — lets the previous measurement's writes reach the disk first: PostgreSQL
# checkpoints, and dirty pages are synced. Otherwise a run pays for the disk
# traffic of the one before it (SQLite's fsyncs queue behind PostgreSQL's
# background writes: seen as 4,400 events/s after a paydesk run, 2,900 after the peer's).
settle() {
  psql -q -d postgres -c CHECKPOINT >&2 || true
  sync
  sleep 2
}

# measure TARGET RUN — one measurement, saved as $RESULTS/TARGET.RUN.json.
measure() {
  local target=$1 run=$2 out rss
  settle
  # Not in $(…): the server must be a child of this shell so it can be stopped and measured.
  if ! start_target "$target"; then
    [[ -z $SERVER_PID ]] || stop_server >/dev/null
    return 1
  fi
  out=$TMP/$target.$run.load.json
  log "$target run $run/$R: $N events, $C connections -> $URL"
  if [[ $GEN == wrk ]]; then
    # Signing runs before the server is under load; the warmup absorbs its start.
    if ! load_wrk "$URL" "$out"; then
      stop_server >/dev/null
      return 1
    fi
  elif ! "$ROOT/target/release/paydesk-bench" load --url "$URL" --secret "$SECRET" -n "$N" -c "$C" \
    --warmup "$WARMUP" --threads "$THREADS" --json >"$out" 2>>"$TMP/$target.log"; then
    stop_server >/dev/null
    return 1
  fi
  local catchup=null
  [[ $target == *sqlite ]] && catchup=$(mirror_catchup)
  # paydesk's own view of the run (batch sizes, commit times), kept with KEEP_TMP=1.
  [[ $target == peer ]] || curl -s --max-time 2 "http://127.0.0.1:$PAYDESK_PORT/metrics" >"$TMP/$target.$run.metrics" || true
  rss=$(stop_server)
  jq -c --argjson rss "$rss" --arg t "$target" --argjson catchup "$catchup" \
    '. + {peak_rss_kb: $rss, target: $t, mirror_catchup_s: $catchup}' "$out" >"$RESULTS/$target.$run.json"
  jq -r '"  \(.events_per_s) events/s, p50 \(.latency_ms.p50) ms, p99 \(.latency_ms.p99) ms, non-2xx \(.non_2xx), mirror caught up \(.mirror_catchup_s // "–") s after"' \
    "$RESULTS/$target.$run.json" >&2
}

# summarize — the markdown table of medians over the saved runs.
summarize() {
  local all
  all=$(cat "$RESULTS"/*.json 2>/dev/null | jq -s '.' || echo '[]')
  jq -r --argjson n "$N" --argjson c "$C" --arg r "$R" --arg cores "$(nproc)" --arg gen "$GEN" '
    def median: sort | if length == 0 then null elif length % 2 == 1 then .[length / 2 | floor]
      else (.[length / 2 - 1] + .[length / 2]) / 2 end;
    def fmt(d): if . == null then "–" elif d == 0 then round | tostring
      else (. * pow(10; d) | round | tostring | if length <= d then "0" * (d - length + 1) + . else . end)
        | .[:length - d] + "." + .[length - d:] end;
    def row($name; $title):
      [.[] | select(.target == $name)] as $runs
      | {title: $title, runs: ($runs | length),
         eps: ($runs | map(.events_per_s) | median), p50: ($runs | map(.latency_ms.p50) | median),
         p99: ($runs | map(.latency_ms.p99) | median), rss: ($runs | map(.peak_rss_kb / 1024) | median),
         catchup: ($runs | map(.mirror_catchup_s | select(. != null)) | median),
         bad: ($runs | map(.non_2xx + .transport_errors) | add // 0)};
    [ row("paydesk-sqlite"; "paydesk | SQLite"), row("paydesk-postgres"; "paydesk | PostgreSQL"),
      row("peer"; "stripe-sync-engine 0.48.5 | PostgreSQL"), row("before-sqlite"; "paydesk before (BEFORE_BIN) | SQLite") ]
      | map(select(.runs > 0)) as $rows
    | ([$rows[] | select(.title | startswith("stripe-sync"))][0].eps) as $peer
    | "Webhook ingest, \($n) distinct signed charge.succeeded events, \($c) keep-alive connections (\($gen)), median of \($r) runs, \($cores) cores shared by server, database and generator.\n",
      "| service | store | events/s | p50 ms | p99 ms | peak RSS MB | mirror caught up (s after the load) | ratio vs peer | runs | non-2xx |",
      "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
      ($rows[] | "| \(.title) | \(.eps | fmt(0)) | \(.p50 | fmt(2)) | \(.p99 | fmt(2)) | \(.rss | fmt(0)) | \(.catchup | fmt(2)) | \(
        if .eps == null or $peer == null then "–" else "\(.eps / $peer | fmt(2))×" end) | \(.runs) | \(.bad) |")
  ' <<<"$all"
}

main() {
  build
  setup_wrk
  setup_peer
  local targets=() failures=0
  [[ -n ${BEFORE_BIN:-} ]] && targets+=(before-sqlite)
  [[ -z ${SKIP_PAYDESK:-} ]] && targets+=(paydesk-sqlite)
  [[ -z ${SKIP_PAYDESK:-} && -z ${SKIP_POSTGRES:-} ]] && targets+=(paydesk-postgres)
  [[ -z ${SKIP_PEER:-} ]] && targets+=(peer)
  for run in $(seq 1 "$R"); do
    for target in "${targets[@]}"; do
      if ! measure "$target" "$run"; then
        log "$target run $run failed; last lines of its log:"
        tail -n 15 "$TMP/$target.log" >&2 2>/dev/null || true
        failures=$((failures + 1))
      fi
    done
  done
  summarize
  # The table is still printed, but a caller (CI, a README refresh) must notice a missing row.
  if ((failures > 0)); then
    log "$failures measurement(s) failed"
    return 1
  fi
}

main "$@"
