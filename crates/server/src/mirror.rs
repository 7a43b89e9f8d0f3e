//! The mirror's follower: keeps the mirror up with the log while webhooks
//! arrive. The webhook writer appends to the log only and wakes this task
//! after each commit; it derives the new events' object versions in pages
//! (`Store::sync_mirror`), off the path of any webhook. Readers of the
//! mirror (the customer API, the playbooks) sync before they read, so they
//! never see a mirror behind an event that was acknowledged before they
//! asked. On a backend that writes the mirror with the log, this does nothing.

use std::sync::Arc;
use std::time::Duration;

use paydesk_store::Store;
use prometheus_client::metrics::gauge::Gauge;
use tokio::sync::Notify;

/// Also sync this often when nothing woke the task (after a failure, say).
const IDLE: Duration = Duration::from_secs(1);

/// Follows the log until `shutdown`, then syncs once more: a clean stop
/// leaves the mirror complete. `synced` shows the checkpoint reached
/// (`paydesk_mirror_synced_seq`).
pub async fn run(
    store: Arc<dyn Store>,
    committed: Arc<Notify>,
    synced: Gauge,
    shutdown: impl std::future::Future<Output = ()>,
) {
    tokio::pin!(shutdown);
    loop {
        sync(store.as_ref(), &synced).await;
        tokio::select! {
            _ = &mut shutdown => break,
            _ = committed.notified() => {}
            _ = tokio::time::sleep(IDLE) => {}
        }
    }
    sync(store.as_ref(), &synced).await;
}

async fn sync(store: &dyn Store, synced: &Gauge) {
    match store.sync_mirror().await {
        Ok(Some(seq)) => {
            synced.set(seq);
        }
        Ok(None) => {}
        Err(e) => {
            tracing::error!(error = %e, "mirror: cannot derive object versions from the log; will retry");
        }
    }
}
