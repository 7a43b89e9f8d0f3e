//! What helps the live agent besides the policy, each optional: the
//! language model of `[llm]` and the knowledge base of `agent.kb_dir`. The
//! same model settings serve `simulate` and `demo`.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use paydesk_agent::kb::KnowledgeBase;
use paydesk_agent::llm::{Assistant, OpenAiCompatible, OpenAiSettings};

use crate::ServerError;
use crate::config::{Config, LlmConfig, LlmUse};

/// The live agent's optional help.
#[derive(Clone, Default)]
pub struct AgentHelp {
    /// The configured language model, when `llm.enabled`.
    pub assistant: Option<Arc<Assistant>>,
    /// The knowledge base, when `agent.kb_dir` is set.
    pub kb: Option<Arc<KnowledgeBase>>,
}

impl AgentHelp {
    /// The help a configuration asks for; a knowledge base that cannot be read is an error.
    pub fn from_config(config: &Config) -> Result<AgentHelp, ServerError> {
        Ok(AgentHelp {
            assistant: assistant(&config.llm)?,
            kb: load_kb(&config.agent.kb_dir)?.map(Arc::new),
        })
    }
}

/// The assistant `[llm]` describes, or `None` when it is disabled.
pub fn assistant(llm: &LlmConfig) -> Result<Option<Arc<Assistant>>, ServerError> {
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
    })
    .map_err(|e| ServerError::Setup(format!("llm: {e}")))?;
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

/// The knowledge base in `dir` (`agent.kb_dir`); `None` when it is empty.
pub fn load_kb(dir: &str) -> Result<Option<KnowledgeBase>, ServerError> {
    if dir.is_empty() {
        return Ok(None);
    }
    let kb = KnowledgeBase::load(Path::new(dir))
        .map_err(|e| ServerError::Setup(format!("agent.kb_dir {dir}: {e}")))?;
    tracing::info!(
        dir,
        files = kb.files(),
        passages = kb.passages().len(),
        "knowledge base loaded"
    );
    Ok(Some(kb))
}
