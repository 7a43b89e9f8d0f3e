#!/usr/bin/env bash
# Simulation benchmark for the README: `paydesk simulate` over TICKETS tickets
# against a world of EVENTS Stripe events written by `paydesk-bench gen-world`
# (customers with charges, refunds, disputes, subscriptions and invoices in the
# 2024 and 2025 API shapes; tickets in en/de/es/fr/zh over all intents), run R
# times; and `paydesk classify` over the same tickets' texts, R times.
# Medians are reported as a markdown table on stdout; progress goes to stderr.
#
# Usage: scripts/bench-simulate.sh
# Env (defaults): EVENTS=1000000 TICKETS=100000 CUSTOMERS=(EVENTS/25) SEED=1 R=3,
#   NICE=0 (e.g. NICE=19 on a shared machine), KEEP_TMP=1 (keep the world and logs),
#   PAYDESK_SIMULATE_THREADS (threads deciding tickets; default one per core).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
EVENTS=${EVENTS:-1000000} TICKETS=${TICKETS:-100000} SEED=${SEED:-1} R=${R:-3} NICE=${NICE:-0}
TMP=$(mktemp -d -t paydesk-sim.XXXXXX)
log() { printf '[bench-simulate] %s\n' "$*" >&2; }
cleanup() {
  if [[ -n ${KEEP_TMP:-} ]]; then log "kept the world and logs in $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
run() { nice -n "$NICE" "$@"; }
[[ -x /usr/bin/time ]] || { log "needs /usr/bin/time (apt-get install time)"; exit 1; }

cd "$ROOT"
log "building paydesk and paydesk-bench (release)"
run cargo build --release -p paydesk -p paydesk-bench >&2
BIN=$ROOT/target/release

log "generating $EVENTS events and $TICKETS tickets into $TMP/world"
args=(gen-world --events "$EVENTS" --tickets "$TICKETS" --seed "$SEED" --out "$TMP/world")
[[ -n ${CUSTOMERS:-} ]] && args+=(--customers "$CUSTOMERS")
/usr/bin/time -f '%e %M' -o "$TMP/gen.time" "$BIN/paydesk-bench" "${args[@]}" 2> "$TMP/gen.log"
cat "$TMP/gen.log" >&2
W=$TMP/world

for r in $(seq 1 "$R"); do
  log "simulate run $r/$R"
  /usr/bin/time -f '%e %M' -o "$TMP/sim-$r.time" nice -n "$NICE" "$BIN/paydesk" simulate \
    --events "$W/events.jsonl" --tickets "$W/tickets.jsonl" --orders "$W/orders.jsonl" \
    --out "$TMP/decisions.jsonl" --report-json "$TMP/report-$r.json" 2> "$TMP/sim-$r.log"
  tail -2 "$TMP/sim-$r.log" >&2
done

# classify reads {"id","text"}: the subject and the last customer message of each ticket.
python3 - "$W/tickets.jsonl" > "$TMP/messages.jsonl" <<'PY'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    t = json.loads(line)
    last = [m["body"] for m in t["messages"] if m["author"] == "customer"][-1]
    print(json.dumps({"id": t["id"], "text": (t.get("subject") or "") + "\n" + last}, ensure_ascii=False))
PY
echo '{"id":"warm","text":"refund please"}' > "$TMP/one.jsonl"
for r in $(seq 1 "$R"); do
  log "classify run $r/$R"
  /usr/bin/time -f '%e %M' -o "$TMP/one-$r.time" nice -n "$NICE" "$BIN/paydesk" classify \
    < "$TMP/one.jsonl" > /dev/null
  /usr/bin/time -f '%e %M' -o "$TMP/cls-$r.time" nice -n "$NICE" "$BIN/paydesk" classify \
    < "$TMP/messages.jsonl" > "$TMP/classified.jsonl"
done

python3 - "$TMP" "$R" "$EVENTS" "$TICKETS" <<'PY'
import json, statistics, sys
tmp, runs, events, tickets = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
def time_of(name):
    wall, rss = open(f"{tmp}/{name}").read().split()[-2:]
    return float(wall), int(rss) / 1024
med = statistics.median
sims = []
for r in range(1, runs + 1):
    wall, rss = time_of(f"sim-{r}.time")
    rep = json.load(open(f"{tmp}/report-{r}.json"))
    stages = dict(rep["stages"])
    sims.append(dict(wall=wall, rss=rss, e2e=tickets / wall, deciding=rep["tickets_per_second"],
                     load=stages.get("load events", 0), train=stages.get("train classifier", 0),
                     auto=rep["automation_rate"]))
msgs = sum(1 for _ in open(f"{tmp}/messages.jsonl"))
cls = []
for r in range(1, runs + 1):
    wall, rss = time_of(f"cls-{r}.time")
    start, _ = time_of(f"one-{r}.time")
    cls.append(dict(wall=wall, rss=rss, rate=msgs / wall, warm=msgs / max(wall - start, 1e-9), start=start))
gen_wall, gen_rss = time_of("gen.time")
m = lambda rows, k: med(r[k] for r in rows)
print(f"`paydesk simulate`: {tickets:,} tickets against {events:,} events, median of {runs} runs\n")
print("| tickets/s (whole run) | tickets/s (deciding) | wall time | peak RSS | loading events | training the classifier (own thread) | automation rate |")
print("|---:|---:|---:|---:|---:|---:|---:|")
print(f"| {m(sims,'e2e'):,.0f} | {m(sims,'deciding'):,.0f} | {m(sims,'wall'):.1f} s | {m(sims,'rss'):,.0f} MiB "
      f"| {m(sims,'load'):.1f} s | {m(sims,'train'):.1f} s | {100*m(sims,'auto'):.1f}% |")
print(f"\n`paydesk classify`: {msgs:,} ticket texts, median of {runs} runs\n")
print("| messages/s (whole run) | messages/s (after start-up) | start-up (one message) | wall time | peak RSS |")
print("|---:|---:|---:|---:|---:|")
print(f"| {m(cls,'rate'):,.0f} | {m(cls,'warm'):,.0f} | {m(cls,'start'):.2f} s | {m(cls,'wall'):.1f} s | {m(cls,'rss'):,.0f} MiB |")
print(f"\nWorld generation (`paydesk-bench gen-world`): {gen_wall:.1f} s, peak RSS {gen_rss:,.0f} MiB.")
PY
