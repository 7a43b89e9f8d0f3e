//! One module per subcommand, plus what they share.

pub mod backfill;
pub mod classify;
pub mod customer;
pub mod demo;
pub mod digest;
pub mod import;
pub mod llm;
pub mod playbooks;
pub mod rebuild;
pub mod serve;
pub mod simulate;
pub mod tickets;

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use paydesk_server::Config;
use paydesk_store::Store;
use tracing_subscriber::EnvFilter;

/// Logs to stderr; `RUST_LOG` overrides the level (info for services, warn for one-shot commands).
pub fn init_logging(quiet: bool) {
    let default = if quiet { "warn" } else { "info" };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

/// Loads and validates the configuration.
pub fn load_config(file: Option<&Path>) -> anyhow::Result<Config> {
    Ok(Config::load(file)?)
}

/// Opens the configured store.
pub async fn open_store(config: &Config) -> anyhow::Result<Arc<dyn Store>> {
    let url = config.database_url.expose();
    paydesk_store::connect(url)
        .await
        .with_context(|| format!("opening the store at {}", paydesk_store::redact_url(url)))
}

/// A progress bar on a terminal; hidden otherwise (pipes, CI, tests).
pub fn progress_bar(len: Option<u64>, template: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = match len {
        Some(len) => ProgressBar::new(len),
        None => ProgressBar::new_spinner(),
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar
}

/// Resolves when SIGTERM or Ctrl-C arrives.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down: finishing in-flight requests");
}
