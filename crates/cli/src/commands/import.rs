//! `paydesk import-events FILE`

use std::path::{Path, PathBuf};
use std::time::Instant;

/// Arguments of `import-events`.
#[derive(clap::Args)]
pub struct Args {
    /// JSONL file, one Stripe event per line.
    file: PathBuf,
}

/// Imports the file and prints what it did.
pub async fn run(config_file: Option<&Path>, args: Args) -> anyhow::Result<()> {
    let config = super::load_config(config_file)?;
    let store = super::open_store(&config).await?;
    let size = std::fs::metadata(&args.file).map(|m| m.len()).ok();
    let bar = super::progress_bar(
        size,
        "{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
    );
    let started = Instant::now();
    let report = paydesk_server::import::import_file(store.as_ref(), &args.file, |read| {
        bar.set_position(read)
    })
    .await;
    bar.finish_and_clear();
    let report = report?;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "imported {} events from {} in {:.1}s ({:.0} events/s): {} new, {} already stored",
        report.events,
        args.file.display(),
        secs,
        report.events as f64 / secs.max(1e-9),
        report.inserted,
        report.duplicates
    );
    Ok(())
}
