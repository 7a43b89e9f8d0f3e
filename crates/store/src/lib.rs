//! paydesk's store: the event log, the mirror of payment objects and small
//! durable settings, behind one trait with a SQLite and a PostgreSQL backend.
//!
//! # Layout
//! - [`Store`]: the trait every backend implements; [`connect`] picks one by URL.
//! - [`model`]: what goes in and comes out (new events, stored events, filters).
//! - [`sqlite`], [`postgres`]: the backends, each with its own SQL and
//!   migrations (`migrations/sqlite`, `migrations/postgres`).
//! - [`history`]: a customer's payment history as of an instant, read
//!   through the trait (so it behaves the same on both backends).
//! - [`rebuild`]: recreates the mirror from the log.
//! - [`tickets`]: paydesk's own tickets (a document per ticket, optimistic updates).
//! - [`outbox`]: jobs for every output (retried, idempotent) and the audit log.
//!
//! The conformance suite in `tests/conformance` runs against both backends.

pub mod history;
pub mod model;
pub mod outbox;
pub mod postgres;
pub mod rebuild;
pub mod sqlite;
pub mod tickets;

use std::sync::Arc;

use async_trait::async_trait;
use paydesk_domain::ObjectVersion;

pub use model::{Appended, NewEvent, Source, StoredEvent, VersionFilter};
pub use outbox::{AuditEntry, Enqueued, Job, JobOutcome, JobStatus, NewAudit, NewJob};
pub use tickets::{TicketFilter, TicketRow};

/// The `meta` key of the mirror's checkpoint: every event of the log with a
/// sequence number up to its value has its object versions in the mirror.
pub const MIRROR_CHECKPOINT: &str = "mirror.synced_seq";

/// The event types the daily digest counts; `events_digest` indexes exactly these.
pub const DIGEST_EVENT_TYPES: [&str; 8] = [
    "charge.dispute.closed",
    "charge.dispute.created",
    "charge.failed",
    "charge.refunded",
    "customer.subscription.created",
    "customer.subscription.deleted",
    "invoice.payment_failed",
    "refund.created",
];

/// `type IN ('…', …)` over [`DIGEST_EVENT_TYPES`], written as the partial index writes it.
pub(crate) fn digest_types_sql() -> String {
    let list: Vec<String> = DIGEST_EVENT_TYPES
        .iter()
        .map(|t| format!("'{t}'"))
        .collect();
    format!("type IN ({})", list.join(", "))
}

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database URL is not one paydesk understands.
    #[error("unsupported database URL `{0}`: use sqlite://PATH or postgres://…")]
    UnsupportedUrl(String),
    /// The database could not be opened or migrated.
    #[error("cannot open the database: {0}")]
    Open(#[source] sqlx::Error),
    /// Applying migrations failed.
    #[error("cannot migrate the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A query failed.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// A stored row could not be read back.
    #[error("corrupt row in {table}: {detail}")]
    Corrupt {
        /// The table holding the row.
        table: &'static str,
        /// What was wrong with it.
        detail: String,
    },
}

/// The storage paydesk needs, implemented by each backend.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Appends events (and their object versions) in one transaction. Returns,
    /// in input order, whether each event was new or already in the log.
    /// Nothing is acknowledged before this returns `Ok`.
    async fn append(&self, batch: &[NewEvent]) -> Result<Vec<Appended>, StoreError>;

    /// Appends events to the log only, in one transaction, and leaves their
    /// object versions to [`Store::sync_mirror`]: what the webhook writer
    /// uses, so that a webhook waits for its event's commit and not for the
    /// mirror's indexes. Backends without a separate mirror step write the
    /// versions here too (the default).
    async fn append_log(&self, batch: &[NewEvent]) -> Result<Vec<Appended>, StoreError> {
        self.append(batch).await
    }

    /// Brings the mirror up to the end of the log as it is now: derives and
    /// writes the versions of the events [`Store::append_log`] left behind.
    /// Returns the checkpoint reached (events up to it are mirrored), or
    /// `None` when the backend writes the mirror with the log, so it is
    /// always current. Safe to call from several tasks at once.
    async fn sync_mirror(&self) -> Result<Option<i64>, StoreError> {
        Ok(None)
    }

    /// One event of the log by id.
    async fn event(&self, id: &str) -> Result<Option<StoredEvent>, StoreError>;

    /// How many events the log holds.
    async fn event_count(&self) -> Result<u64, StoreError>;

    /// Events in log order after sequence number `after_seq`, at most `limit`.
    async fn events_after(
        &self,
        after_seq: i64,
        limit: u32,
    ) -> Result<Vec<StoredEvent>, StoreError>;

    /// (sequence number, id, type) of the events after `after_seq`, at most
    /// `limit`, in log order: a scan that does not read the payloads.
    async fn event_heads_after(
        &self,
        after_seq: i64,
        limit: u32,
    ) -> Result<Vec<(i64, String, String)>, StoreError>;

    /// The events of the [`DIGEST_EVENT_TYPES`] created in `[from, to)` (Unix
    /// seconds), in log order: what the daily digest counts.
    async fn digest_events(&self, from: i64, to: i64) -> Result<Vec<StoredEvent>, StoreError>;

    /// Adds object versions to the mirror; versions already there are kept.
    async fn put_versions(&self, versions: &[ObjectVersion]) -> Result<(), StoreError>;

    /// Empties the mirror (the log is untouched) and sets its checkpoint to 0.
    async fn clear_mirror(&self) -> Result<(), StoreError>;

    /// The latest version, as of `as_of` (Unix seconds), of every object the filter selects.
    async fn latest_versions(
        &self,
        filter: &VersionFilter,
        as_of: i64,
    ) -> Result<Vec<ObjectVersion>, StoreError>;

    /// A durable setting or checkpoint.
    async fn meta(&self, key: &str) -> Result<Option<String>, StoreError>;

    /// Sets a durable setting or checkpoint.
    async fn set_meta(&self, key: &str, value: &str) -> Result<(), StoreError>;

    /// Adds jobs to the outbox, each with an audit entry; a job whose key is
    /// already there is left as it is (returned with `new: false`).
    async fn enqueue(&self, jobs: &[NewJob], now_ms: i64) -> Result<Vec<Enqueued>, StoreError>;

    /// Claims up to `limit` jobs that are due at `now_ms` (pending, or running
    /// with an expired lease): each becomes `running` with a lease until
    /// `now_ms + lease_ms` and one more attempt. Two workers never claim the
    /// same job while its lease runs.
    async fn claim_jobs(
        &self,
        now_ms: i64,
        lease_ms: i64,
        limit: u32,
    ) -> Result<Vec<Job>, StoreError>;

    /// Records how a claimed attempt ended, with its audit entry, in one
    /// transaction. Returns false (and changes nothing) when the job is no
    /// longer this attempt's: its lease ran out and another worker claimed it.
    async fn finish_job(
        &self,
        job: &Job,
        outcome: &JobOutcome,
        now_ms: i64,
    ) -> Result<bool, StoreError>;

    /// Puts a parked job back in line (due now, attempts reset), with an audit entry.
    async fn requeue_job(&self, id: i64, now_ms: i64, by: &str) -> Result<bool, StoreError>;

    /// Jobs, newest first, optionally only those with one status.
    async fn jobs(&self, status: Option<JobStatus>, limit: u32) -> Result<Vec<Job>, StoreError>;

    /// Jobs of these kinds that are not parked (pending, running or done),
    /// newest first: what paydesk has done or is doing, without the rest of
    /// the outbox.
    async fn live_jobs_of_kinds(&self, kinds: &[&str], limit: u32) -> Result<Vec<Job>, StoreError>;

    /// One job by its idempotency key.
    async fn job_by_key(&self, key: &str) -> Result<Option<Job>, StoreError>;

    /// Appends audit entries.
    async fn audit(&self, entries: &[NewAudit]) -> Result<(), StoreError>;

    /// Audit entries in order, optionally only one subject's, the last `limit`.
    async fn audit_log(
        &self,
        subject: Option<&str>,
        limit: u32,
    ) -> Result<Vec<AuditEntry>, StoreError>;

    /// Stores a new ticket (its `version` must be 1); false when the id exists.
    async fn insert_ticket(&self, ticket: &TicketRow) -> Result<bool, StoreError>;

    /// Replaces a ticket whose stored version is `ticket.version - 1`; false
    /// (nothing written) when someone else changed it first.
    async fn update_ticket(&self, ticket: &TicketRow) -> Result<bool, StoreError>;

    /// One ticket by id.
    async fn ticket(&self, id: &str) -> Result<Option<TicketRow>, StoreError>;

    /// Tickets, most recently updated first.
    async fn tickets(&self, filter: &TicketFilter) -> Result<Vec<TicketRow>, StoreError>;

    /// Which backend this is, for logs and metrics.
    fn backend(&self) -> &'static str;
}

/// Opens (creating and migrating as needed) the store a URL names:
/// `sqlite://PATH` or `postgres://…`/`postgresql://…`.
pub async fn connect(url: &str) -> Result<Arc<dyn Store>, StoreError> {
    if url.starts_with("sqlite:") {
        Ok(Arc::new(sqlite::SqliteStore::open(url).await?))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(postgres::PgStore::open(url).await?))
    } else {
        Err(StoreError::UnsupportedUrl(redact_url(url)))
    }
}

/// A URL with any password replaced, safe for errors and logs.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_never_leave_the_url_redactor() {
        assert_eq!(
            super::redact_url("postgres://u:secret@h/db"),
            "postgres://u:***@h/db"
        );
        assert_eq!(super::redact_url("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(super::redact_url("sqlite://x.db"), "sqlite://x.db");
    }
}
