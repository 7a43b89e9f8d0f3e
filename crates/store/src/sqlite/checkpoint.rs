//! Checkpoints of the write-ahead log, off the writer's path.
//!
//! In WAL mode a commit appends pages to the log; a checkpoint copies them
//! into the database file and syncs it. SQLite runs that checkpoint inside
//! the commit that takes the log past `wal_autocheckpoint` pages, so the one
//! writer (and every webhook waiting on its batch) would stand still while
//! megabytes are read, written and synced. Here a connection of its own
//! checkpoints in the background once enough has been appended, PASSIVE, so
//! it never waits for the writer or readers. The writer keeps a higher
//! autocheckpoint as a backstop: when it fires, the background has already
//! copied nearly everything, and its checkpoint only finishes the rest and
//! lets the log start over. Durability is untouched: a commit is synced to
//! the log before `append` returns, checkpointed or not.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, SqliteConnection};
use tokio::sync::mpsc;

/// Bytes appended between two background checkpoints.
const EVERY_BYTES: u64 = 4 << 20;

/// Pages in the log before the writer checkpoints itself (backstop).
pub(super) const WRITER_AUTOCHECKPOINT_PAGES: u32 = 8_192;

/// A handle to the background checkpointer; it stops when every handle is dropped.
#[derive(Debug, Clone)]
pub(super) struct Checkpointer {
    pending: Arc<AtomicU64>,
    tx: mpsc::Sender<()>,
}

impl Checkpointer {
    /// Opens the checkpointer's own connection (with the mirror at
    /// `mirror` attached: a checkpoint copies both logs) and starts it.
    pub(super) async fn start(
        options: &SqliteConnectOptions,
        mirror: &str,
    ) -> Result<Checkpointer, sqlx::Error> {
        let mut conn = options.connect().await?;
        super::mirror::attach(&mut conn, mirror.to_string()).await?;
        let (tx, rx) = mpsc::channel(1);
        tokio::spawn(run(conn, rx));
        Ok(Checkpointer {
            pending: Arc::new(AtomicU64::new(0)),
            tx,
        })
    }

    /// Counts committed bytes; past [`EVERY_BYTES`], wakes the checkpointer.
    pub(super) fn committed(&self, bytes: u64) {
        let before = self.pending.fetch_add(bytes, Ordering::Relaxed);
        if before + bytes >= EVERY_BYTES {
            self.pending.store(0, Ordering::Relaxed);
            // Full means a checkpoint is already due: it will copy these pages too.
            let _ = self.tx.try_send(());
        }
    }
}

async fn run(mut conn: SqliteConnection, mut rx: mpsc::Receiver<()>) {
    while rx.recv().await.is_some() {
        // No schema named: every attached database, the mirror's too.
        if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
            .execute(&mut conn)
            .await
        {
            tracing::warn!(error = %e, "background WAL checkpoint failed");
        }
    }
    let _ = conn.close().await;
}
