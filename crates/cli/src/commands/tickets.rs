//! `paydesk tickets [--status S] [--limit N] --json`: the tickets paydesk holds.

use std::path::Path;

use paydesk_server::tickets::Ticket;
use paydesk_store::TicketFilter;

/// Arguments of `tickets`.
#[derive(clap::Args)]
pub struct Args {
    /// Only tickets with this status: open, pending, solved or closed.
    #[arg(long, value_parser = ["open", "pending", "solved", "closed"])]
    status: Option<String>,
    /// At most this many, most recently updated first.
    #[arg(long, default_value_t = 10_000)]
    limit: u32,
    /// One JSON object per line: {"id","status","team","customer","subject","created_at","tags","links"}.
    #[arg(long)]
    json: bool,
}

/// Prints the tickets.
pub async fn run(config_file: Option<&Path>, args: Args) -> anyhow::Result<()> {
    let config = super::load_config(config_file)?;
    let store = super::open_store(&config).await?;
    let filter = TicketFilter {
        status: args.status,
        customer: None,
        limit: args.limit,
    };
    for row in store.tickets(&filter).await? {
        let ticket: Ticket = serde_json::from_value(row.doc)
            .map_err(|e| anyhow::anyhow!("ticket {} in the store is unreadable: {e}", row.id))?;
        if args.json {
            println!("{}", ticket.summary());
        } else {
            println!(
                "{:<24} {:<8} {:<9} {:<20} {}",
                ticket.id,
                ticket.status.as_str(),
                ticket.team.as_deref().unwrap_or("-"),
                ticket.customer.as_deref().unwrap_or("-"),
                ticket.subject.as_deref().unwrap_or("")
            );
        }
    }
    Ok(())
}
