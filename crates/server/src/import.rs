//! `paydesk import-events FILE`: Stripe events as JSONL, through the same
//! parse-and-append path as webhooks (without a signature).
//!
//! Reading and parsing run on a blocking thread while the previous batch is
//! committed, so the two overlap. A malformed line stops the import with its
//! file and line; every line before it is committed, and a rerun skips what
//! is already in the log.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use paydesk_store::{Appended, NewEvent, Source, Store};
use tokio::sync::mpsc;

use crate::ingest::{now_ms, prepare};

/// Lines per transaction.
const BATCH: usize = 2_000;

/// Why an import stopped.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be opened or read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A line is not a Stripe event.
    #[error("{path}:{line}: {reason} (the {committed} events before it are stored)")]
    BadLine {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: u64,
        /// What is wrong with it.
        reason: String,
        /// How many lines before it were committed.
        committed: u64,
    },
    /// The store failed.
    #[error(transparent)]
    Store(#[from] paydesk_store::StoreError),
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Events read.
    pub events: u64,
    /// Events new to the log.
    pub inserted: u64,
    /// Events already in the log.
    pub duplicates: u64,
}

enum Chunk {
    Events(Vec<NewEvent>, u64),
    Bad { line: u64, reason: String },
    Io(std::io::Error),
}

/// Imports a JSONL file of events. `progress(bytes_read)` is called after each batch.
pub async fn import_file(
    store: &dyn Store,
    path: &Path,
    mut progress: impl FnMut(u64),
) -> Result<ImportReport, ImportError> {
    let file = File::open(path).map_err(|source| ImportError::Io {
        path: path.into(),
        source,
    })?;
    let (tx, mut rx) = mpsc::channel(2);
    let reader = tokio::task::spawn_blocking(move || {
        read_batches(BufReader::with_capacity(1 << 20, file), tx)
    });
    let mut report = ImportReport::default();
    while let Some(chunk) = rx.recv().await {
        match chunk {
            Chunk::Events(events, bytes_read) => {
                append(store, &events, &mut report).await?;
                progress(bytes_read);
            }
            Chunk::Bad { line, reason } => {
                let committed = report.events;
                return Err(ImportError::BadLine {
                    path: path.into(),
                    line,
                    reason,
                    committed,
                });
            }
            Chunk::Io(source) => {
                return Err(ImportError::Io {
                    path: path.into(),
                    source,
                });
            }
        }
    }
    let _ = reader.await;
    Ok(report)
}

async fn append(
    store: &dyn Store,
    events: &[NewEvent],
    report: &mut ImportReport,
) -> Result<(), ImportError> {
    if events.is_empty() {
        return Ok(());
    }
    for outcome in store.append(events).await? {
        report.events += 1;
        match outcome {
            Appended::Inserted => report.inserted += 1,
            Appended::Duplicate => report.duplicates += 1,
        }
    }
    Ok(())
}

/// Reads lines into batches of parsed events; a bad line ends the stream
/// after the batch of the good lines before it.
fn read_batches(mut reader: impl BufRead, tx: mpsc::Sender<Chunk>) {
    let mut batch = Vec::with_capacity(BATCH);
    let mut line_no = 0u64;
    let mut bytes_read = 0u64;
    loop {
        let mut line = Vec::new();
        let n = match reader.read_until(b'\n', &mut line) {
            Ok(n) => n,
            Err(e) => {
                let _ = tx.blocking_send(Chunk::Io(e));
                return;
            }
        };
        if n == 0 {
            break;
        }
        line_no += 1;
        bytes_read += n as u64;
        while line.last().is_some_and(|b| b.is_ascii_whitespace()) {
            line.pop();
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match prepare(line, Source::Import, now_ms()) {
            Ok(event) => batch.push(event),
            Err(e) => {
                let _ = tx.blocking_send(Chunk::Events(std::mem::take(&mut batch), bytes_read));
                let _ = tx.blocking_send(Chunk::Bad {
                    line: line_no,
                    reason: e.to_string(),
                });
                return;
            }
        }
        if batch.len() == BATCH
            && tx
                .blocking_send(Chunk::Events(std::mem::take(&mut batch), bytes_read))
                .is_err()
        {
            return;
        }
    }
    let _ = tx.blocking_send(Chunk::Events(batch, bytes_read));
}
