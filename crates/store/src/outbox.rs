//! The outbox and the audit log: every output paydesk sends (a refund through
//! Stripe, a reply, a chat post) is first a durable job with an idempotency
//! key, claimed by a worker under a lease, retried with backoff, and parked
//! (never dropped) when it keeps failing; each outcome is an audit entry.
//!
//! A job's life: `pending` (due at `due_at_ms`) → claimed: `running` (the
//! lease ends at `due_at_ms`; a worker that dies leaves it to be claimed
//! again when the lease ends) → `done`, back to `pending` for a retry, or
//! `parked`. The key is unique: enqueueing a job twice is a no-op, so a
//! decision carried out twice still makes one job.

use serde_json::Value;

use crate::StoreError;

/// A job to enqueue.
#[derive(Debug, Clone, PartialEq)]
pub struct NewJob {
    /// Unique; also sent as the provider's idempotency key where it has one.
    pub key: String,
    /// What to do, e.g. `stripe.refund`; the worker dispatches on it.
    pub kind: String,
    /// What the audit log files it under, e.g. `ticket:t-1`.
    pub subject: String,
    /// Everything the worker needs to carry it out.
    pub payload: Value,
    /// Not before this instant (Unix ms).
    pub due_at_ms: i64,
}

/// Where a job is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    /// Waiting for `due_at_ms`.
    Pending,
    /// Claimed by a worker until `due_at_ms`.
    Running,
    /// Carried out.
    Done,
    /// Gave up: failed permanently or used up its attempts. Needs a person.
    Parked,
}

impl JobStatus {
    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Pending => "pending",
            JobStatus::Running => "running",
            JobStatus::Done => "done",
            JobStatus::Parked => "parked",
        }
    }

    /// Reads a stored name.
    pub fn parse(s: &str) -> Option<JobStatus> {
        Some(match s {
            "pending" => JobStatus::Pending,
            "running" => JobStatus::Running,
            "done" => JobStatus::Done,
            "parked" => JobStatus::Parked,
            _ => return None,
        })
    }
}

/// A job as the outbox holds it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Job {
    /// Row id.
    pub id: i64,
    /// The idempotency key.
    pub key: String,
    /// What to do.
    pub kind: String,
    /// Audit subject.
    pub subject: String,
    /// Its input.
    pub payload: Value,
    /// Where it is.
    pub status: JobStatus,
    /// Claims so far (the current one included while running).
    pub attempts: u32,
    /// Pending: next attempt; running: end of the lease (Unix ms).
    pub due_at_ms: i64,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// What the provider answered, once done.
    pub result: Option<Value>,
    /// Enqueued at (Unix ms).
    pub created_at_ms: i64,
    /// Last change (Unix ms).
    pub updated_at_ms: i64,
}

/// Whether `enqueue` stored a job or found its key already there.
#[derive(Debug, Clone, PartialEq)]
pub struct Enqueued {
    /// The job's id (the existing one for a duplicate key).
    pub id: i64,
    /// False when a job with this key already existed.
    pub new: bool,
}

/// How one attempt ended.
#[derive(Debug, Clone, PartialEq)]
pub enum JobOutcome {
    /// Carried out; the provider's answer.
    Done(Value),
    /// Failed for now; try again at `due_at_ms`.
    Retry {
        /// Why.
        error: String,
        /// Next attempt (Unix ms).
        due_at_ms: i64,
    },
    /// Failed for good; a person must look.
    Park(String),
    /// Not ready yet (it waits for other jobs): try again at `due_at_ms`.
    /// The attempt is given back and nothing goes to the audit log.
    Wait {
        /// What it waits for.
        reason: String,
        /// Next look (Unix ms).
        due_at_ms: i64,
    },
}

impl JobOutcome {
    pub(crate) fn status(&self) -> JobStatus {
        match self {
            JobOutcome::Done(_) => JobStatus::Done,
            JobOutcome::Retry { .. } | JobOutcome::Wait { .. } => JobStatus::Pending,
            JobOutcome::Park(_) => JobStatus::Parked,
        }
    }

    /// The next due time it sets, if not now.
    pub(crate) fn due_at(&self, now_ms: i64) -> i64 {
        match self {
            JobOutcome::Retry { due_at_ms, .. } | JobOutcome::Wait { due_at_ms, .. } => *due_at_ms,
            _ => now_ms,
        }
    }

    /// Attempts to give back: a wait was not an attempt.
    pub(crate) fn refund_attempts(&self) -> i64 {
        i64::from(matches!(self, JobOutcome::Wait { .. }))
    }

    pub(crate) fn error(&self) -> Option<&str> {
        match self {
            JobOutcome::Done(_) => None,
            JobOutcome::Retry { error, .. } | JobOutcome::Park(error) => Some(error),
            JobOutcome::Wait { reason, .. } => Some(reason),
        }
    }

    pub(crate) fn result_text(&self) -> Option<String> {
        match self {
            JobOutcome::Done(v) => Some(v.to_string()),
            _ => None,
        }
    }

    /// The audit entry's outcome word.
    pub(crate) fn word(&self) -> &'static str {
        match self {
            JobOutcome::Done(_) => "done",
            JobOutcome::Retry { .. } => "retry",
            JobOutcome::Park(_) => "parked",
            JobOutcome::Wait { .. } => "waiting",
        }
    }
}

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AuditEntry {
    /// Row id, increasing.
    pub id: i64,
    /// When (Unix ms).
    pub at_ms: i64,
    /// What it is about, e.g. `ticket:t-1`, `job:12`.
    pub subject: String,
    /// What was done, e.g. `decision`, `stripe.refund`.
    pub action: String,
    /// How it ended, e.g. `done`, `queued`, `retry`, `parked`, `approved`.
    pub outcome: String,
    /// Details (JSON).
    pub detail: Value,
}

/// An audit entry to add.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAudit {
    /// When (Unix ms).
    pub at_ms: i64,
    /// What it is about.
    pub subject: String,
    /// What was done.
    pub action: String,
    /// How it ended.
    pub outcome: String,
    /// Details (JSON).
    pub detail: Value,
}

/// The row shape shared by both backends' `SELECT`s.
pub(crate) const JOB_COLUMNS: &str = "id, key, kind, subject, payload, status, attempts, due_at, last_error, result, created_at, updated_at";

/// A job row as both backends read it.
#[derive(sqlx::FromRow)]
pub(crate) struct JobRow {
    id: i64,
    key: String,
    kind: String,
    subject: String,
    payload: String,
    status: String,
    attempts: i64,
    due_at: i64,
    last_error: Option<String>,
    result: Option<String>,
    created_at: i64,
    updated_at: i64,
}

impl JobRow {
    pub(crate) fn into_job(self) -> Result<Job, StoreError> {
        let corrupt = |detail: String| StoreError::Corrupt {
            table: "outbox",
            detail,
        };
        let status = JobStatus::parse(&self.status)
            .ok_or_else(|| corrupt(format!("job {}: unknown status {:?}", self.id, self.status)))?;
        let payload = serde_json::from_str(&self.payload)
            .map_err(|e| corrupt(format!("job {}: payload: {e}", self.id)))?;
        let result = match self.result {
            Some(text) => Some(
                serde_json::from_str(&text)
                    .map_err(|e| corrupt(format!("job {}: result: {e}", self.id)))?,
            ),
            None => None,
        };
        Ok(Job {
            id: self.id,
            key: self.key,
            kind: self.kind,
            subject: self.subject,
            payload,
            status,
            attempts: u32::try_from(self.attempts).unwrap_or(u32::MAX),
            due_at_ms: self.due_at,
            last_error: self.last_error,
            result,
            created_at_ms: self.created_at,
            updated_at_ms: self.updated_at,
        })
    }
}

/// An audit row as both backends read it.
#[derive(sqlx::FromRow)]
pub(crate) struct AuditRow {
    id: i64,
    at: i64,
    subject: String,
    action: String,
    outcome: String,
    detail: String,
}

impl AuditRow {
    pub(crate) fn into_entry(self) -> AuditEntry {
        AuditEntry {
            id: self.id,
            at_ms: self.at,
            subject: self.subject,
            action: self.action,
            outcome: self.outcome,
            // Written by us as JSON; a hand-edited row still shows as text.
            detail: serde_json::from_str(&self.detail).unwrap_or(Value::String(self.detail)),
        }
    }
}

/// The audit entry of one job's attempt.
pub(crate) fn attempt_audit(job: &Job, outcome: &JobOutcome, now_ms: i64) -> NewAudit {
    let mut detail = serde_json::json!({
        "job": job.id,
        "key": job.key,
        "attempt": job.attempts,
    });
    match outcome {
        JobOutcome::Done(result) => detail["result"] = result.clone(),
        JobOutcome::Retry { error, due_at_ms } => {
            detail["error"] = Value::String(error.clone());
            detail["retry_at_ms"] = Value::from(*due_at_ms);
        }
        JobOutcome::Park(error) => detail["error"] = Value::String(error.clone()),
        JobOutcome::Wait { reason, .. } => detail["waiting_for"] = Value::String(reason.clone()),
    }
    NewAudit {
        at_ms: now_ms,
        subject: job.subject.clone(),
        action: job.kind.clone(),
        outcome: outcome.word().to_string(),
        detail,
    }
}

/// The audit entry of an `enqueue`.
pub(crate) fn enqueue_audit(job: &NewJob, enqueued: &Enqueued, now_ms: i64) -> NewAudit {
    NewAudit {
        at_ms: now_ms,
        subject: job.subject.clone(),
        action: job.kind.clone(),
        outcome: if enqueued.new {
            "queued"
        } else {
            "already_queued"
        }
        .to_string(),
        detail: serde_json::json!({"job": enqueued.id, "key": job.key, "payload": job.payload}),
    }
}

/// The audit entry of a parked job put back in line.
pub(crate) fn requeue_audit(
    id: i64,
    subject: String,
    kind: String,
    by: &str,
    now_ms: i64,
) -> NewAudit {
    NewAudit {
        at_ms: now_ms,
        subject,
        action: kind,
        outcome: "requeued".to_string(),
        detail: serde_json::json!({"job": id, "by": by}),
    }
}
