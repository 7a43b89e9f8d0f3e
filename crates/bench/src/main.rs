//! `paydesk-bench`: the load generator behind paydesk's README benchmark.
//!
//! # Layout
//! - `template`: turns one recorded Stripe event into N distinct events.
//! - `prepare`: renders and signs every event before timing starts.
//! - `load`: sends them over C keep-alive HTTP/1.1 connections.
//! - `stats`: per-connection tallies and the final report.
//! - `gen_events`: writes events as JSON lines for the import benchmark, and
//!   signed events for wrk.
//! - `world`: writes a whole shop (events, orders, tickets) for `paydesk simulate`.

mod gen_events;
mod load;
mod prepare;
mod stats;
mod template;
mod world;

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};

use crate::template::{EventTemplate, default_template_path, fresh_run_id};

/// Load generator and data generators for paydesk's benchmarks.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Post N distinct signed Stripe events and report throughput and latency.
    Load(LoadArgs),
    /// Write N distinct events as JSON lines.
    GenEvents(GenArgs),
    /// Write N distinct signed events as `signature<TAB>body` lines, the
    /// input of `scripts/wrk-webhooks.lua` (wrk as the load generator).
    SignEvents(SignArgs),
    /// Write a shop's Stripe events, Shopify orders and support tickets
    /// (events.jsonl, orders.jsonl, tickets.jsonl) for `paydesk simulate`.
    GenWorld(WorldArgs),
}

#[derive(Debug, Args)]
struct WorldArgs {
    /// Buyers to spread the events over [default: events / 25].
    #[arg(long)]
    customers: Option<u64>,
    /// Stripe events to write.
    #[arg(long, default_value_t = 1_000_000)]
    events: u64,
    /// Tickets to write.
    #[arg(long, default_value_t = 100_000)]
    tickets: u64,
    /// Random seed: the same seed writes the same files.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Output folder.
    #[arg(long)]
    out: PathBuf,
}

#[derive(Debug, Args)]
struct SignArgs {
    /// Webhook signing secret (whsec_…), used whole as the HMAC key.
    #[arg(long)]
    secret: String,
    /// Events to write.
    #[arg(short, long, default_value_t = 100_000)]
    n: u64,
    /// Output file.
    #[arg(long)]
    out: PathBuf,
    #[command(flatten)]
    events: EventArgs,
}

/// Which events to make.
#[derive(Debug, Args)]
struct EventArgs {
    /// Event template [default: $PAYDESK_SHARED/data/stripe/events/charge_succeeded.json].
    #[arg(long)]
    template: Option<PathBuf>,
    /// Tag put into every id (`evt_bench_{run}_{i}`) [default: fresh per invocation].
    #[arg(long)]
    run: Option<String>,
}

#[derive(Debug, Args)]
struct LoadArgs {
    /// Webhook endpoint, e.g. http://127.0.0.1:8080/webhooks/stripe.
    #[arg(long)]
    url: String,
    /// Webhook signing secret (whsec_…), used whole as the HMAC key.
    #[arg(long)]
    secret: String,
    /// Timed events to send. All are signed before the run starts, so keep the
    /// run shorter than the server's signature tolerance (Stripe's is 300 s).
    #[arg(short, long, default_value_t = 100_000)]
    n: usize,
    /// Concurrent keep-alive connections.
    #[arg(short, long, default_value_t = 16)]
    c: usize,
    /// Extra distinct events sent before timing starts.
    #[arg(long, default_value_t = 0)]
    warmup: usize,
    /// Runtime worker threads; one is plenty and leaves the cores to the server.
    #[arg(long, default_value_t = 1)]
    threads: usize,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    events: EventArgs,
}

#[derive(Debug, Args)]
struct GenArgs {
    /// Events to write.
    #[arg(short, long, default_value_t = 1_000_000)]
    n: u64,
    /// Output file (JSON lines).
    #[arg(long)]
    out: PathBuf,
    #[command(flatten)]
    events: EventArgs,
}

fn main() -> Result<()> {
    match Cli::parse().command {
        Command::Load(args) => load(args),
        Command::GenEvents(args) => {
            let template = event_template(&args.events, args.n)?;
            gen_events::write_jsonl(&template, args.n, &args.out)
        }
        Command::GenWorld(args) => world::generate(&world::Config {
            customers: args.customers,
            events: args.events,
            tickets: args.tickets,
            seed: args.seed,
            out: args.out,
        }),
        Command::SignEvents(args) => {
            let template = event_template(&args.events, args.n)?;
            let events = prepare::sign_all(
                &template,
                args.n as usize,
                &args.secret,
                prepare::unix_now(),
            )?;
            gen_events::write_signed(&events, &args.out)
        }
    }
}

/// Compiles the template with `created` ending about now for the last of `count` events.
fn event_template(args: &EventArgs, count: u64) -> Result<EventTemplate> {
    let path = args.template.clone().unwrap_or_else(default_template_path);
    let run = args.run.clone().unwrap_or_else(fresh_run_id);
    EventTemplate::load(&path, &run, prepare::unix_now() - count as i64)
}

fn load(args: LoadArgs) -> Result<()> {
    anyhow::ensure!(args.c > 0 && args.n > 0, "-n and -c must be positive");
    let target = load::Target::parse(&args.url)?;
    let total = args.n + args.warmup;
    let template = event_template(&args.events, total as u64)?;
    let events = prepare::sign_all(&template, total, &args.secret, prepare::unix_now())?;
    let runtime = if args.threads <= 1 {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
    } else {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(args.threads)
            .enable_all()
            .build()
    }
    .context("starting the async runtime")?;
    let report = runtime.block_on(load::run(target, events, args.warmup, args.c))?;
    if args.json {
        println!("{}", report.to_json());
    } else {
        print!("{}", report.to_table());
    }
    if let Some((status, body)) = &report.tally.first_failure {
        eprintln!("first non-2xx answer: {status} {body}");
    }
    if let Some(error) = &report.tally.first_error {
        eprintln!("first transport error: {error}");
    }
    Ok(())
}
