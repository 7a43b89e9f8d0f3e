-- paydesk's own tickets. The whole ticket (messages, decisions, audit
-- references) is one JSON document; the columns are what lists filter on.
-- `version` makes updates optimistic: a writer that read version n may only
-- write n+1, so two writers never lose each other's change.
CREATE TABLE tickets (
    id         TEXT    PRIMARY KEY,
    status     TEXT    NOT NULL,
    team       TEXT,
    customer   TEXT,
    email      TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version    INTEGER NOT NULL,
    doc        TEXT    NOT NULL
);
CREATE INDEX tickets_updated ON tickets (updated_at, id);
CREATE INDEX tickets_customer ON tickets (customer) WHERE customer IS NOT NULL;
CREATE INDEX tickets_email ON tickets (email) WHERE email IS NOT NULL;
