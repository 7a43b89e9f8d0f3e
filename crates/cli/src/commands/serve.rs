//! `paydesk serve`

use std::path::Path;

use anyhow::Context;

/// Serves until SIGTERM or Ctrl-C.
pub async fn run(config_file: Option<&Path>) -> anyhow::Result<()> {
    let config = super::load_config(config_file)?;
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.listen))?;
    paydesk_server::run(config, listener, super::shutdown_signal()).await?;
    Ok(())
}
