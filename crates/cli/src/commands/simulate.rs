//! `paydesk simulate`: past tickets against the state as of each ticket.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use paydesk_agent::simulate::{self, Inputs};

/// Arguments of `simulate`.
#[derive(clap::Args)]
pub struct Args {
    /// Stripe events, JSONL.
    #[arg(long)]
    events: PathBuf,
    /// Tickets, JSONL.
    #[arg(long)]
    tickets: PathBuf,
    /// Shopify orders, JSONL.
    #[arg(long)]
    orders: Option<PathBuf>,
    /// Knowledge base: a folder of Markdown files.
    #[arg(long)]
    kb: Option<PathBuf>,
    /// Policy, TOML (defaults as in the README).
    #[arg(long)]
    policy: Option<PathBuf>,
    /// Where to write one decision per ticket (JSONL); stdout when absent.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Also write the report's figures as JSON.
    #[arg(long)]
    report_json: Option<PathBuf>,
}

/// Runs the simulation; writes only once every ticket is decided.
pub fn run(args: Args) -> anyhow::Result<()> {
    let inputs = Inputs {
        events: args.events,
        tickets: args.tickets,
        orders: args.orders,
        kb: args.kb,
        policy: args.policy,
    };
    let bar = super::progress_bar(None, "{bar:40} {pos}/{len} tickets {per_sec} eta {eta}");
    let result = simulate::run(&inputs, |done, total| {
        if done == 1 {
            bar.set_length(total as u64);
        }
        if done % 256 == 0 || done == total {
            bar.set_position(done as u64);
        }
    });
    bar.finish_and_clear();
    let (decisions, report) = result?;
    let mut text = String::with_capacity(decisions.len() * 600);
    for d in &decisions {
        text.push_str(&serde_json::to_string(d)?);
        text.push('\n');
    }
    match &args.out {
        Some(path) => write_atomically(path, text.as_bytes())?,
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    if let Some(path) = &args.report_json {
        write_atomically(path, serde_json::to_string_pretty(&report)?.as_bytes())?;
    }
    eprint!("{}", report.render());
    Ok(())
}

/// Writes a file whole or not at all.
fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> anyhow::Result<()> {
    let tmp = path.with_extension("partial");
    std::fs::write(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}
