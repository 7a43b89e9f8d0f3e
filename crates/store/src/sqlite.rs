//! The SQLite backend: the embedded default (WAL, durable commits).

mod checkpoint;
mod mirror;

use std::collections::HashSet;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use paydesk_domain::ObjectVersion;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{QueryBuilder, Sqlite, SqlitePool, Transaction};
use tokio::sync::Mutex;

use crate::model::{EventRow, VersionRow, new_versions, outcomes, version_from_row};
use crate::outbox::{AuditRow, JOB_COLUMNS, JobRow, attempt_audit};
use crate::tickets::{Row as TicketRowSql, TICKET_COLUMNS, TicketFilter, TicketRow};
use crate::{
    Appended, AuditEntry, Enqueued, Job, JobOutcome, JobStatus, NewAudit, NewEvent, NewJob, Store,
    StoreError, StoredEvent, VersionFilter,
};

/// Rows per multi-row INSERT, kept under SQLite's 32,766 bound parameters.
const EVENT_ROWS: usize = 2_000;
const VERSION_ROWS: usize = 2_000;

/// The SQLite store.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    /// The mirror's writer ([`mirror`]): one connection for the mirror's
    /// own database file, which does not sync the disk on commit.
    mirror_writer: SqlitePool,
    /// Checkpoints the log in the background (none for an in-memory database).
    checkpointer: Option<checkpoint::Checkpointer>,
    /// Taken by every write of this process, around its transaction.
    /// SQLite has one writer: two connections that want the write lock
    /// together leave one in SQLite's busy handler, which sleeps 1, 2, 5, 10
    /// ms… and can miss the lock again. Here a waiting writer (a webhook
    /// batch behind a mirror page, say) starts the moment the other ends,
    /// in arrival order. The busy timeout stays for other processes.
    gate: Arc<Mutex<()>>,
    /// The same for the mirror's database file ([`mirror`]), which has a
    /// write lock of its own.
    mirror_gate: Arc<Mutex<()>>,
}

impl SqliteStore {
    /// Opens `sqlite://PATH` (created if missing) and applies migrations.
    pub async fn open(url: &str) -> Result<SqliteStore, StoreError> {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(StoreError::Open)?
            .create_if_missing(true)
            // Events are ~2 KB: on 4 KiB pages each takes a page of its own, half
            // empty. 8 KiB pages hold three; larger pages make each small webhook
            // commit write more index bytes (measured: 16 KiB cost a third of the
            // webhook throughput).
            .page_size(8_192)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: a commit is on disk before `append` returns, so a 2xx is never lost.
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(30))
            // 64 MiB of page cache per connection: the id indexes take random
            // inserts, and a miss costs a read on every append.
            .pragma("cache_size", "-65536");
        let in_memory = url.contains(":memory:");
        let options = if in_memory {
            options
        } else {
            options.pragma(
                "wal_autocheckpoint",
                checkpoint::WRITER_AUTOCHECKPOINT_PAGES.to_string(),
            )
        };
        let location = mirror::location(&options, in_memory);
        let pool = mirror::attached(SqlitePoolOptions::new(), &location)
            // An in-memory database lives in one connection only.
            .max_connections(if in_memory { 1 } else { 4 })
            .min_connections(if in_memory { 1 } else { 0 })
            .idle_timeout(if in_memory {
                None
            } else {
                Some(Duration::from_secs(600))
            })
            .max_lifetime(if in_memory {
                None
            } else {
                Some(Duration::from_secs(3600))
            })
            .connect_with(options.clone())
            .await
            .map_err(StoreError::Open)?;
        sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
        mirror::prepare(&pool).await?;
        // An in-memory database lives in its one connection: the mirror shares it.
        let mirror_writer = if in_memory {
            pool.clone()
        } else {
            mirror::attached(SqlitePoolOptions::new(), &location)
                .max_connections(1)
                .min_connections(0)
                .connect_with(options.clone())
                .await
                .map_err(StoreError::Open)?
        };
        let checkpointer = if in_memory {
            None
        } else {
            Some(
                checkpoint::Checkpointer::start(&options, &location)
                    .await
                    .map_err(StoreError::Open)?,
            )
        };
        Ok(SqliteStore {
            pool,
            mirror_writer,
            checkpointer,
            gate: Arc::new(Mutex::new(())),
            mirror_gate: Arc::new(Mutex::new(())),
        })
    }
}

async fn insert_versions(
    tx: &mut Transaction<'_, Sqlite>,
    versions: &[&ObjectVersion],
) -> Result<(), StoreError> {
    for chunk in versions.chunks(VERSION_ROWS) {
        let mut q = QueryBuilder::<Sqlite>::new(
            "INSERT INTO object_versions (object_type, object_id, event_id, created, rank, customer_id, parent_id, email, fields) ",
        );
        q.push_values(chunk, |mut b, v| {
            b.push_bind(v.object_type.as_str())
                .push_bind(&v.object_id)
                .push_bind(&v.event_id)
                .push_bind(v.created)
                .push_bind(v.rank)
                .push_bind(&v.customer_id)
                .push_bind(&v.parent_id)
                .push_bind(&v.email)
                .push_bind(&v.fields);
        });
        q.push(" ON CONFLICT DO NOTHING");
        q.build().execute(&mut **tx).await?;
    }
    Ok(())
}

async fn insert_audit(
    tx: &mut Transaction<'_, Sqlite>,
    entries: &[NewAudit],
) -> Result<(), StoreError> {
    for e in entries {
        sqlx::query(
            "INSERT INTO audit_log (at, subject, action, outcome, detail) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(e.at_ms)
        .bind(&e.subject)
        .bind(&e.action)
        .bind(&e.outcome)
        .bind(e.detail.to_string())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Inserts a batch into the log (a known id is left as it is); also returns
/// the first sequence number it took, if it inserted anything.
async fn insert_events(
    tx: &mut Transaction<'_, Sqlite>,
    batch: &[NewEvent],
) -> Result<(Vec<Appended>, Option<(i64, i64)>), StoreError> {
    let mut inserted = HashSet::new();
    let mut range: Option<(i64, i64)> = None;
    for chunk in batch.chunks(EVENT_ROWS) {
        let mut q = QueryBuilder::<Sqlite>::new(
            "INSERT INTO events (id, type, created, api_version, livemode, source, received_at, payload) ",
        );
        q.push_values(chunk, |mut b, e| {
            b.push_bind(&e.envelope.id)
                .push_bind(&e.envelope.event_type)
                .push_bind(e.envelope.created)
                .push_bind(&e.envelope.api_version)
                .push_bind(e.envelope.livemode)
                .push_bind(e.source.as_str())
                .push_bind(e.received_at_ms)
                .push_bind(&e.raw);
        });
        q.push(" ON CONFLICT (id) DO NOTHING RETURNING seq, id");
        let rows: Vec<(i64, String)> = q.build_query_as().fetch_all(&mut **tx).await?;
        for (seq, id) in rows {
            range = Some(range.map_or((seq, seq), |(f, l)| (f.min(seq), l.max(seq))));
            inserted.insert(id);
        }
    }
    Ok((outcomes(batch, inserted), range))
}

impl SqliteStore {
    /// Tells the background checkpointer how much a commit added to the log.
    fn committed(&self, batch: &[NewEvent], version_bytes: usize) {
        if let Some(checkpointer) = &self.checkpointer {
            let events: usize = batch.iter().map(|e| e.raw.len()).sum();
            checkpointer.committed((events + version_bytes) as u64);
        }
    }
}

#[async_trait]
impl Store for SqliteStore {
    async fn append(&self, batch: &[NewEvent]) -> Result<Vec<Appended>, StoreError> {
        let gate = self.gate.lock().await;
        let mut tx = self.pool.begin().await?;
        let (outcomes, range) = insert_events(&mut tx, batch).await?;
        tx.commit().await?;
        drop(gate);
        // The log first, then the mirror, in its own file: a crash between
        // leaves the mirror's checkpoint behind, and the next sync derives
        // these events again.
        let versions = new_versions(batch, &outcomes);
        if let Some((first, last)) = range {
            let held = self.mirror_gate.lock().await;
            let mut tx = self.mirror_writer.begin().await?;
            insert_versions(&mut tx, &versions).await?;
            mirror::keep_up(&mut tx, first, last).await?;
            tx.commit().await?;
            drop(held);
        }
        let versions: usize = versions.iter().map(|v| v.fields.len()).sum();
        self.committed(batch, versions);
        Ok(outcomes)
    }

    async fn append_log(&self, batch: &[NewEvent]) -> Result<Vec<Appended>, StoreError> {
        let _gate = self.gate.lock().await;
        let mut tx = self.pool.begin().await?;
        let (outcomes, _) = insert_events(&mut tx, batch).await?;
        tx.commit().await?;
        self.committed(batch, 0);
        Ok(outcomes)
    }

    async fn sync_mirror(&self) -> Result<Option<i64>, StoreError> {
        mirror::sync(
            &self.pool,
            &self.mirror_writer,
            &self.mirror_gate,
            |bytes| {
                if let Some(checkpointer) = &self.checkpointer {
                    checkpointer.committed(bytes);
                }
            },
        )
        .await
        .map(Some)
    }

    async fn event(&self, id: &str) -> Result<Option<StoredEvent>, StoreError> {
        let row = sqlx::query_as::<_, EventRow>(
            "SELECT seq, id, type, created, api_version, livemode, source, received_at, payload FROM events WHERE id = ?",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(EventRow::into_event))
    }

    async fn event_count(&self) -> Result<u64, StoreError> {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM events")
            .fetch_one(&self.pool)
            .await?;
        Ok(n as u64)
    }

    async fn events_after(
        &self,
        after_seq: i64,
        limit: u32,
    ) -> Result<Vec<StoredEvent>, StoreError> {
        let rows = sqlx::query_as::<_, EventRow>(
            "SELECT seq, id, type, created, api_version, livemode, source, received_at, payload FROM events WHERE seq > ? ORDER BY seq LIMIT ?",
        )
        .bind(after_seq)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(EventRow::into_event).collect())
    }

    async fn digest_events(&self, from: i64, to: i64) -> Result<Vec<StoredEvent>, StoreError> {
        let sql = format!(
            "SELECT seq, id, type, created, api_version, livemode, source, received_at, payload FROM events \
             WHERE {} AND created >= ? AND created < ? ORDER BY seq",
            crate::digest_types_sql()
        );
        let rows = sqlx::query_as::<_, EventRow>(&sql)
            .bind(from)
            .bind(to)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(EventRow::into_event).collect())
    }

    async fn event_heads_after(
        &self,
        after_seq: i64,
        limit: u32,
    ) -> Result<Vec<(i64, String, String)>, StoreError> {
        Ok(
            sqlx::query_as("SELECT seq, id, type FROM events WHERE seq > ? ORDER BY seq LIMIT ?")
                .bind(after_seq)
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await?,
        )
    }

    async fn put_versions(&self, versions: &[ObjectVersion]) -> Result<(), StoreError> {
        let _gate = self.mirror_gate.lock().await;
        let mut tx = self.mirror_writer.begin().await?;
        insert_versions(&mut tx, &versions.iter().collect::<Vec<_>>()).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn clear_mirror(&self) -> Result<(), StoreError> {
        let _gate = self.mirror_gate.lock().await;
        let mut tx = self.mirror_writer.begin().await?;
        sqlx::query("DELETE FROM mirror.object_versions")
            .execute(&mut *tx)
            .await?;
        mirror::set_state(&mut tx, crate::MIRROR_CHECKPOINT, "0").await?;
        tx.commit().await?;
        Ok(())
    }

    async fn latest_versions(
        &self,
        filter: &VersionFilter,
        as_of: i64,
    ) -> Result<Vec<ObjectVersion>, StoreError> {
        // `IN ()` is not SQL: an empty list selects nothing.
        if matches!(filter, VersionFilter::Parents(k, p) if k.is_empty() || p.is_empty())
            || matches!(filter, VersionFilter::Ids(ids) if ids.is_empty())
        {
            return Ok(Vec::new());
        }
        let mut q = QueryBuilder::<Sqlite>::new(
            "SELECT object_type, object_id, event_id, created, rank, customer_id, parent_id, email, fields FROM (\
             SELECT v.*, ROW_NUMBER() OVER (PARTITION BY object_type, object_id \
             ORDER BY created DESC, rank DESC, event_id DESC) AS rn FROM object_versions v WHERE created <= ",
        );
        q.push_bind(as_of);
        q.push(" AND (object_type, object_id) IN (SELECT object_type, object_id FROM object_versions WHERE ");
        match filter {
            VersionFilter::Customer(id) => {
                q.push("customer_id = ").push_bind(id);
            }
            VersionFilter::Email(email) => {
                q.push("email = ").push_bind(email.to_lowercase());
            }
            VersionFilter::Parents(kinds, parents) => {
                q.push("object_type IN (");
                let mut kinds_list = q.separated(", ");
                for kind in kinds {
                    kinds_list.push_bind(kind.as_str());
                }
                q.push(") AND parent_id IN (");
                let mut ids = q.separated(", ");
                for parent in parents {
                    ids.push_bind(parent);
                }
                q.push(")");
            }
            VersionFilter::Ids(ids) => {
                q.push("object_id IN (");
                let mut list = q.separated(", ");
                for id in ids {
                    list.push_bind(id);
                }
                q.push(")");
            }
        }
        q.push(")) WHERE rn = 1");
        let rows: Vec<VersionRow> = q.build_query_as().fetch_all(&self.pool).await?;
        rows.into_iter().map(version_from_row).collect()
    }

    async fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        // The mirror's checkpoint lives with the mirror, in its own file.
        let table = if key == crate::MIRROR_CHECKPOINT {
            "mirror.state"
        } else {
            "main.meta"
        };
        let row: Option<(String,)> =
            sqlx::query_as(&format!("SELECT value FROM {table} WHERE key = ?"))
                .bind(key)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(v,)| v))
    }

    async fn set_meta(&self, key: &str, value: &str) -> Result<(), StoreError> {
        if key == crate::MIRROR_CHECKPOINT {
            let _gate = self.mirror_gate.lock().await;
            let mut tx = self.mirror_writer.begin().await?;
            mirror::set_state(&mut tx, key, value).await?;
            tx.commit().await?;
            return Ok(());
        }
        let _gate = self.gate.lock().await;
        sqlx::query("INSERT INTO main.meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            .bind(key)
            .bind(value)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn enqueue(&self, jobs: &[NewJob], now_ms: i64) -> Result<Vec<Enqueued>, StoreError> {
        let _gate = self.gate.lock().await;
        let mut tx = self.pool.begin().await?;
        let mut out = Vec::with_capacity(jobs.len());
        for job in jobs {
            let inserted: Option<(i64,)> = sqlx::query_as(
                "INSERT INTO outbox (key, kind, subject, payload, status, attempts, due_at, created_at, updated_at) \
                 VALUES (?, ?, ?, ?, 'pending', 0, ?, ?, ?) ON CONFLICT (key) DO NOTHING RETURNING id",
            )
            .bind(&job.key)
            .bind(&job.kind)
            .bind(&job.subject)
            .bind(job.payload.to_string())
            .bind(job.due_at_ms)
            .bind(now_ms)
            .bind(now_ms)
            .fetch_optional(&mut *tx)
            .await?;
            let enqueued = match inserted {
                Some((id,)) => Enqueued { id, new: true },
                None => {
                    let (id,): (i64,) = sqlx::query_as("SELECT id FROM outbox WHERE key = ?")
                        .bind(&job.key)
                        .fetch_one(&mut *tx)
                        .await?;
                    Enqueued { id, new: false }
                }
            };
            insert_audit(
                &mut tx,
                &[crate::outbox::enqueue_audit(job, &enqueued, now_ms)],
            )
            .await?;
            out.push(enqueued);
        }
        tx.commit().await?;
        Ok(out)
    }

    async fn claim_jobs(
        &self,
        now_ms: i64,
        lease_ms: i64,
        limit: u32,
    ) -> Result<Vec<Job>, StoreError> {
        let _gate = self.gate.lock().await;
        // SQLite has one writer at a time: the UPDATE is the claim.
        let rows: Vec<JobRow> = sqlx::query_as(&format!(
            "UPDATE outbox SET status = 'running', attempts = attempts + 1, due_at = ?, updated_at = ? \
             WHERE id IN (SELECT id FROM outbox WHERE status IN ('pending', 'running') AND due_at <= ? \
             ORDER BY due_at, id LIMIT ?) RETURNING {JOB_COLUMNS}"
        ))
        .bind(now_ms + lease_ms)
        .bind(now_ms)
        .bind(now_ms)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        let mut jobs = rows
            .into_iter()
            .map(JobRow::into_job)
            .collect::<Result<Vec<_>, _>>()?;
        jobs.sort_by_key(|j| (j.created_at_ms, j.id));
        Ok(jobs)
    }

    async fn finish_job(
        &self,
        job: &Job,
        outcome: &JobOutcome,
        now_ms: i64,
    ) -> Result<bool, StoreError> {
        let _gate = self.gate.lock().await;
        let mut tx = self.pool.begin().await?;
        let due_at = outcome.due_at(now_ms);
        let updated = sqlx::query(
            "UPDATE outbox SET status = ?, due_at = ?, last_error = COALESCE(?, last_error), result = ?, updated_at = ?, \
             attempts = attempts - ? WHERE id = ? AND status = 'running' AND attempts = ?",
        )
        .bind(outcome.status().as_str())
        .bind(due_at)
        .bind(outcome.error())
        .bind(outcome.result_text())
        .bind(now_ms)
        .bind(outcome.refund_attempts())
        .bind(job.id)
        .bind(i64::from(job.attempts))
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if updated == 0 {
            return Ok(false);
        }
        if !matches!(outcome, JobOutcome::Wait { .. }) {
            insert_audit(&mut tx, &[attempt_audit(job, outcome, now_ms)]).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    async fn requeue_job(&self, id: i64, now_ms: i64, by: &str) -> Result<bool, StoreError> {
        let _gate = self.gate.lock().await;
        let mut tx = self.pool.begin().await?;
        let row: Option<(String, String)> = sqlx::query_as(
            "UPDATE outbox SET status = 'pending', attempts = 0, due_at = ?, updated_at = ? \
             WHERE id = ? AND status = 'parked' RETURNING subject, kind",
        )
        .bind(now_ms)
        .bind(now_ms)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((subject, kind)) = row else {
            return Ok(false);
        };
        insert_audit(
            &mut tx,
            &[crate::outbox::requeue_audit(id, subject, kind, by, now_ms)],
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn jobs(&self, status: Option<JobStatus>, limit: u32) -> Result<Vec<Job>, StoreError> {
        let rows: Vec<JobRow> = sqlx::query_as(&format!(
            "SELECT {JOB_COLUMNS} FROM outbox WHERE (? IS NULL OR status = ?) ORDER BY id DESC LIMIT ?"
        ))
        .bind(status.map(JobStatus::as_str))
        .bind(status.map(JobStatus::as_str))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(JobRow::into_job).collect()
    }

    async fn live_jobs_of_kinds(&self, kinds: &[&str], limit: u32) -> Result<Vec<Job>, StoreError> {
        if kinds.is_empty() {
            return Ok(Vec::new());
        }
        let marks = vec!["?"; kinds.len()].join(", ");
        let sql = format!(
            "SELECT {JOB_COLUMNS} FROM outbox WHERE kind IN ({marks}) AND status <> 'parked' ORDER BY id DESC LIMIT ?"
        );
        let mut query = sqlx::query_as::<_, JobRow>(&sql);
        for kind in kinds {
            query = query.bind(*kind);
        }
        let rows = query.bind(i64::from(limit)).fetch_all(&self.pool).await?;
        rows.into_iter().map(JobRow::into_job).collect()
    }

    async fn job_by_key(&self, key: &str) -> Result<Option<Job>, StoreError> {
        let row: Option<JobRow> =
            sqlx::query_as(&format!("SELECT {JOB_COLUMNS} FROM outbox WHERE key = ?"))
                .bind(key)
                .fetch_optional(&self.pool)
                .await?;
        row.map(JobRow::into_job).transpose()
    }

    async fn audit(&self, entries: &[NewAudit]) -> Result<(), StoreError> {
        let _gate = self.gate.lock().await;
        let mut tx = self.pool.begin().await?;
        insert_audit(&mut tx, entries).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn audit_log(
        &self,
        subject: Option<&str>,
        limit: u32,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let rows: Vec<AuditRow> = sqlx::query_as(
            "SELECT id, at, subject, action, outcome, detail FROM (\
             SELECT * FROM audit_log WHERE (? IS NULL OR subject = ?) ORDER BY id DESC LIMIT ?) ORDER BY id",
        )
        .bind(subject)
        .bind(subject)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(AuditRow::into_entry).collect())
    }

    async fn insert_ticket(&self, ticket: &TicketRow) -> Result<bool, StoreError> {
        let _gate = self.gate.lock().await;
        let done = sqlx::query(
            "INSERT INTO tickets (id, status, team, customer, email, created_at, updated_at, version, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
        )
        .bind(&ticket.id)
        .bind(&ticket.status)
        .bind(&ticket.team)
        .bind(&ticket.customer)
        .bind(&ticket.email)
        .bind(ticket.created_at)
        .bind(ticket.updated_at)
        .bind(ticket.version)
        .bind(ticket.doc.to_string())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn update_ticket(&self, ticket: &TicketRow) -> Result<bool, StoreError> {
        let _gate = self.gate.lock().await;
        let done = sqlx::query(
            "UPDATE tickets SET status = ?, team = ?, customer = ?, email = ?, updated_at = ?, \
             version = ?, doc = ? WHERE id = ? AND version = ?",
        )
        .bind(&ticket.status)
        .bind(&ticket.team)
        .bind(&ticket.customer)
        .bind(&ticket.email)
        .bind(ticket.updated_at)
        .bind(ticket.version)
        .bind(ticket.doc.to_string())
        .bind(&ticket.id)
        .bind(ticket.version - 1)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn ticket(&self, id: &str) -> Result<Option<TicketRow>, StoreError> {
        let row: Option<TicketRowSql> = sqlx::query_as(&format!(
            "SELECT {TICKET_COLUMNS} FROM tickets WHERE id = ?"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(TicketRowSql::into_ticket).transpose()
    }

    async fn tickets(&self, filter: &TicketFilter) -> Result<Vec<TicketRow>, StoreError> {
        // Only the conditions the filter sets: `(? IS NULL OR customer = ?)`
        // cannot use an index, and made every playbook event scan all tickets.
        let mut q = QueryBuilder::<Sqlite>::new(format!(
            "SELECT {TICKET_COLUMNS} FROM tickets WHERE 1 = 1"
        ));
        if let Some(status) = &filter.status {
            q.push(" AND status = ").push_bind(status);
        }
        if let Some(customer) = &filter.customer {
            q.push(" AND customer = ").push_bind(customer);
        }
        q.push(" ORDER BY updated_at DESC, id DESC LIMIT ")
            .push_bind(i64::from(filter.limit));
        let rows: Vec<TicketRowSql> = q.build_query_as().fetch_all(&self.pool).await?;
        rows.into_iter().map(TicketRowSql::into_ticket).collect()
    }

    fn backend(&self) -> &'static str {
        "sqlite"
    }
}
