//! `paydesk customer EMAIL_OR_ID [--as-of T] --json`

use std::path::Path;

use anyhow::{anyhow, bail};

/// Arguments of `customer`.
#[derive(clap::Args)]
pub struct Args {
    /// The customer's email or Stripe id (cus_…).
    email_or_id: String,
    /// Show the state as of this instant (RFC 3339, e.g. 2026-03-02T10:15:00Z).
    #[arg(long)]
    as_of: Option<String>,
    /// Print JSON (the same as GET /api/customers/{email_or_id}).
    #[arg(long)]
    json: bool,
}

/// Prints the customer's payment history.
pub async fn run(config_file: Option<&Path>, args: Args) -> anyhow::Result<()> {
    let as_of = match &args.as_of {
        Some(t) => paydesk_server::routes::customers::parse_instant(t)
            .map_err(|e| anyhow!("--as-of: {e}"))?,
        None => i64::MAX,
    };
    let config = super::load_config(config_file)?;
    let store = super::open_store(&config).await?;
    // A server stopped hard may have left its last events unmirrored.
    store.sync_mirror().await?;
    let Some(history) =
        paydesk_store::history::customer_history(store.as_ref(), &args.email_or_id, as_of).await?
    else {
        bail!(
            "no customer with email or id `{}` in the mirror",
            args.email_or_id
        );
    };
    if args.json {
        println!("{}", serde_json::to_string(&history)?);
    } else {
        println!("{}", serde_json::to_string_pretty(&history)?);
    }
    Ok(())
}
