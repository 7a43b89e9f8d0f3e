#!/usr/bin/env python3
"""Compares paydesk's decisions with the sample merchant's expected.jsonl.

    python3 examples/merchant/compare.py /tmp/decisions.jsonl [expected.jsonl] [--tickets tickets.jsonl] [--reasons]

Prints every field that differs, per ticket, then a summary per field and per
language. A ticket whose intent was misread is marked "(intent)": its other
fields usually differ as a consequence, not on their own. Exit status 1 when
anything differs (or a ticket is missing on either side), else 0.
"""
import json
import os
import sys
from collections import Counter

FIELDS = ["language", "intent", "outcome", "team", "customer", "actions"]
HERE = os.path.dirname(os.path.abspath(__file__))


def load(path):
    rows = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as e:
                    sys.exit(f"{path}:{n}: not JSON: {e}")
                rows[row["ticket_id"]] = row
    return rows


def canon(actions):
    """Actions as comparable values: order does not matter, absent keys equal null."""
    out = []
    for a in actions or []:
        a = dict(a)
        if a.get("type") == "send_invoice":
            a.setdefault("invoice", None)
            a.setdefault("charge", None)
        out.append(json.dumps(a, sort_keys=True))
    return sorted(out)


def show(v):
    return json.dumps(v, ensure_ascii=False, separators=(",", ":"))


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    flags = [a for a in sys.argv[1:] if a.startswith("--")]
    if not args:
        sys.exit(__doc__)
    decisions = load(args[0])
    expected = load(args[1] if len(args) > 1 else os.path.join(HERE, "expected.jsonl"))
    tickets = {}
    tpath = next((sys.argv[i + 1] for i, a in enumerate(sys.argv) if a == "--tickets" and i + 1 < len(sys.argv)),
                 os.path.join(HERE, "tickets.jsonl"))
    if os.path.exists(tpath):
        with open(tpath, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    t = json.loads(line)
                    tickets[t["id"]] = t
    if tpath in args[1:]:
        args.remove(tpath)

    per_field = Counter()
    per_lang = Counter()
    bad_tickets = 0
    missing = sorted(set(expected) - set(decisions))
    extra = sorted(set(decisions) - set(expected))
    for tid in sorted(expected, key=lambda t: (t.split("-")[1], t)):
        if tid not in decisions:
            continue
        e, d = expected[tid], decisions[tid]
        diffs = []
        for field in FIELDS:
            ev, dv = e.get(field), d.get(field)
            same = canon(ev) == canon(dv) if field == "actions" else ev == dv
            if not same:
                diffs.append((field, ev, dv))
                per_field[field] += 1
        if not diffs:
            continue
        bad_tickets += 1
        per_lang[e.get("language")] += 1
        cause = " (intent)" if any(f == "intent" for f, _, _ in diffs) else ""
        conf = d.get("confidence")
        print(f"{tid}{cause}" + (f"  confidence {conf}" if conf is not None else ""))
        for field, ev, dv in diffs:
            print(f"    {field:9} expected {show(ev)}")
            print(f"    {'':9} got      {show(dv)}")
        if tid in tickets:
            last = [m for m in tickets[tid]["messages"] if m["author"] == "customer"][-1]["body"]
            print(f"    message   {show(last[:160])}")
        if "--reasons" in flags:
            for r in d.get("reasons", []):
                print(f"    reason    {r}")
    for tid in missing:
        print(f"{tid}: no decision")
    for tid in extra:
        print(f"{tid}: decision for a ticket that is not expected")

    total = len(expected)
    matched = total - bad_tickets - len(missing)
    print()
    print(f"{matched}/{total} tickets match on every field ({100.0 * matched / max(total, 1):.1f}%)")
    for field in FIELDS:
        print(f"  {field:9} {total - len(missing) - per_field[field]:4d} match, {per_field[field]:3d} differ")
    if per_lang:
        print("  differing tickets per language: " + ", ".join(f"{k} {v}" for k, v in sorted(per_lang.items())))
    if missing or extra:
        print(f"  {len(missing)} tickets without a decision, {len(extra)} decisions without a ticket")
    sys.exit(1 if bad_tickets or missing or extra else 0)


if __name__ == "__main__":
    main()
