//! An optional language model, behind the [`LanguageModel`] trait: any
//! OpenAI-compatible chat-completions server (OpenAI, Ollama, vLLM,
//! llama.cpp's server). It proposes; the policy decides; the reply's facts
//! are checked.
//!
//! - Understanding: asked only when the built-in classifier is below
//!   `understanding.min_confidence`. Its intent replaces the unsure one and
//!   goes through the same decision rules and guards
//!   (`min_action_confidence`, identity, amounts, fact check); it never
//!   chooses an action or an amount. An order number it names is used only
//!   when the customer wrote it.
//! - Replies: it may rephrase the template reply; the phrasing is sent only
//!   if [`facts::check`] finds no fact the template does not hold and the
//!   customer's language.
//!
//! Any failure (HTTP error, timeout, malformed answer, unknown intent) keeps
//! the built-in result, and the decision's reasons say why.
//!
//! # Layout
//! - [`wire`]: the chat-completions request and answer.
//! - [`openai`]: the HTTP client.
//! - [`understand`]: the `classify_ticket` request and reading its answer.
//! - [`phrase`]: the rephrasing request and reading its answer.
//! - [`facts`]: the fact check of a phrased reply.

pub mod facts;
pub mod openai;
pub mod phrase;
pub mod understand;
pub mod wire;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use chrono::NaiveDate;

pub use openai::{OpenAiCompatible, OpenAiSettings};
pub use wire::{ChatRequest, Completion};

use crate::decide::Understanding;
use crate::lang::Lang;
use crate::policy::Policy;

/// Why a model gave no usable answer; never carries the API key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LlmError {
    /// No answer in time (after any retries).
    #[error("no answer within {} ms", .0.as_millis())]
    Timeout(Duration),
    /// The server answered with an error status.
    #[error("HTTP {0}")]
    Status(u16),
    /// The connection failed.
    #[error("{0}")]
    Transport(String),
    /// The answer is not a chat completion.
    #[error("{0}")]
    Malformed(String),
}

/// A chat-completions model.
pub trait LanguageModel: Send + Sync {
    /// The first choice's message for a request.
    fn complete(&self, request: &ChatRequest) -> Result<Completion, LlmError>;
}

/// What the agent asks a model for.
#[derive(Clone)]
pub struct Assistant {
    model: Arc<dyn LanguageModel>,
    understanding: bool,
    replies: bool,
    /// Answers by request: a ticket decided twice (simulation re-decides
    /// some) gets the same answer for one call.
    answers: Arc<Mutex<HashMap<String, Result<Completion, LlmError>>>>,
}

/// Most answers remembered; past it the memory starts afresh.
const REMEMBERED: usize = 4_096;

/// A phrasing of a reply and why it is, or is not, used.
#[derive(Debug, Clone, PartialEq)]
pub struct Phrasing {
    /// The text to send instead of the template's, when it passed the checks.
    pub text: Option<String>,
    /// For the decision's reasons.
    pub reason: String,
}

impl Assistant {
    /// A model used for `understanding` unsure tickets and/or phrasing `replies`.
    pub fn new(model: Arc<dyn LanguageModel>, understanding: bool, replies: bool) -> Assistant {
        Assistant {
            model,
            understanding,
            replies,
            answers: Arc::default(),
        }
    }

    /// Whether it is asked to phrase replies.
    pub fn phrases_replies(&self) -> bool {
        self.replies
    }

    /// The model's answer to a request, asked once per distinct request.
    fn ask(&self, request: &ChatRequest) -> Result<Completion, LlmError> {
        let key = serde_json::to_string(request).unwrap_or_default();
        let answers = || self.answers.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(answer) = answers().get(&key) {
            return answer.clone();
        }
        let answer = self.model.complete(request);
        let mut remembered = answers();
        if remembered.len() >= REMEMBERED {
            remembered.clear();
        }
        remembered.insert(key, answer.clone());
        answer
    }

    /// Asks the model about a ticket the built-in classifier is unsure of and
    /// takes its proposal into `u`; the reason to record, `None` when not asked.
    pub fn understand(&self, u: &mut Understanding, text: &str, policy: &Policy) -> Option<String> {
        let floor = policy.understanding.min_confidence;
        if !self.understanding || u.confidence >= floor {
            return None;
        }
        let asked = format!(
            "language model asked: built-in {} at {:.2} is below understanding.min_confidence {floor:.2}",
            u.intent, u.confidence
        );
        let answer = self
            .ask(&understand::request(text, u.lang))
            .map_err(|e| e.to_string())
            .and_then(|c| understand::read(&c));
        let proposal = match answer {
            Ok(p) => p,
            Err(why) => return Some(format!("{asked}; not used ({why}): built-in result kept")),
        };
        let mut note = format!(
            "{asked}; it proposed {} ({:.2}), decided by the same rules",
            proposal.intent, proposal.confidence
        );
        u.intent = proposal.intent;
        u.confidence = proposal.confidence;
        if let Some(order) = proposal.order_number.map(|o| o.to_uppercase()) {
            let written = text.to_uppercase().contains(&order)
                && order.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && order.len() <= 24;
            if !written {
                note.push_str(&format!(
                    "; its order number {order} is not in the message: ignored"
                ));
            } else if !u.entities.order_numbers.contains(&order) {
                note.push_str(&format!("; order number {order} read by it"));
                u.entities.order_numbers.push(order);
            }
        }
        Some(note)
    }

    /// Asks the model to phrase a template reply; `None` when replies are not its job.
    pub fn phrase(
        &self,
        reply: &str,
        message: &str,
        lang: Lang,
        today: NaiveDate,
    ) -> Option<Phrasing> {
        if !self.replies || reply.trim().is_empty() {
            return None;
        }
        let checked = self
            .ask(&phrase::request(reply, message, lang))
            .map_err(|e| e.to_string())
            .and_then(|c| phrase::read(&c))
            .and_then(|text| facts::check(reply, &text, lang, today).map(|()| text));
        Some(match checked {
            Ok(text) => Phrasing {
                text: Some(text),
                reason: "reply phrased by the language model; its facts match the template's"
                    .into(),
            },
            Err(why) => Phrasing {
                text: None,
                reason: format!("language model phrasing not used ({why}): template reply kept"),
            },
        })
    }
}
