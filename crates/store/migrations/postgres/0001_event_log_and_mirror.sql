-- The event log: append-only, keyed by Stripe's event id, raw bytes kept as received.
CREATE TABLE events (
    seq         BIGSERIAL PRIMARY KEY,
    id          TEXT    NOT NULL UNIQUE,
    type        TEXT    NOT NULL,
    created     BIGINT  NOT NULL,
    api_version TEXT,
    livemode    BOOLEAN NOT NULL,
    source      TEXT    NOT NULL,
    received_at BIGINT  NOT NULL,
    payload     BYTEA   NOT NULL
);
-- The mirror: every state of every payment object, one row per (object, event).
-- The state as of t is the row with the greatest (created, rank, event_id) with created <= t.
CREATE TABLE object_versions (
    object_type TEXT   NOT NULL,
    object_id   TEXT   NOT NULL,
    event_id    TEXT   NOT NULL,
    created     BIGINT NOT NULL,
    rank        BIGINT NOT NULL,
    customer_id TEXT,
    parent_id   TEXT,
    email       TEXT,
    fields      TEXT   NOT NULL,
    PRIMARY KEY (object_type, object_id, event_id)
);
CREATE INDEX object_versions_customer ON object_versions (customer_id) WHERE customer_id IS NOT NULL;
CREATE INDEX object_versions_parent ON object_versions (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX object_versions_email ON object_versions (email) WHERE email IS NOT NULL;

-- Small durable settings and checkpoints (e.g. the backfill cursor).
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
