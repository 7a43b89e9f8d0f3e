//! The configured language model (`[llm]`), lent to the agent by the
//! commands that run it (`simulate`, `demo`). Off by default: then nothing
//! is built and the agent runs exactly as without it.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use paydesk_agent::llm::{Assistant, OpenAiCompatible, OpenAiSettings};
use paydesk_agent::pipeline::{Lent, lend_assistant};
use paydesk_server::config::{LlmConfig, LlmUse};

/// The assistant `[llm]` describes, or `None` when it is disabled.
pub fn assistant(llm: &LlmConfig) -> anyhow::Result<Option<Arc<Assistant>>> {
    if !llm.enabled || llm.use_for.is_empty() {
        return Ok(None);
    }
    let key = llm.api_key.expose();
    let client = OpenAiCompatible::new(OpenAiSettings {
        base_url: llm.base_url.clone(),
        model: llm.model.clone(),
        api_key: (!key.is_empty()).then(|| key.to_string()),
        timeout: Duration::from_millis(llm.timeout_ms),
        max_retries: llm.max_retries,
    })?;
    tracing::info!(
        model = %llm.model,
        base_url = %llm.base_url,
        use_for = ?llm.use_for,
        "language model enabled"
    );
    Ok(Some(Arc::new(Assistant::new(
        Arc::new(client),
        llm.used_for(LlmUse::Understanding),
        llm.used_for(LlmUse::Replies),
    ))))
}

/// Reads the configuration and lends its model to the agent until the guard is dropped.
pub fn lend(config_file: Option<&Path>) -> anyhow::Result<Lent> {
    let config = super::load_config(config_file)?;
    Ok(lend_assistant(assistant(&config.llm)?))
}
