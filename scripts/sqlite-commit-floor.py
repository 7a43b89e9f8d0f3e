#!/usr/bin/env python3
"""The floor under paydesk's webhook ingest on SQLite: how long a bare durable
commit of B events takes on this disk, with paydesk's settings (WAL,
synchronous=FULL, 8 KiB pages, a random-key unique index on the event id,
~2,200-byte payloads), outside paydesk. B events per commit over that time
is the most a single SQLite writer can acknowledge per second.

Usage: python3 scripts/sqlite-commit-floor.py [B=8] [COMMITS=4000] [DIR=/tmp]
Prints the median, p90 and p99 commit time and the events/s that B/median gives.
"""
import os
import random
import sqlite3
import string
import sys
import tempfile
import time

batch = int(sys.argv[1]) if len(sys.argv) > 1 else 8
commits = int(sys.argv[2]) if len(sys.argv) > 2 else 4000
folder = sys.argv[3] if len(sys.argv) > 3 else "/tmp"

with tempfile.TemporaryDirectory(dir=folder) as tmp:
    db = sqlite3.connect(os.path.join(tmp, "floor.db"), isolation_level=None)
    db.execute("PRAGMA page_size = 8192")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("CREATE TABLE events (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, payload BLOB NOT NULL)")
    body = os.urandom(2200)
    took = []
    for _ in range(commits):
        rows = [("evt_" + "".join(random.choices(string.ascii_letters, k=24)), body) for _ in range(batch)]
        start = time.perf_counter()
        db.execute("BEGIN")
        db.executemany("INSERT INTO events (id, payload) VALUES (?, ?) ON CONFLICT (id) DO NOTHING", rows)
        db.execute("COMMIT")
        took.append(time.perf_counter() - start)
    db.close()

took.sort()
median = took[len(took) // 2]
print(
    f"{batch} events per durable commit, {commits} commits: median {median * 1e3:.2f} ms, "
    f"p90 {took[int(len(took) * 0.9)] * 1e3:.2f} ms, p99 {took[int(len(took) * 0.99)] * 1e3:.2f} ms; "
    f"at most {batch / median:,.0f} events/s for one writer"
)
