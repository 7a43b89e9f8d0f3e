//! The `paydesk` command. It only parses arguments and calls the library;
//! each subcommand lives in its own file under `commands/`.

mod commands;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// paydesk: Stripe payment support, on your own machine.
#[derive(Parser)]
#[command(name = "paydesk", version, about)]
struct Cli {
    /// Configuration file (TOML); environment variables override it.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the HTTP service (webhooks, API, metrics).
    Serve,
    /// Run on the bundled sample merchant with an embedded store.
    Demo(commands::demo::Args),
    /// Ingest Stripe events from a JSONL file, as webhooks would.
    ImportEvents(commands::import::Args),
    /// Fetch missed events from Stripe's Events API.
    Backfill,
    /// Recreate the mirror of payment objects from the event log.
    RebuildMirror,
    /// Show one customer's payment history.
    Customer(commands::customer::Args),
    /// Replay past tickets against the payment state as of each ticket.
    Simulate(commands::simulate::Args),
    /// Language and intent of messages: JSONL {"id","text"} on stdin.
    Classify,
    /// List the tickets paydesk holds.
    Tickets(commands::tickets::Args),
    /// Run the payment-event playbooks over an event file (scratch store) and report.
    ReplayPlaybooks(commands::playbooks::Args),
    /// One day's digest (subscriptions, refunds, disputes, failed payments, automation rate).
    Digest(commands::digest::Args),
    /// Print the default configuration, with a comment on every key.
    Config,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let quiet = !matches!(cli.command, Command::Serve | Command::Demo(_));
    commands::init_logging(quiet);
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Serve => commands::serve::run(cli.config.as_deref()).await,
            Command::Demo(args) => {
                let _llm = commands::llm::lend(cli.config.as_deref())?;
                commands::demo::run(args).await
            }
            Command::ImportEvents(args) => commands::import::run(cli.config.as_deref(), args).await,
            Command::Backfill => commands::backfill::run(cli.config.as_deref()).await,
            Command::RebuildMirror => commands::rebuild::run(cli.config.as_deref()).await,
            Command::Customer(args) => commands::customer::run(cli.config.as_deref(), args).await,
            Command::Simulate(args) => {
                let _llm = commands::llm::lend(cli.config.as_deref())?;
                commands::simulate::run(args)
            }
            Command::Classify => commands::classify::run(),
            Command::Tickets(args) => commands::tickets::run(cli.config.as_deref(), args).await,
            Command::Digest(args) => commands::digest::run(cli.config.as_deref(), args).await,
            Command::ReplayPlaybooks(args) => {
                commands::playbooks::run(cli.config.as_deref(), args).await
            }
            Command::Config => {
                print!("{}", paydesk_server::config::DEFAULT_TOML);
                Ok(())
            }
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", one_line(&e));
            ExitCode::FAILURE
        }
    }
}

/// The error and its causes on one line, each cause once: errors that
/// already name their cause in their message (`{path}: {source}`) do not
/// repeat it.
fn one_line(e: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line
}
