//! `paydesk replay-playbooks --events FILE [--json]`: runs the playbooks over
//! an event stream in a scratch in-memory store and reports what they did
//! against what a one-ticket-per-event integration would have done.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use paydesk_server::playbooks::{PlaybookReport, Playbooks};
use paydesk_server::tickets::{Status, Tickets};
use paydesk_store::TicketFilter;
use serde_json::json;

/// Arguments of `replay-playbooks`.
#[derive(clap::Args)]
pub struct Args {
    /// Stripe events, JSONL (as for import-events).
    #[arg(long)]
    events: PathBuf,
    /// Print the report as one JSON object.
    #[arg(long)]
    json: bool,
}

/// Replays and prints the report.
pub async fn run(config_file: Option<&Path>, args: Args) -> anyhow::Result<()> {
    let config = super::load_config(config_file)?;
    let store = paydesk_store::connect("sqlite::memory:").await?;
    paydesk_server::import::import_file(store.as_ref(), &args.events, |_| {})
        .await
        .with_context(|| format!("importing {}", args.events.display()))?;
    let policy = Arc::new(paydesk_server::load_policy(&config.agent.policy_file)?);
    let tickets = Arc::new(Tickets::new(
        store.clone(),
        policy,
        String::new(),
        Default::default(),
    ));
    let playbooks = Playbooks::new(&config, tickets.clone()).replaying();
    let started = std::time::Instant::now();
    let report = playbooks.catch_up().await?;
    let seconds = started.elapsed().as_secs_f64();
    let all = tickets
        .list(&TicketFilter {
            limit: u32::MAX,
            ..TicketFilter::default()
        })
        .await?;
    let disputes: Vec<_> = all
        .iter()
        .filter(|t| t.tags.iter().any(|g| g == "dispute"))
        .collect();
    let decided = |t: &&&paydesk_server::tickets::Ticket| {
        t.tags.iter().any(|g| {
            matches!(
                g.as_str(),
                "dispute_status:won" | "dispute_status:lost" | "dispute_status:warning_closed"
            )
        })
    };
    let decided_disputes = disputes.iter().filter(decided).count();
    let decided_closed = disputes
        .iter()
        .filter(decided)
        .filter(|t| t.status == Status::Closed)
        .count();
    print_report(
        &report,
        disputes.len(),
        decided_disputes,
        decided_closed,
        seconds,
        args.json,
    );
    Ok(())
}

fn print_report(
    r: &PlaybookReport,
    disputes: usize,
    decided: usize,
    decided_closed: usize,
    seconds: f64,
    json_out: bool,
) {
    let rate = r.events_seen as f64 / seconds.max(1e-9);
    let fewer = if r.naive_tickets == 0 {
        0.0
    } else {
        100.0 * (1.0 - r.tickets_opened as f64 / r.naive_tickets as f64)
    };
    if json_out {
        println!(
            "{}",
            json!({
                "events_seen": r.events_seen, "naive_tickets": r.naive_tickets,
                "tickets_opened": r.tickets_opened, "fewer_tickets_pct": (fewer * 10.0).round() / 10.0,
                "notes_added": r.notes_added, "tickets_closed_by_events": r.tickets_closed,
                "tickets_kept_open": r.tickets_kept_open,
                "chat_posts": r.chat_posts, "customer_emails": r.customer_messages,
                "failed_payment_notes": r.failed_payment_notes, "dispute_tickets": disputes,
                "decided_dispute_tickets": decided, "decided_dispute_tickets_closed": decided_closed,
                "by_rule": r.by_rule, "playbook_seconds": (seconds * 1000.0).round() / 1000.0,
                "events_per_s": rate.round(),
            })
        );
        return;
    }
    println!("events seen                          {:>8}", r.events_seen);
    println!(
        "tickets, one per event (naive)       {:>8}",
        r.naive_tickets
    );
    println!(
        "tickets opened by playbooks          {:>8}  ({fewer:.1}% fewer)",
        r.tickets_opened
    );
    println!("notes on open tickets                {:>8}", r.notes_added);
    println!(
        "failed-payment notes                 {:>8}",
        r.failed_payment_notes
    );
    println!(
        "emails to customers                  {:>8}",
        r.customer_messages
    );
    println!(
        "tickets closed by events             {:>8}",
        r.tickets_closed
    );
    println!(
        "tickets left open for a person       {:>8}",
        r.tickets_kept_open
    );
    println!("dispute tickets                      {:>8}", disputes);
    println!(
        "  of decided disputes, closed        {:>8} of {decided}",
        decided_closed
    );
    println!(
        "playbooks ran in                     {seconds:>8.2} s ({rate:.0} events/s, import excluded)"
    );
    for (rule, n) in &r.by_rule {
        println!("rule {rule:<40} {n:>8} events");
    }
}
