-- The outbox: every output as a durable job, unique by its idempotency key.
-- due_at (Unix ms): a pending job's next attempt, a running job's lease end.
CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY,
    key        TEXT    NOT NULL UNIQUE,
    kind       TEXT    NOT NULL,
    subject    TEXT    NOT NULL,
    payload    TEXT    NOT NULL,
    status     TEXT    NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    due_at     INTEGER NOT NULL,
    last_error TEXT,
    result     TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX outbox_due ON outbox (due_at, id) WHERE status IN ('pending', 'running');
CREATE INDEX outbox_status ON outbox (status, id);

-- The audit log: append-only, one row per decision, approval and job attempt.
CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    at      INTEGER NOT NULL,
    subject TEXT    NOT NULL,
    action  TEXT    NOT NULL,
    outcome TEXT    NOT NULL,
    detail  TEXT    NOT NULL
);
CREATE INDEX audit_log_subject ON audit_log (subject, id);
