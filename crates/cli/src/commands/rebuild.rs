//! `paydesk rebuild-mirror`

use std::path::Path;

/// Recreates the mirror from the log.
pub async fn run(config_file: Option<&Path>) -> anyhow::Result<()> {
    let config = super::load_config(config_file)?;
    let store = super::open_store(&config).await?;
    let total = store.event_count().await?;
    let bar = super::progress_bar(
        Some(total),
        "{bar:40} {pos}/{len} events {per_sec} eta {eta}",
    );
    let report = paydesk_store::rebuild::rebuild_mirror(store.as_ref(), 5_000, |r| {
        bar.set_position(r.events)
    })
    .await;
    bar.finish_and_clear();
    let report = report?;
    println!(
        "mirror rebuilt from {} events: {} object versions ({} unreadable events skipped)",
        report.events, report.versions, report.unreadable
    );
    Ok(())
}
