//! Recreates the mirror from the event log.

use paydesk_domain::{EventEnvelope, versions_of_event};

use crate::{MIRROR_CHECKPOINT, Store, StoreError};

/// What a rebuild did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RebuildReport {
    /// Events read from the log.
    pub events: u64,
    /// Object versions written to the mirror.
    pub versions: u64,
    /// Events whose payload no longer parses (kept in the log, skipped here).
    pub unreadable: u64,
}

/// Empties the mirror and derives it again from every event of the log, in
/// pages of `page` events; `progress` is called after each page.
pub async fn rebuild_mirror(
    store: &dyn Store,
    page: u32,
    mut progress: impl FnMut(&RebuildReport),
) -> Result<RebuildReport, StoreError> {
    store.clear_mirror().await?;
    let mut report = RebuildReport::default();
    let mut after = 0;
    loop {
        let events = store.events_after(after, page).await?;
        let Some(last) = events.last() else { break };
        after = last.seq;
        let mut versions = Vec::new();
        for event in &events {
            report.events += 1;
            match EventEnvelope::parse(&event.raw) {
                Ok((envelope, value)) => versions.extend(versions_of_event(&envelope, &value)),
                Err(_) => report.unreadable += 1,
            }
        }
        report.versions += versions.len() as u64;
        store.put_versions(&versions).await?;
        store
            .set_meta(MIRROR_CHECKPOINT, &after.to_string())
            .await?;
        progress(&report);
    }
    Ok(report)
}
