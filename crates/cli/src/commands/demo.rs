//! `paydesk demo`: the bundled sample merchant (examples/merchant, written by
//! us) in an embedded store: its Stripe events are imported, its past tickets
//! replayed against the state as of each ticket, the report printed; then the
//! service runs on that store.

use std::net::SocketAddr;
use std::path::Path;

use anyhow::Context;
use paydesk_agent::simulate::{self, Inputs};
use paydesk_store::Store;

/// The sample merchant's files, embedded so the demo needs nothing beside the binary.
const FILES: &[(&str, &str)] = &[
    (
        "events.jsonl",
        include_str!("../../../../examples/merchant/events.jsonl"),
    ),
    (
        "tickets.jsonl",
        include_str!("../../../../examples/merchant/tickets.jsonl"),
    ),
    (
        "orders.jsonl",
        include_str!("../../../../examples/merchant/orders.jsonl"),
    ),
    (
        "policy.toml",
        include_str!("../../../../examples/merchant/policy.toml"),
    ),
    (
        "kb/payments.md",
        include_str!("../../../../examples/merchant/kb/payments.md"),
    ),
    (
        "kb/refunds.md",
        include_str!("../../../../examples/merchant/kb/refunds.md"),
    ),
    (
        "kb/shipping.md",
        include_str!("../../../../examples/merchant/kb/shipping.md"),
    ),
    (
        "kb/subscriptions.md",
        include_str!("../../../../examples/merchant/kb/subscriptions.md"),
    ),
];

/// Arguments of `demo`.
#[derive(clap::Args)]
pub struct Args {
    /// The embedded store to fill.
    #[arg(long, default_value = "sqlite://paydesk-demo.db")]
    database_url: String,
    /// Where to serve the API afterwards.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Where to write the decisions (JSONL).
    #[arg(long, default_value = "paydesk-demo-decisions.jsonl")]
    out: std::path::PathBuf,
    /// Where to write the report (JSON), for the web UI.
    #[arg(long, default_value = "paydesk-demo-report.json")]
    report_json: std::path::PathBuf,
    /// Print the report and exit without serving.
    #[arg(long)]
    no_serve: bool,
}

/// Loads the sample merchant, simulates its tickets, prints the report, then serves until Ctrl-C.
pub async fn run(args: Args) -> anyhow::Result<()> {
    let dir = tempfile::tempdir().context("creating a temporary folder")?;
    std::fs::create_dir_all(dir.path().join("kb")).context("creating the kb folder")?;
    for (name, text) in FILES {
        std::fs::write(dir.path().join(name), text).with_context(|| format!("writing {name}"))?;
    }
    let store = paydesk_store::connect(&args.database_url).await?;
    // The same import path as `paydesk import-events`.
    let events_file = dir.path().join("events.jsonl");
    let imported =
        paydesk_server::import::import_file(store.as_ref(), &events_file, |_| {}).await?;
    let (events, new) = (imported.events, imported.inserted);
    println!(
        "paydesk demo — the sample merchant (examples/merchant) in {}",
        args.database_url
    );
    println!("{events} Stripe events in the log ({new} new)\n");
    let inputs = inputs(dir.path());
    let (decisions, report) =
        tokio::task::spawn_blocking(move || simulate::run(&inputs, |_, _| {})).await??;
    let mut text = String::new();
    for d in &decisions {
        text.push_str(&serde_json::to_string(d)?);
        text.push('\n');
    }
    std::fs::write(&args.out, text).with_context(|| format!("writing {}", args.out.display()))?;
    std::fs::write(&args.report_json, serde_json::to_string_pretty(&report)?)
        .with_context(|| format!("writing {}", args.report_json.display()))?;
    print!("{}", report.render());
    println!(
        "\nEvery decision, with its reply and reasons: {}",
        args.out.display()
    );
    if let Some(d) = decisions
        .iter()
        .find(|d| d.language == "de" && !d.actions.is_empty())
    {
        println!(
            "\nFor example {} ({}, {}):\n{}",
            d.ticket_id,
            d.intent,
            d.reasons.join("; "),
            d.reply
        );
    }
    if args.no_serve {
        return Ok(());
    }
    serve(args, store, &dir.path().join("kb")).await
}

fn inputs(dir: &Path) -> Inputs {
    Inputs {
        events: dir.join("events.jsonl"),
        tickets: dir.join("tickets.jsonl"),
        orders: Some(dir.join("orders.jsonl")),
        kb: Some(dir.join("kb")),
        policy: Some(dir.join("policy.toml")),
    }
}

async fn serve(args: Args, store: std::sync::Arc<dyn Store>, kb: &Path) -> anyhow::Result<()> {
    let mut config = paydesk_server::Config::load(None)?;
    config.listen = args.listen;
    config.ui.simulation_decisions = absolute(&args.out)?;
    config.ui.simulation_report = absolute(&args.report_json)?;
    if config.agent.kb_dir.is_empty() {
        config.agent.kb_dir = kb.display().to_string();
    }
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| {
            format!(
                "cannot listen on {} (use --listen or --no-serve)",
                args.listen
            )
        })?;
    println!(
        "\nServing on http://{} (Ctrl-C to stop): open it in a browser for the report, every decision and a customer's payments. Or try:",
        args.listen
    );
    println!(
        "  curl http://{}/api/customers/jonas.becker@example.de",
        args.listen
    );
    println!("  curl http://{}/metrics", args.listen);
    paydesk_server::run_with_store(config, store, listener, super::shutdown_signal()).await?;
    Ok(())
}

/// The path as the server will find it whatever its working folder.
fn absolute(path: &Path) -> anyhow::Result<String> {
    let path =
        std::path::absolute(path).with_context(|| format!("resolving {}", path.display()))?;
    Ok(path.display().to_string())
}
