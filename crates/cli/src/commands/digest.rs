//! `paydesk digest [--day YYYY-MM-DD] [--json] [--post]`: the daily digest
//! from the configured store (what `serve` posts to the chat webhook).

use std::path::Path;

use anyhow::Context;
use chrono::NaiveDate;

/// Arguments of `digest`.
#[derive(clap::Args)]
pub struct Args {
    /// The UTC day; default: yesterday.
    #[arg(long)]
    day: Option<String>,
    /// The figures as one JSON object.
    #[arg(long)]
    json: bool,
    /// Also queue it for `playbooks.chat_webhook_url` (once per day; `serve` sends it).
    #[arg(long)]
    post: bool,
}

/// Prints (and, with `--post`, queues) the digest.
pub async fn run(config_file: Option<&Path>, args: Args) -> anyhow::Result<()> {
    let config = super::load_config(config_file)?;
    let day = match &args.day {
        Some(d) => NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .with_context(|| format!("--day {d}: expected YYYY-MM-DD"))?,
        None => chrono::Utc::now()
            .date_naive()
            .pred_opt()
            .context("no day before today")?,
    };
    let store = super::open_store(&config).await?;
    let digest = paydesk_server::digest::compute(store.as_ref(), day).await?;
    if args.json {
        let mut value = serde_json::to_value(&digest)?;
        value["automation_rate"] = serde_json::json!(digest.automation_rate());
        println!("{value}");
    } else {
        println!("{}", digest.text());
    }
    if args.post {
        let url = config.playbooks.chat_webhook_url.expose();
        anyhow::ensure!(
            !url.is_empty(),
            "--post: playbooks.chat_webhook_url is not set (PAYDESK_PLAYBOOKS_CHAT_WEBHOOK_URL)"
        );
        let now = chrono::Utc::now().timestamp_millis();
        let new = paydesk_server::digest::post(store.as_ref(), url, day, now).await?;
        eprintln!(
            "{}",
            if new {
                "queued for the chat webhook; `paydesk serve` sends it"
            } else {
                "already queued before: not queued again"
            }
        );
    }
    Ok(())
}
