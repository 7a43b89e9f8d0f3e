//! A fake OpenAI-compatible chat-completions server on loopback: it answers
//! `POST /v1/chat/completions` with scripted replies, one per request, in
//! OpenAI's documented shape, and records what it was sent.
//!
//! It runs on its own thread and runtime, so synchronous code (the agent)
//! can call it from a plain `#[test]`.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header::AUTHORIZATION};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};
use tokio::sync::oneshot;

/// One scripted answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Scripted {
    /// A completion whose message calls a function with these arguments (sent as JSON text).
    ToolCall { name: String, arguments: String },
    /// A completion whose message is this text.
    Content(String),
    /// A 200 answer with exactly this body (malformed ones included).
    Body(String),
    /// An error status with OpenAI's error JSON.
    Status(u16),
    /// The answer, after a pause.
    Delayed(Duration, Box<Scripted>),
}

impl Scripted {
    /// A call of `name` with `arguments` serialised as OpenAI does (a JSON string).
    pub fn tool_call(name: &str, arguments: Value) -> Scripted {
        Scripted::ToolCall {
            name: name.to_string(),
            arguments: arguments.to_string(),
        }
    }

    /// This answer after `pause`.
    pub fn after(self, pause: Duration) -> Scripted {
        Scripted::Delayed(pause, Box::new(self))
    }
}

/// One request the fake received.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedChat {
    /// The `Authorization` header, if any.
    pub authorization: Option<String>,
    /// The request body as JSON (`Value::Null` when it was not JSON).
    pub body: Value,
}

#[derive(Default)]
struct Script {
    answers: VecDeque<Scripted>,
    requests: Vec<RecordedChat>,
}

#[derive(Clone)]
struct Shared(Arc<Mutex<Script>>);

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Script> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A running fake; it stops when dropped.
pub struct FakeLlm {
    addr: SocketAddr,
    shared: Shared,
    shutdown: Option<oneshot::Sender<()>>,
}

impl FakeLlm {
    /// Starts the fake on 127.0.0.1 (random port) on its own thread.
    pub fn spawn() -> FakeLlm {
        let shared = Shared(Arc::default());
        let (shutdown, stopped) = oneshot::channel::<()>();
        let (bound, addr) = std::sync::mpsc::channel();
        let app = Router::new()
            .route("/v1/chat/completions", post(complete))
            .with_state(shared.clone());
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("fake LLM: runtime");
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                    .await
                    .expect("fake LLM: bind 127.0.0.1:0");
                let _ = bound.send(listener.local_addr().expect("fake LLM: address"));
                let stop = async move {
                    let _ = stopped.await;
                };
                // Not graceful: a scripted delay must not hold the test up at drop.
                tokio::select! {
                    served = axum::serve(listener, app) => {
                        if let Err(err) = served {
                            eprintln!("fake LLM server failed: {err}");
                        }
                    }
                    () = stop => {}
                }
            });
        });
        let addr = addr.recv().expect("fake LLM: the server thread started");
        FakeLlm {
            addr,
            shared,
            shutdown: Some(shutdown),
        }
    }

    /// "http://127.0.0.1:PORT/v1", the base URL an OpenAI client is given.
    pub fn base_url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    /// Queues the answer to a coming request; with none queued the fake answers 500.
    pub fn push(&self, answer: Scripted) {
        self.shared.lock().answers.push_back(answer);
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<RecordedChat> {
        self.shared.lock().requests.clone()
    }
}

impl Drop for FakeLlm {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

async fn complete(State(shared): State<Shared>, headers: HeaderMap, body: String) -> Response {
    let answer = {
        let mut script = shared.lock();
        script.requests.push(RecordedChat {
            authorization: headers
                .get(AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string),
            body: serde_json::from_str(&body).unwrap_or(Value::Null),
        });
        script.answers.pop_front()
    };
    let mut answer = answer.unwrap_or(Scripted::Status(500));
    while let Scripted::Delayed(pause, inner) = answer {
        tokio::time::sleep(pause).await;
        answer = *inner;
    }
    match answer {
        Scripted::ToolCall { name, arguments } => completion(
            json!({
                "role": "assistant",
                "content": null,
                "tool_calls": [{
                    "id": "call_fake_1",
                    "type": "function",
                    "function": {"name": name, "arguments": arguments}
                }]
            }),
            "tool_calls",
        ),
        Scripted::Content(text) => {
            completion(json!({"role": "assistant", "content": text}), "stop")
        }
        Scripted::Body(text) => (StatusCode::OK, text).into_response(),
        Scripted::Status(code) => {
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let error = json!({"error": {"message": "scripted failure", "type": "server_error", "param": null, "code": null}});
            (status, axum::Json(error)).into_response()
        }
        Scripted::Delayed(..) => unreachable!("delays are unwrapped above"),
    }
}

/// A chat.completion object with one choice.
fn completion(message: Value, finish_reason: &str) -> Response {
    axum::Json(json!({
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 1_772_524_800,
        "model": "fake-model",
        "choices": [{"index": 0, "message": message, "logprobs": null, "finish_reason": finish_reason}],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}
    }))
    .into_response()
}
