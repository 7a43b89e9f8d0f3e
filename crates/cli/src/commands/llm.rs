//! The configured language model (`[llm]`), lent to the agent by the
//! commands that run simulations (`simulate`, `demo`); `serve` hands it to
//! its live agent itself. Off by default: then nothing is built and the
//! agent runs exactly as without it.

use std::path::Path;

use paydesk_agent::pipeline::{Lent, lend_assistant};

/// Reads the configuration and lends its model to the agent until the guard is dropped.
pub fn lend(config_file: Option<&Path>) -> anyhow::Result<Lent> {
    let config = super::load_config(config_file)?;
    Ok(lend_assistant(paydesk_server::agent_help::assistant(
        &config.llm,
    )?))
}
