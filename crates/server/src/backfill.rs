//! `paydesk backfill`: pages through Stripe's Events List API (newest first,
//! `limit=100`, `starting_after`) until it reaches the newest event of the
//! last completed run, and appends what it finds.
//!
//! Progress is checkpointed in the store after each page, so an interrupted
//! run resumes where it stopped, then does one more pass from the top for
//! the events that arrived in between.

use paydesk_store::{Appended, Source, Store};
use paydesk_stripe::Client;

use crate::ingest::{now_ms, prepare};

/// Newest event id of the last completed run.
const HIGH: &str = "backfill.high_water";
/// Cursor and top of an unfinished run.
const RESUME_AFTER: &str = "backfill.resume_after";
const RUN_TOP: &str = "backfill.run_top";

/// Why a backfill stopped.
#[derive(Debug, thiserror::Error)]
pub enum BackfillError {
    /// Stripe's API failed (after retries).
    #[error("Stripe API: {0}")]
    Api(#[from] paydesk_stripe::ClientError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] paydesk_store::StoreError),
    /// Stripe sent something that is not an event.
    #[error("Stripe's events list held something that is not an event: {0}")]
    BadEvent(String),
}

/// What a backfill did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BackfillReport {
    /// Pages fetched.
    pub pages: u64,
    /// Events received from the API.
    pub events: u64,
    /// Events new to the log.
    pub inserted: u64,
}

/// Runs a backfill to completion; `progress` is called after each page.
pub async fn backfill(
    store: &dyn Store,
    client: &Client,
    mut progress: impl FnMut(&BackfillReport),
) -> Result<BackfillReport, BackfillError> {
    let mut report = BackfillReport::default();
    loop {
        let resumed = store.meta(RESUME_AFTER).await?.filter(|s| !s.is_empty());
        let run_top = store.meta(RUN_TOP).await?.filter(|s| !s.is_empty());
        let high = store.meta(HIGH).await?.filter(|s| !s.is_empty());
        let top = pass(
            store,
            client,
            resumed.clone(),
            run_top,
            high.as_deref(),
            &mut report,
            &mut progress,
        )
        .await?;
        if let Some(top) = top {
            store.set_meta(HIGH, &top).await?;
        }
        store.set_meta(RESUME_AFTER, "").await?;
        store.set_meta(RUN_TOP, "").await?;
        if resumed.is_none() {
            return Ok(report);
        }
    }
}

/// One pass from `cursor` (or the top) down to `stop_at`; returns the newest id seen.
async fn pass(
    store: &dyn Store,
    client: &Client,
    mut cursor: Option<String>,
    mut top: Option<String>,
    stop_at: Option<&str>,
    report: &mut BackfillReport,
    progress: &mut impl FnMut(&BackfillReport),
) -> Result<Option<String>, BackfillError> {
    loop {
        let page = client.list_events(cursor.as_deref()).await?;
        report.pages += 1;
        let mut batch = Vec::with_capacity(page.events.len());
        let mut reached = false;
        for raw in &page.events {
            let event = prepare(raw.get().as_bytes().to_vec(), Source::Backfill, now_ms())
                .map_err(|e| BackfillError::BadEvent(e.to_string()))?;
            if Some(event.envelope.id.as_str()) == stop_at {
                reached = true;
                break;
            }
            batch.push(event);
        }
        if top.is_none() {
            top = batch.first().map(|e| e.envelope.id.clone());
            if let Some(top) = &top {
                store.set_meta(RUN_TOP, top).await?;
            }
        }
        report.events += batch.len() as u64;
        if !batch.is_empty() {
            let outcomes = store.append(&batch).await?;
            report.inserted += outcomes
                .iter()
                .filter(|o| **o == Appended::Inserted)
                .count() as u64;
        }
        progress(report);
        let last = batch.last().map(|e| e.envelope.id.clone());
        match last {
            Some(last) if !reached && page.has_more => {
                store.set_meta(RESUME_AFTER, &last).await?;
                cursor = Some(last);
            }
            _ => return Ok(top),
        }
    }
}
