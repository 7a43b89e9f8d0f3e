//! The outbox worker: claims due jobs, carries each out, and records how it
//! ended. Several workers (threads or `paydesk serve` instances sharing
//! PostgreSQL) may run at once: a claim is a lease, so each job has one
//! worker at a time, and a worker that dies leaves its jobs to be taken over
//! when their leases end.
//!
//! Every job that touches money or a customer carries its idempotency key to
//! the provider (Stripe's `Idempotency-Key`, the chat webhook's
//! `Idempotency-Key` header), so a job carried out twice — a retry after a
//! lost answer, a takeover after a crash between sending and recording — has
//! the effect of once.
//!
//! Kinds:
//! - `stripe.refund` `{charge, amount, currency, reason?, metadata?}`
//! - `stripe.cancel_subscription` `{subscription, at_period_end}`
//! - `stripe.portal_session` `{customer, return_url?}` → result `{url}`
//! - `chat.post` `{url, text}`: a Slack-compatible incoming webhook.
//! - `ticket.reply` `{ticket, …}`: delivered by the ticket module through [`Deliver`].

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use paydesk_store::{Job, JobOutcome, Store, StoreError};
use paydesk_stripe::{CancelMode, Client, ClientError, RefundRequest};
use serde_json::{Value, json};
use tokio::sync::Notify;

use crate::config::OutboxConfig;

/// Jobs claimed at once by one worker.
const CLAIM_BATCH: u32 = 16;

/// How an attempt failed.
#[derive(Debug)]
pub enum Failure {
    /// May work later (network, 429, 5xx).
    Transient(String),
    /// Will not work as it is (a refusal, a malformed job): park it.
    Permanent(String),
    /// Not yet: something it waits for is not done (no attempt is used up).
    NotYet(String),
}

impl From<ClientError> for Failure {
    fn from(e: ClientError) -> Self {
        if e.is_transient() {
            Failure::Transient(e.to_string())
        } else {
            Failure::Permanent(e.to_string())
        }
    }
}

/// Carries out the job kinds another module owns (e.g. `ticket.reply`).
#[async_trait]
pub trait Deliver: Send + Sync {
    /// Whether this deliverer handles `kind`.
    fn handles(&self, kind: &str) -> bool;
    /// Carries the job out; the result is recorded on the job.
    async fn deliver(&self, job: &Job) -> Result<Value, Failure>;
}

/// What the worker needs to carry jobs out.
pub struct Executor {
    store: Arc<dyn Store>,
    stripe: Option<Client>,
    http: reqwest::Client,
    config: OutboxConfig,
    others: Vec<Arc<dyn Deliver>>,
    wake: Arc<Notify>,
}

impl Executor {
    /// `stripe` is `None` when no API key is configured: Stripe jobs then
    /// wait (retried, then parked) rather than being dropped.
    pub fn new(store: Arc<dyn Store>, stripe: Option<Client>, config: OutboxConfig) -> Self {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_millis(config.http_timeout_ms))
            .user_agent(concat!("paydesk/", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("the HTTP client builds with rustls");
        Self {
            store,
            stripe,
            http,
            config,
            others: Vec::new(),
            wake: Arc::new(Notify::new()),
        }
    }

    /// Adds a deliverer for kinds this module does not know.
    pub fn with(mut self, deliver: Arc<dyn Deliver>) -> Self {
        self.others.push(deliver);
        self
    }

    /// Notified after an enqueue, so a job starts without waiting for the next poll.
    pub fn waker(&self) -> Arc<Notify> {
        self.wake.clone()
    }

    /// Claims and carries out the jobs due at `now_ms`; returns how many it handled.
    pub async fn run_once(&self, now_ms: i64) -> Result<usize, StoreError> {
        let lease_ms = (self.config.lease_secs * 1000) as i64;
        let jobs = self.store.claim_jobs(now_ms, lease_ms, CLAIM_BATCH).await?;
        for job in &jobs {
            let outcome = if job.attempts > self.config.max_attempts {
                // Claimed again and again without finishing: its workers die on it.
                JobOutcome::Park(format!(
                    "taken over after {} unfinished attempts; last error: {}",
                    job.attempts - 1,
                    job.last_error.as_deref().unwrap_or("none")
                ))
            } else {
                match self.execute(job).await {
                    Ok(result) => JobOutcome::Done(result),
                    Err(failure) => self.after_failure(job, failure, now_ms),
                }
            };
            match &outcome {
                JobOutcome::Done(_) => tracing::info!(job = job.id, kind = %job.kind, "job done"),
                JobOutcome::Retry { error, .. } => {
                    tracing::warn!(job = job.id, kind = %job.kind, attempt = job.attempts, %error, "job failed; will retry")
                }
                JobOutcome::Park(error) => {
                    tracing::error!(job = job.id, kind = %job.kind, %error, "job parked: a person must look")
                }
                JobOutcome::Wait { .. } => {}
            }
            let finished_at = crate::ingest::now_ms().max(now_ms);
            if !self.store.finish_job(job, &outcome, finished_at).await? {
                tracing::warn!(
                    job = job.id,
                    "lease lost before finishing; another worker has the job"
                );
            }
        }
        Ok(jobs.len())
    }

    fn after_failure(&self, job: &Job, failure: Failure, now_ms: i64) -> JobOutcome {
        match failure {
            Failure::Permanent(error) => JobOutcome::Park(error),
            Failure::Transient(error) if job.attempts >= self.config.max_attempts => {
                JobOutcome::Park(format!("gave up after {} attempts: {error}", job.attempts))
            }
            Failure::Transient(error) => JobOutcome::Retry {
                error,
                due_at_ms: now_ms + self.backoff_ms(job.attempts),
            },
            // Waiting is not failing: the attempt is given back.
            Failure::NotYet(reason) => JobOutcome::Wait {
                reason,
                due_at_ms: now_ms + self.config.poll_interval_ms as i64,
            },
        }
    }

    /// The wait after attempt `attempt` (1-based) failed.
    fn backoff_ms(&self, attempt: u32) -> i64 {
        let exp = attempt.saturating_sub(1).min(30);
        let wait = self.config.retry_base_ms.saturating_mul(1u64 << exp);
        wait.min(self.config.retry_max_ms) as i64
    }

    async fn execute(&self, job: &Job) -> Result<Value, Failure> {
        let p = &job.payload;
        match job.kind.as_str() {
            "stripe.refund" => {
                let refund = RefundRequest {
                    charge: text(p, "charge")?,
                    amount: p["amount"].as_i64().ok_or_else(|| malformed("amount"))?,
                    reason: p["reason"].as_str().map(str::to_owned),
                    metadata: metadata(p),
                };
                let answer = self.stripe()?.create_refund(&refund, &job.key).await?;
                Ok(
                    json!({"refund": answer["id"], "status": answer["status"], "amount": answer["amount"]}),
                )
            }
            "stripe.cancel_subscription" => {
                let mode = if p["at_period_end"].as_bool().unwrap_or(false) {
                    CancelMode::AtPeriodEnd
                } else {
                    CancelMode::Immediately
                };
                let subscription = text(p, "subscription")?;
                let answer = self
                    .stripe()?
                    .cancel_subscription(&subscription, mode, &job.key)
                    .await?;
                Ok(json!({
                    "subscription": answer["id"], "status": answer["status"],
                    "cancel_at_period_end": answer["cancel_at_period_end"],
                }))
            }
            "stripe.portal_session" => {
                let customer = text(p, "customer")?;
                let return_url = p["return_url"].as_str().filter(|u| !u.is_empty());
                let answer = self
                    .stripe()?
                    .create_portal_session(&customer, return_url, &job.key)
                    .await?;
                Ok(json!({"session": answer["id"], "url": answer["url"]}))
            }
            "chat.post" => self.post_chat(job).await,
            kind => match self.others.iter().find(|d| d.handles(kind)) {
                Some(deliver) => deliver.deliver(job).await,
                None => Err(Failure::Permanent(format!("unknown job kind {kind:?}"))),
            },
        }
    }

    fn stripe(&self) -> Result<&Client, Failure> {
        self.stripe.as_ref().ok_or_else(|| {
            Failure::Transient(
                "no Stripe API key configured (stripe.api_key / PAYDESK_STRIPE_API_KEY)".into(),
            )
        })
    }

    /// Posts `{"text": …}` to a Slack-compatible incoming webhook.
    async fn post_chat(&self, job: &Job) -> Result<Value, Failure> {
        let url = text(&job.payload, "url")?;
        let body = json!({"text": text(&job.payload, "text")?});
        let response = self
            .http
            .post(&url)
            .header("Idempotency-Key", &job.key)
            .json(&body)
            .send()
            .await
            // The URL holds the webhook's secret: say where without it.
            .map_err(|e| Failure::Transient(format!("chat webhook: {}", e.without_url())))?;
        let status = response.status();
        if status.is_success() {
            return Ok(json!({"status": status.as_u16()}));
        }
        let error = format!("chat webhook answered {status}");
        if status.as_u16() == 429 || status.is_server_error() {
            Err(Failure::Transient(error))
        } else {
            Err(Failure::Permanent(error))
        }
    }
}

fn malformed(field: &str) -> Failure {
    Failure::Permanent(format!(
        "malformed job: `{field}` is missing or of the wrong type"
    ))
}

fn text(payload: &Value, field: &str) -> Result<String, Failure> {
    payload[field]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| malformed(field))
}

fn metadata(payload: &Value) -> Vec<(String, String)> {
    payload["metadata"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        v.as_str().map_or_else(|| v.to_string(), str::to_owned),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Runs the worker until `shutdown` resolves: works while jobs are due,
/// then sleeps until the poll interval passes or an enqueue wakes it.
pub async fn run_worker(executor: Arc<Executor>, shutdown: impl std::future::Future<Output = ()>) {
    let poll = Duration::from_millis(executor.config.poll_interval_ms);
    let wake = executor.waker();
    tokio::pin!(shutdown);
    loop {
        let handled = match executor.run_once(crate::ingest::now_ms()).await {
            Ok(n) => n,
            Err(e) => {
                tracing::error!(error = %e, "outbox: cannot claim or record jobs");
                0
            }
        };
        if handled > 0 {
            continue;
        }
        tokio::select! {
            _ = &mut shutdown => return,
            _ = wake.notified() => {}
            _ = tokio::time::sleep(poll) => {}
        }
    }
}
