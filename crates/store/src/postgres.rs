//! The PostgreSQL backend: for several paydesk instances sharing one database.

mod append;

use std::time::Duration;

use async_trait::async_trait;
use paydesk_domain::ObjectVersion;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgPool, Postgres, Transaction};

use crate::model::{EventRow, VersionRow, version_from_row};
use crate::outbox::{AuditRow, JOB_COLUMNS, JobRow, attempt_audit};
use crate::tickets::{Row as TicketRowSql, TICKET_COLUMNS, TicketFilter, TicketRow};
use crate::{
    Appended, AuditEntry, Enqueued, Job, JobOutcome, JobStatus, NewAudit, NewEvent, NewJob, Store,
    StoreError, StoredEvent, VersionFilter,
};

/// The PostgreSQL store.
#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// Connects to `postgres://…` and applies migrations.
    pub async fn open(url: &str) -> Result<PgStore, StoreError> {
        let options: PgConnectOptions = url.parse().map_err(StoreError::Open)?;
        let pool = PgPoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .map_err(StoreError::Open)?;
        sqlx::migrate!("./migrations/postgres").run(&pool).await?;
        Ok(PgStore { pool })
    }

    /// The connection pool, for tests and tools that need plain SQL.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

/// PostgreSQL text cannot hold NUL; Stripe never sends one in an id, but a
/// stray one must not make the store refuse a whole batch. (The raw payload
/// is BYTEA and keeps every byte.)
fn text(s: &str) -> String {
    if s.contains('\0') {
        s.replace('\0', "\u{FFFD}")
    } else {
        s.to_string()
    }
}

fn opt_text(s: &Option<String>) -> Option<String> {
    s.as_deref().map(text)
}

/// Inserts versions with one statement of parallel arrays (UNNEST), whatever the count.
async fn insert_versions(
    tx: &mut Transaction<'_, Postgres>,
    versions: &[&ObjectVersion],
) -> Result<(), StoreError> {
    if versions.is_empty() {
        return Ok(());
    }
    let col = |f: fn(&ObjectVersion) -> String| versions.iter().map(|v| f(v)).collect::<Vec<_>>();
    let opt =
        |f: fn(&ObjectVersion) -> Option<String>| versions.iter().map(|v| f(v)).collect::<Vec<_>>();
    sqlx::query(
        "INSERT INTO object_versions (object_type, object_id, event_id, created, rank, customer_id, parent_id, email, fields) \
         SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::int8[], $5::int8[], $6::text[], $7::text[], $8::text[], $9::text[]) \
         ON CONFLICT DO NOTHING",
    )
    .bind(col(|v| v.object_type.as_str().to_string()))
    .bind(col(|v| text(&v.object_id)))
    .bind(col(|v| text(&v.event_id)))
    .bind(versions.iter().map(|v| v.created).collect::<Vec<_>>())
    .bind(versions.iter().map(|v| v.rank).collect::<Vec<_>>())
    .bind(opt(|v| opt_text(&v.customer_id)))
    .bind(opt(|v| opt_text(&v.parent_id)))
    .bind(opt(|v| opt_text(&v.email)))
    .bind(col(|v| v.fields.clone()))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn insert_audit(
    tx: &mut Transaction<'_, Postgres>,
    entries: &[NewAudit],
) -> Result<(), StoreError> {
    for e in entries {
        sqlx::query(
            "INSERT INTO audit_log (at, subject, action, outcome, detail) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(e.at_ms)
        .bind(text(&e.subject))
        .bind(text(&e.action))
        .bind(text(&e.outcome))
        .bind(text(&e.detail.to_string()))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

#[async_trait]
impl Store for PgStore {
    async fn append(&self, batch: &[NewEvent]) -> Result<Vec<Appended>, StoreError> {
        append::append(&self.pool, batch).await
    }

    async fn event(&self, id: &str) -> Result<Option<StoredEvent>, StoreError> {
        let row = sqlx::query_as::<_, EventRow>(
            "SELECT seq, id, type, created, api_version, livemode, source, received_at, payload FROM events WHERE id = $1",
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
            "SELECT seq, id, type, created, api_version, livemode, source, received_at, payload FROM events WHERE seq > $1 ORDER BY seq LIMIT $2",
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
             WHERE {} AND created >= $1 AND created < $2 ORDER BY seq",
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
            sqlx::query_as("SELECT seq, id, type FROM events WHERE seq > $1 ORDER BY seq LIMIT $2")
                .bind(after_seq)
                .bind(i64::from(limit))
                .fetch_all(&self.pool)
                .await?,
        )
    }

    async fn put_versions(&self, versions: &[ObjectVersion]) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        insert_versions(&mut tx, &versions.iter().collect::<Vec<_>>()).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn clear_mirror(&self) -> Result<(), StoreError> {
        sqlx::query("TRUNCATE object_versions")
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn latest_versions(
        &self,
        filter: &VersionFilter,
        as_of: i64,
    ) -> Result<Vec<ObjectVersion>, StoreError> {
        const LATEST: &str = "SELECT DISTINCT ON (object_type, object_id) \
             object_type, object_id, event_id, created, rank, customer_id, parent_id, email, fields \
             FROM object_versions WHERE created <= $1 AND (object_type, object_id) IN \
             (SELECT object_type, object_id FROM object_versions WHERE ";
        const ORDER: &str = ") ORDER BY object_type, object_id, created DESC, rank DESC, event_id COLLATE \"C\" DESC";
        let query = match filter {
            VersionFilter::Customer(_) => format!("{LATEST}customer_id = $2{ORDER}"),
            VersionFilter::Email(_) => format!("{LATEST}email = $2{ORDER}"),
            VersionFilter::Parents(..) => {
                format!("{LATEST}object_type = ANY($2) AND parent_id = ANY($3){ORDER}")
            }
            VersionFilter::Ids(_) => format!("{LATEST}object_id = ANY($2){ORDER}"),
        };
        let q = sqlx::query_as::<_, VersionRow>(&query).bind(as_of);
        let q = match filter {
            VersionFilter::Customer(id) => q.bind(id.clone()),
            VersionFilter::Email(email) => q.bind(email.to_lowercase()),
            VersionFilter::Parents(kinds, parents) => q
                .bind(kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>())
                .bind(parents.clone()),
            VersionFilter::Ids(ids) => q.bind(ids.clone()),
        };
        let rows = q.fetch_all(&self.pool).await?;
        rows.into_iter().map(version_from_row).collect()
    }

    async fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        let row: Option<(String,)> = sqlx::query_as("SELECT value FROM meta WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|(v,)| v))
    }

    async fn set_meta(&self, key: &str, value: &str) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            .bind(key)
            .bind(value)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn enqueue(&self, jobs: &[NewJob], now_ms: i64) -> Result<Vec<Enqueued>, StoreError> {
        let mut tx = self.pool.begin().await?;
        let mut out = Vec::with_capacity(jobs.len());
        for job in jobs {
            let inserted: Option<(i64,)> = sqlx::query_as(
                "INSERT INTO outbox (key, kind, subject, payload, status, attempts, due_at, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, 'pending', 0, $5, $6, $6) ON CONFLICT (key) DO NOTHING RETURNING id",
            )
            .bind(text(&job.key))
            .bind(text(&job.kind))
            .bind(text(&job.subject))
            .bind(text(&job.payload.to_string()))
            .bind(job.due_at_ms)
            .bind(now_ms)
            .fetch_optional(&mut *tx)
            .await?;
            let enqueued = match inserted {
                Some((id,)) => Enqueued { id, new: true },
                None => {
                    let (id,): (i64,) = sqlx::query_as("SELECT id FROM outbox WHERE key = $1")
                        .bind(text(&job.key))
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
        // SKIP LOCKED: instances claiming at once each get different jobs, none waits.
        let rows: Vec<JobRow> = sqlx::query_as(&format!(
            "UPDATE outbox SET status = 'running', attempts = attempts + 1, due_at = $1, updated_at = $2 \
             WHERE id IN (SELECT id FROM outbox WHERE status IN ('pending', 'running') AND due_at <= $2 \
             ORDER BY due_at, id LIMIT $3 FOR UPDATE SKIP LOCKED) RETURNING {JOB_COLUMNS}"
        ))
        .bind(now_ms + lease_ms)
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
        let mut tx = self.pool.begin().await?;
        let due_at = outcome.due_at(now_ms);
        let updated = sqlx::query(
            "UPDATE outbox SET status = $1, due_at = $2, last_error = COALESCE($3, last_error), result = $4, updated_at = $5, \
             attempts = attempts - $8 WHERE id = $6 AND status = 'running' AND attempts = $7",
        )
        .bind(outcome.status().as_str())
        .bind(due_at)
        .bind(outcome.error().map(text))
        .bind(outcome.result_text().as_deref().map(text))
        .bind(now_ms)
        .bind(job.id)
        .bind(i64::from(job.attempts))
        .bind(outcome.refund_attempts())
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
        let mut tx = self.pool.begin().await?;
        let row: Option<(String, String)> = sqlx::query_as(
            "UPDATE outbox SET status = 'pending', attempts = 0, due_at = $1, updated_at = $1 \
             WHERE id = $2 AND status = 'parked' RETURNING subject, kind",
        )
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
            "SELECT {JOB_COLUMNS} FROM outbox WHERE ($1::text IS NULL OR status = $1) ORDER BY id DESC LIMIT $2"
        ))
        .bind(status.map(JobStatus::as_str))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(JobRow::into_job).collect()
    }

    async fn live_jobs_of_kinds(&self, kinds: &[&str], limit: u32) -> Result<Vec<Job>, StoreError> {
        let kinds: Vec<String> = kinds.iter().map(|k| text(k)).collect();
        let rows: Vec<JobRow> = sqlx::query_as(&format!(
            "SELECT {JOB_COLUMNS} FROM outbox WHERE kind = ANY($1) AND status <> 'parked' ORDER BY id DESC LIMIT $2"
        ))
        .bind(kinds)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(JobRow::into_job).collect()
    }

    async fn job_by_key(&self, key: &str) -> Result<Option<Job>, StoreError> {
        let row: Option<JobRow> =
            sqlx::query_as(&format!("SELECT {JOB_COLUMNS} FROM outbox WHERE key = $1"))
                .bind(text(key))
                .fetch_optional(&self.pool)
                .await?;
        row.map(JobRow::into_job).transpose()
    }

    async fn audit(&self, entries: &[NewAudit]) -> Result<(), StoreError> {
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
             SELECT * FROM audit_log WHERE ($1::text IS NULL OR subject = $1) ORDER BY id DESC LIMIT $2) t ORDER BY id",
        )
        .bind(subject.map(text))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(AuditRow::into_entry).collect())
    }

    async fn insert_ticket(&self, ticket: &TicketRow) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO tickets (id, status, team, customer, email, created_at, updated_at, version, doc) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING",
        )
        .bind(text(&ticket.id))
        .bind(&ticket.status)
        .bind(&ticket.team)
        .bind(&ticket.customer)
        .bind(&ticket.email)
        .bind(ticket.created_at)
        .bind(ticket.updated_at)
        .bind(ticket.version)
        .bind(text(&ticket.doc.to_string()))
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn update_ticket(&self, ticket: &TicketRow) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE tickets SET status = $1, team = $2, customer = $3, email = $4, updated_at = $5, \
             version = $6, doc = $7 WHERE id = $8 AND version = $9",
        )
        .bind(&ticket.status)
        .bind(&ticket.team)
        .bind(&ticket.customer)
        .bind(&ticket.email)
        .bind(ticket.updated_at)
        .bind(ticket.version)
        .bind(text(&ticket.doc.to_string()))
        .bind(text(&ticket.id))
        .bind(ticket.version - 1)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn ticket(&self, id: &str) -> Result<Option<TicketRow>, StoreError> {
        let row: Option<TicketRowSql> = sqlx::query_as(&format!(
            "SELECT {TICKET_COLUMNS} FROM tickets WHERE id = $1"
        ))
        .bind(text(id))
        .fetch_optional(&self.pool)
        .await?;
        row.map(TicketRowSql::into_ticket).transpose()
    }

    async fn tickets(&self, filter: &TicketFilter) -> Result<Vec<TicketRow>, StoreError> {
        // Only the conditions the filter sets, so the planner uses the
        // customer index (a generic plan for `$2 IS NULL OR customer = $2` scans).
        let mut q = sqlx::QueryBuilder::<Postgres>::new(format!(
            "SELECT {TICKET_COLUMNS} FROM tickets WHERE TRUE"
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
        "postgres"
    }
}
