//! `paydesk demo`: the bundled sample merchant in an embedded store, a
//! summary of what paydesk holds about each customer, then the service.

use std::collections::BTreeMap;
use std::net::SocketAddr;

use anyhow::Context;
use paydesk_domain::CustomerHistory;
use paydesk_server::ingest::{now_ms, prepare};
use paydesk_store::{Appended, Source, Store};

/// The sample merchant's Stripe events (`examples/demo/events.jsonl`, written by us).
const EVENTS: &str = include_str!("../../../../examples/demo/events.jsonl");

/// The sample customers, one per language.
const CUSTOMERS: &[&str] = &[
    "anna.weber@example.de",
    "carlos.ruiz@example.es",
    "lea.martin@example.fr",
    "wei.zhang@example.cn",
    "john.miller@example.com",
    "sam.taylor@example.co.uk",
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
    /// Print the summary and exit without serving.
    #[arg(long)]
    no_serve: bool,
}

/// Loads the sample merchant, prints the summary, then serves until Ctrl-C.
pub async fn run(args: Args) -> anyhow::Result<()> {
    let store = paydesk_store::connect(&args.database_url).await?;
    let mut batch = Vec::new();
    for (i, line) in EVENTS.lines().enumerate() {
        let event = prepare(line.as_bytes().to_vec(), Source::Import, now_ms())
            .with_context(|| format!("examples/demo/events.jsonl:{}", i + 1))?;
        batch.push(event);
    }
    let mut by_type: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &batch {
        *by_type.entry(e.envelope.event_type.as_str()).or_default() += 1;
    }
    let outcomes = store.append(&batch).await?;
    let new = outcomes
        .iter()
        .filter(|o| **o == Appended::Inserted)
        .count();
    println!("paydesk demo — sample merchant in {}", args.database_url);
    println!(
        "\n{} Stripe events ({new} new, {} already stored):",
        batch.len(),
        batch.len() - new
    );
    for (event_type, n) in &by_type {
        println!("  {n:>3}  {event_type}");
    }
    println!("\nWhat paydesk knows about each customer (paydesk customer EMAIL --json):");
    for email in CUSTOMERS {
        if let Some(h) =
            paydesk_store::history::customer_history(store.as_ref(), email, i64::MAX).await?
        {
            println!("  {}", summary(email, &h));
        }
    }
    if args.no_serve {
        return Ok(());
    }
    serve(args, store).await
}

fn summary(email: &str, h: &CustomerHistory) -> String {
    let money = |minor: i64, cur: &str| {
        format!("{}.{:02} {}", minor / 100, minor % 100, cur.to_uppercase())
    };
    let mut parts = vec![format!("{} charge(s)", h.charges.len())];
    for c in h.charges.iter().filter(|c| c.amount_refunded > 0) {
        parts.push(format!(
            "{} refunded on {}",
            money(c.amount_refunded, &c.currency),
            c.id
        ));
    }
    for d in &h.disputes {
        parts.push(format!("dispute {} {}", d.id, d.status));
    }
    for s in &h.subscriptions {
        parts.push(format!(
            "subscription {}{}",
            s.status,
            if s.cancel_at_period_end {
                " (cancels at period end)"
            } else {
                ""
            }
        ));
    }
    for i in h.invoices.iter().filter(|i| i.status == "open") {
        parts.push(format!(
            "open invoice {} after {} attempt(s)",
            money(i.amount_due, &i.currency),
            i.attempt_count
        ));
    }
    let who = h.customer.id.as_deref().unwrap_or("guest");
    format!("{email:<26} {who:<17} {}", parts.join(", "))
}

async fn serve(args: Args, store: std::sync::Arc<dyn Store>) -> anyhow::Result<()> {
    let mut config = paydesk_server::Config::load(None)?;
    config.listen = args.listen;
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| {
            format!(
                "cannot listen on {} (use --listen or --no-serve)",
                args.listen
            )
        })?;
    println!("\nServing on http://{} (Ctrl-C to stop). Try:", args.listen);
    println!(
        "  curl http://{}/api/customers/anna.weber@example.de",
        args.listen
    );
    println!(
        "  curl 'http://{}/api/customers/cus_demo_wei?as_of=2026-03-08T00:00:00Z'",
        args.listen
    );
    println!("  curl http://{}/metrics", args.listen);
    paydesk_server::run_with_store(config, store, listener, super::shutdown_signal()).await?;
    Ok(())
}
