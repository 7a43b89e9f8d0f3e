//! The mirror behind the log, on SQLite.
//!
//! A webhook's commit is mostly index pages: the event's row and its id,
//! and for the mirror four more indexes over the object versions. SQLite has
//! one writer per database file, and a durable commit writes every page it
//! touched, so the mirror lives in a database file of its own, beside the
//! log's (`<file>-mirror`, attached to every connection as schema `mirror`):
//! its writes never wait for the log's write lock, nor the log's for them,
//! and they do not sync the disk on commit. The webhook writer appends to
//! the log only ([`Store::append_log`]) and the mirror follows in pages of
//! events ([`sync`]): read and parsed outside any write lock, written in one
//! transaction with the checkpoint ([`MIRROR_CHECKPOINT`], in the mirror's
//! own `state` table). Nothing acknowledged depends on that sync: the
//! versions are derived from the log, a crash loses the versions and the
//! checkpoint together (the log is consistent either way), and the next
//! `sync` derives them again. Readers of the mirror call `sync` first. A
//! mirror file that is missing, or that was derived from another log (the
//! database file was replaced), is derived again from the log at start.
//!
//! [`Store::append_log`]: crate::Store::append_log

use paydesk_domain::{EventEnvelope, ObjectVersion, versions_of_event};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sqlx::{Executor, Sqlite, SqliteConnection, SqlitePool, Transaction};
use tokio::sync::Mutex;

use crate::{MIRROR_CHECKPOINT, StoreError};

/// The mirror's tables, in its own database file (schema `mirror`). One row
/// per (object, event): the state as of t is the row with the greatest
/// (created, rank, event_id) with created <= t. A rowid table with a unique
/// index rather than WITHOUT ROWID: rows carry a few hundred bytes of fields,
/// too large for SQLite's clustered-key tables.
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS mirror.object_versions (
    object_type TEXT    NOT NULL,
    object_id   TEXT    NOT NULL,
    event_id    TEXT    NOT NULL,
    created     INTEGER NOT NULL,
    rank        INTEGER NOT NULL,
    customer_id TEXT,
    parent_id   TEXT,
    email       TEXT,
    fields      TEXT    NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS mirror.object_versions_key ON object_versions (object_id, event_id, object_type);
CREATE INDEX IF NOT EXISTS mirror.object_versions_customer ON object_versions (customer_id) WHERE customer_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS mirror.object_versions_parent ON object_versions (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS mirror.object_versions_email ON object_versions (email) WHERE email IS NOT NULL;
CREATE TABLE IF NOT EXISTS mirror.state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
";

/// The mirror's key in `mirror.state` naming the log it was derived from
/// (the log's `log.id` in `meta`).
const DERIVED_FROM: &str = "log.id";

/// Where the mirror of the database `options` opens lives: `<file>-mirror`,
/// or a private in-memory database beside an in-memory one.
pub(super) fn location(options: &SqliteConnectOptions, in_memory: bool) -> String {
    if in_memory {
        ":memory:".to_string()
    } else {
        format!("{}-mirror", options.get_filename().display())
    }
}

/// Attaches the mirror at `location` to a connection as schema `mirror`
/// (the file is created if missing). Unqualified names find the mirror's
/// tables there, since the log's database has none of them.
pub(super) async fn attach(
    conn: &mut SqliteConnection,
    location: String,
) -> Result<(), sqlx::Error> {
    // `Executor` methods on the connection itself: a future that `after_connect`
    // can hold for any connection's lifetime.
    conn.execute(sqlx::query("ATTACH DATABASE ? AS mirror").bind(location))
        .await?;
    // The page size holds for a new file only; NORMAL: a commit does not
    // sync the disk (the mirror is derived from the log).
    conn.execute(
        "PRAGMA mirror.page_size = 8192; PRAGMA mirror.journal_mode = WAL; \
         PRAGMA mirror.synchronous = NORMAL; PRAGMA mirror.cache_size = -16384;",
    )
    .await?;
    Ok(())
}

/// Pool options whose every new connection has the mirror at `location` attached.
pub(super) fn attached(pool: SqlitePoolOptions, location: &str) -> SqlitePoolOptions {
    let location = location.to_string();
    pool.after_connect(move |conn, _| Box::pin(attach(conn, location.clone())))
}

/// Creates the mirror's tables if missing; a mirror that was not derived
/// from this log (new, or beside a database file that was replaced), or
/// that claims more of the log than there is, is emptied, to be derived
/// again by the next [`sync`]. Runs after the log's migrations.
pub(super) async fn prepare(pool: &SqlitePool) -> Result<(), StoreError> {
    sqlx::raw_sql(SCHEMA).execute(pool).await?;
    let (log,): (String,) = sqlx::query_as("SELECT value FROM main.meta WHERE key = ?")
        .bind(DERIVED_FROM)
        .fetch_one(pool)
        .await?;
    let derived_from: Option<(String,)> =
        sqlx::query_as("SELECT value FROM mirror.state WHERE key = ?")
            .bind(DERIVED_FROM)
            .fetch_optional(pool)
            .await?;
    let (end,): (i64,) = sqlx::query_as("SELECT COALESCE(MAX(seq), 0) FROM main.events")
        .fetch_one(pool)
        .await?;
    if derived_from.as_ref().is_some_and(|(d,)| *d == log) && checkpoint(pool).await? <= end {
        return Ok(());
    }
    if derived_from.is_some() {
        tracing::warn!(
            "the mirror file beside the database was derived from another log, or is ahead of this one: deriving it again"
        );
    }
    let mut tx = pool.begin().await?;
    sqlx::query("DELETE FROM mirror.object_versions")
        .execute(&mut *tx)
        .await?;
    for (key, value) in [(DERIVED_FROM, log.as_str()), (MIRROR_CHECKPOINT, "0")] {
        set_state(&mut tx, key, value).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Sets a key of `mirror.state`.
pub(super) async fn set_state(
    tx: &mut Transaction<'_, Sqlite>,
    key: &str,
    value: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO mirror.state (key, value) VALUES (?, ?) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(key)
    .bind(value)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Events derived per transaction. A webhook commit waits behind it, so
/// smaller is better for webhooks: measured with 16 connections, 64 gave
/// 4,317 events/s where 256 gave 3,650 (medians of 3, same machine).
const PAGE: i64 = 64;

/// Derives the versions of every event after the checkpoint, up to the end
/// of the log as it is when called; returns the checkpoint reached.
pub(super) async fn sync(
    pool: &SqlitePool,
    writer: &SqlitePool,
    gate: &Mutex<()>,
    committed: impl Fn(u64),
) -> Result<i64, StoreError> {
    let (end,): (i64,) = sqlx::query_as("SELECT COALESCE(MAX(seq), 0) FROM main.events")
        .fetch_one(pool)
        .await?;
    loop {
        let from = checkpoint(pool).await?;
        if from >= end {
            return Ok(from);
        }
        let rows: Vec<(i64, Vec<u8>)> = sqlx::query_as(
            "SELECT seq, payload FROM main.events WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?",
        )
        .bind(from)
        .bind(end)
        .bind(PAGE)
        .fetch_all(pool)
        .await?;
        let Some(&(last, _)) = rows.last() else {
            return Ok(from);
        };
        // Stored events passed the envelope parse; one that no longer does
        // has nothing to mirror (as in `rebuild-mirror`).
        let versions: Vec<ObjectVersion> = rows
            .iter()
            .filter_map(|(_, raw)| EventEnvelope::parse(raw).ok())
            .flat_map(|(envelope, value)| versions_of_event(&envelope, &value))
            .collect();
        let held = gate.lock().await;
        let mut tx = writer.begin().await?;
        super::insert_versions(&mut tx, &versions.iter().collect::<Vec<_>>()).await?;
        advance(&mut tx, from, last).await?;
        tx.commit().await?;
        drop(held);
        committed(versions.iter().map(|v| v.fields.len() as u64).sum());
    }
}

/// The mirror's checkpoint (0 before anything was mirrored).
pub(super) async fn checkpoint(pool: &SqlitePool) -> Result<i64, StoreError> {
    let row: Option<(String,)> = sqlx::query_as("SELECT value FROM mirror.state WHERE key = ?")
        .bind(MIRROR_CHECKPOINT)
        .fetch_optional(pool)
        .await?;
    match row {
        None => Ok(0),
        Some((value,)) => value.parse().map_err(|_| StoreError::Corrupt {
            table: "mirror.state",
            detail: format!("the checkpoint `{MIRROR_CHECKPOINT}` is `{value}`, not a number"),
        }),
    }
}

/// Moves the checkpoint from `from` to `to`, only if it is still at
/// `from` (a missing one counts as 0): a sync that raced another, or a
/// `clear_mirror` that reset the checkpoint meanwhile, leaves it alone (the
/// versions it wrote are right either way, and are kept).
pub(super) async fn advance(
    tx: &mut Transaction<'_, Sqlite>,
    from: i64,
    to: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO mirror.state (key, value) VALUES (?, ?) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE CAST(value AS INTEGER) = ?",
    )
    .bind(MIRROR_CHECKPOINT)
    .bind(to.to_string())
    .bind(from)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// After an append committed events `first..=last` to the log and their
/// versions to the mirror (in this transaction): if the mirror had every
/// event before them, it has every one up to `last` now. (Appends hold the
/// log's write gate, so their sequence numbers are contiguous; a sync that
/// went past `last` meanwhile is left alone.)
pub(super) async fn keep_up(
    tx: &mut Transaction<'_, Sqlite>,
    first: i64,
    last: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE mirror.state SET value = CAST(? AS TEXT) \
         WHERE key = ? AND CAST(value AS INTEGER) >= ? AND CAST(value AS INTEGER) < ?",
    )
    .bind(last)
    .bind(MIRROR_CHECKPOINT)
    .bind(first - 1)
    .bind(last)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
