//! `paydesk backfill`

use std::path::Path;

use anyhow::bail;
use paydesk_stripe::{Client, RetryPolicy};

/// Backfills from Stripe's Events API.
pub async fn run(config_file: Option<&Path>) -> anyhow::Result<()> {
    let config = super::load_config(config_file)?;
    if config.stripe.api_key.expose().is_empty() {
        bail!(
            "`stripe.api_key` is not set: set PAYDESK_STRIPE_API_KEY to a secret or restricted key that can read events"
        );
    }
    let store = super::open_store(&config).await?;
    let client = Client::new(
        &config.stripe.api_base,
        config.stripe.api_key.expose(),
        RetryPolicy::default(),
    )?;
    let bar = super::progress_bar(None, "{spinner} {msg}");
    let report = paydesk_server::backfill::backfill(store.as_ref(), &client, |r| {
        bar.set_message(format!(
            "{} pages, {} events, {} new",
            r.pages, r.events, r.inserted
        ));
        bar.tick();
    })
    .await;
    bar.finish_and_clear();
    let report = report?;
    println!(
        "backfill: {} pages, {} events received, {} new",
        report.pages, report.events, report.inserted
    );
    Ok(())
}
