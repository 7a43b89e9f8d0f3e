//! The ingest path shared by webhooks, imports and backfill: parse the
//! envelope, derive the object versions, append to the log.
//!
//! Webhooks go through a single writer task that commits whatever requests
//! are waiting as one transaction (group commit): each request waits for its
//! own batch's commit, so nothing is acknowledged before it is durable, and
//! the cost of a durable commit is shared by every request in the batch.
//! The writer appends to the log only (`Store::append_log`) and wakes the
//! mirror's follower ([`crate::mirror`]), which derives the object versions
//! behind it.

use std::sync::Arc;
use std::time::Instant;

use paydesk_domain::{EnvelopeError, parse_event};
use paydesk_store::{Appended, NewEvent, Source, Store};
use tokio::sync::{Notify, mpsc, oneshot};
use tokio::task::JoinHandle;

use crate::metrics::BatchMetrics;

/// Why an accepted event could not be stored.
#[derive(Debug, Clone, thiserror::Error)]
pub enum IngestError {
    /// The store refused the batch; the event is not stored and not acknowledged.
    #[error("the store failed: {0}")]
    Store(String),
    /// The writer is gone (shutting down).
    #[error("paydesk is shutting down")]
    Closed,
}

/// Parses raw bytes as a Stripe event ready to append.
pub fn prepare(
    raw: Vec<u8>,
    source: Source,
    received_at_ms: i64,
) -> Result<NewEvent, EnvelopeError> {
    let (envelope, versions) = parse_event(&raw)?;
    Ok(NewEvent {
        envelope,
        raw,
        source,
        received_at_ms,
        versions,
    })
}

/// The current time in Unix milliseconds.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

struct Job {
    events: Vec<NewEvent>,
    reply: oneshot::Sender<Result<Vec<Appended>, IngestError>>,
}

/// A handle to the writer task. Cloning is cheap; the writer stops when every handle is dropped.
#[derive(Clone)]
pub struct Ingestor {
    tx: mpsc::Sender<Job>,
}

/// What the writer wakes after each commit: the mirror's follower.
pub type Committed = Arc<Notify>;

impl Ingestor {
    /// Starts the writer task over a store.
    pub fn start(
        store: Arc<dyn Store>,
        batch_max: usize,
        committed: Committed,
        metrics: BatchMetrics,
    ) -> (Ingestor, JoinHandle<()>) {
        let (tx, rx) = mpsc::channel(batch_max.max(16) * 4);
        let task = tokio::spawn(writer(store, rx, batch_max, committed, metrics));
        (Ingestor { tx }, task)
    }

    /// Appends events and waits until they are committed.
    pub async fn submit(&self, events: Vec<NewEvent>) -> Result<Vec<Appended>, IngestError> {
        let (reply, done) = oneshot::channel();
        self.tx
            .send(Job { events, reply })
            .await
            .map_err(|_| IngestError::Closed)?;
        done.await.map_err(|_| IngestError::Closed)?
    }
}

async fn writer(
    store: Arc<dyn Store>,
    mut rx: mpsc::Receiver<Job>,
    batch_max: usize,
    committed: Committed,
    metrics: BatchMetrics,
) {
    while let Some(first) = rx.recv().await {
        let mut count = first.events.len();
        let mut jobs = vec![first];
        while count < batch_max {
            match rx.try_recv() {
                Ok(job) => {
                    count += job.events.len();
                    jobs.push(job);
                }
                Err(_) => break,
            }
        }
        let started = Instant::now();
        commit(store.as_ref(), jobs).await;
        metrics.events.observe(count as f64);
        metrics
            .commit_seconds
            .observe(started.elapsed().as_secs_f64());
        committed.notify_one();
    }
}

/// Commits the jobs as one batch; if that fails, each job alone, so that one
/// event the store refuses cannot hold back the others.
async fn commit(store: &dyn Store, jobs: Vec<Job>) {
    let mut batch = Vec::new();
    let mut waiting = Vec::with_capacity(jobs.len());
    for job in jobs {
        waiting.push((job.events.len(), job.reply));
        batch.extend(job.events);
    }
    let results: Vec<Result<Vec<Appended>, IngestError>> = match store.append_log(&batch).await {
        Ok(outcomes) => {
            let mut outcomes = outcomes.into_iter();
            waiting
                .iter()
                .map(|(n, _)| Ok(outcomes.by_ref().take(*n).collect()))
                .collect()
        }
        Err(e) if waiting.len() == 1 => {
            tracing::error!(error = %e, "cannot append events");
            vec![Err(IngestError::Store(e.to_string()))]
        }
        Err(e) => {
            tracing::warn!(error = %e, requests = waiting.len(), "batch failed, committing its requests one by one");
            let mut results = Vec::with_capacity(waiting.len());
            let mut start = 0;
            for (n, _) in &waiting {
                let result = store.append_log(&batch[start..start + n]).await;
                start += n;
                if let Err(e) = &result {
                    tracing::error!(error = %e, "cannot append events");
                }
                results.push(result.map_err(|e| IngestError::Store(e.to_string())));
            }
            results
        }
    };
    for ((_, reply), result) in waiting.into_iter().zip(results) {
        // The requester may have gone (client hung up); the events are stored all the same.
        let _ = reply.send(result);
    }
}
