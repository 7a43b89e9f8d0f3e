//! The HTTP client of an OpenAI-compatible chat-completions server.
//!
//! The agent is synchronous (simulation runs it in a loop, the CLI inside
//! its runtime), so the client owns one worker thread with its own small
//! tokio runtime: a call hands the request over a channel and waits for the
//! answer; calls from several threads are in flight together. Blocking on a channel is safe in any context; dropping the client
//! ends the worker, whose runtime is dropped there, outside any async code.

use std::sync::{Arc, mpsc};
use std::time::Duration;

use serde::Serialize;
use serde_json::Value;

use super::wire::{ChatRequest, Completion, parse_completion};
use super::{LanguageModel, LlmError};

/// Where the server is and how long to wait for it.
#[derive(Clone)]
pub struct OpenAiSettings {
    /// Up to `/v1`, e.g. `https://api.openai.com/v1` or `http://127.0.0.1:11434/v1` (Ollama).
    pub base_url: String,
    /// The model's name on that server.
    pub model: String,
    /// Sent as `Authorization: Bearer …` when present (Ollama needs none).
    pub api_key: Option<String>,
    /// For one attempt, answer included.
    pub timeout: Duration,
    /// Further attempts after a timeout, a lost connection, a 429 or a 5xx.
    pub max_retries: u32,
}

impl std::fmt::Debug for OpenAiSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenAiSettings")
            .field("base_url", &self.base_url)
            .field("model", &self.model)
            .field("api_key", &self.api_key.as_ref().map(|_| "[redacted]"))
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .finish()
    }
}

struct Job {
    body: Value,
    answer: mpsc::Sender<Result<Completion, LlmError>>,
}

/// A language model served by an OpenAI-compatible chat-completions endpoint.
pub struct OpenAiCompatible {
    jobs: tokio::sync::mpsc::UnboundedSender<Job>,
    model: String,
    /// Longest a call can take: every attempt and the pauses between them.
    deadline: Duration,
}

impl std::fmt::Debug for OpenAiCompatible {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenAiCompatible")
            .field("model", &self.model)
            .finish_non_exhaustive()
    }
}

/// The pause before the n-th retry.
fn backoff(retry: u32) -> Duration {
    Duration::from_millis(100 * u64::from(retry))
}

impl OpenAiCompatible {
    /// Starts the client's worker thread.
    pub fn new(settings: OpenAiSettings) -> Result<OpenAiCompatible, LlmError> {
        let client = reqwest::Client::builder()
            .timeout(settings.timeout)
            .build()
            .map_err(|e| LlmError::Transport(format!("cannot build the HTTP client: {e}")))?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| LlmError::Transport(format!("cannot start the client's runtime: {e}")))?;
        let url = format!(
            "{}/chat/completions",
            settings.base_url.trim_end_matches('/')
        );
        let (retries, timeout) = (settings.max_retries, settings.timeout);
        let deadline = settings.timeout * (retries + 1)
            + (1..=retries).map(backoff).sum::<Duration>()
            + Duration::from_secs(1);
        let (jobs, mut inbox) = tokio::sync::mpsc::unbounded_channel::<Job>();
        let key = settings.api_key.clone();
        std::thread::Builder::new()
            .name("paydesk-llm".into())
            .spawn(move || {
                // Each call is a task of its own: one slow answer does not hold up the others.
                runtime.block_on(async move {
                    let (client, url, key) = (Arc::new(client), Arc::<str>::from(url), key);
                    while let Some(job) = inbox.recv().await {
                        let (client, url, key) = (client.clone(), url.clone(), key.clone());
                        tokio::spawn(async move {
                            let limits = (retries, timeout);
                            let sent = post(&client, &url, key.as_deref(), &job, limits).await;
                            let _ = job.answer.send(sent);
                        });
                    }
                });
            })
            .map_err(|e| LlmError::Transport(format!("cannot start the client's thread: {e}")))?;
        Ok(OpenAiCompatible {
            jobs,
            model: settings.model,
            deadline,
        })
    }
}

/// The request body: the model's name, then the request's fields.
#[derive(Serialize)]
struct Body<'a> {
    model: &'a str,
    #[serde(flatten)]
    request: &'a ChatRequest,
}

impl LanguageModel for OpenAiCompatible {
    fn complete(&self, request: &ChatRequest) -> Result<Completion, LlmError> {
        let body = serde_json::to_value(Body {
            model: &self.model,
            request,
        })
        .map_err(|e| LlmError::Malformed(format!("cannot write the request: {e}")))?;
        let (answer, answered) = mpsc::channel();
        self.jobs
            .send(Job { body, answer })
            .map_err(|_| LlmError::Transport("the client's thread has stopped".into()))?;
        answered
            .recv_timeout(self.deadline)
            .unwrap_or(Err(LlmError::Timeout(self.deadline)))
    }
}

/// Posts with retries; a 4xx other than 429, or a malformed answer, is not retried.
async fn post(
    client: &reqwest::Client,
    url: &str,
    key: Option<&str>,
    job: &Job,
    (retries, timeout): (u32, Duration),
) -> Result<Completion, LlmError> {
    let mut failure = LlmError::Transport("not sent".into());
    for attempt in 0..=retries {
        if attempt > 0 {
            tokio::time::sleep(backoff(attempt)).await;
        }
        let mut request = client.post(url).json(&job.body);
        if let Some(key) = key.filter(|k| !k.is_empty()) {
            request = request.bearer_auth(key);
        }
        failure = match request.send().await {
            Ok(response) if response.status().is_success() => {
                return match response.bytes().await {
                    Ok(body) => parse_completion(&body),
                    Err(e) if e.is_timeout() => Err(LlmError::Timeout(timeout)),
                    Err(e) => Err(LlmError::Transport(e.without_url().to_string())),
                };
            }
            Ok(response) => {
                let status = response.status().as_u16();
                let error = LlmError::Status(status);
                if status != 429 && status < 500 {
                    return Err(error);
                }
                error
            }
            Err(e) if e.is_timeout() => LlmError::Timeout(timeout),
            Err(e) => LlmError::Transport(e.without_url().to_string()),
        };
    }
    Err(failure)
}
