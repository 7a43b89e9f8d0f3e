//! Errors from talking to Stripe's API; none of them ever shows the API key.

use serde::Deserialize;

/// Why a Stripe API call failed; Display never contains the API key.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The configured API base URL is unusable.
    #[error("invalid Stripe API base URL {base:?}: {reason}")]
    InvalidBase {
        /// The base URL as configured.
        base: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The configured API key cannot be a Stripe secret or restricted key.
    #[error("invalid Stripe API key: {0}")]
    InvalidApiKey(&'static str),
    /// The HTTP client could not be set up (TLS backend, for instance).
    #[error("could not set up the HTTP client: {0}")]
    Setup(String),
    /// Stripe answered with an error status.
    #[error("Stripe answered {status} to {request}: {message}")]
    Api {
        /// The method and path called, such as `GET /v1/events`.
        request: String,
        /// The HTTP status code.
        status: u16,
        /// Stripe's `error.type`, such as `invalid_request_error`, when it sent one.
        kind: Option<String>,
        /// Stripe's `error.code`, such as `charge_already_refunded`, when it sent one.
        code: Option<String>,
        /// Stripe's `error.message`, or a short excerpt of the body otherwise.
        message: String,
    },
    /// The request did not get an answer: refused connection, timeout, cut body.
    #[error("could not reach Stripe for {request}: {detail}")]
    Transport {
        /// The method and path called.
        request: String,
        /// The underlying error and its causes, joined by ": ".
        detail: String,
    },
    /// Stripe answered 2xx with a body that is not the expected JSON shape.
    #[error("Stripe's answer to {request} is not the expected JSON: {detail}")]
    Decode {
        /// The method and path called.
        request: String,
        /// What the JSON parser reported.
        detail: String,
    },
    /// Every allowed retry failed; `last` is the final attempt's error.
    #[error("gave up after {attempts} attempts; last error: {last}")]
    RetriesExhausted {
        /// How many requests were sent in total.
        attempts: u32,
        /// The error of the final attempt.
        last: Box<ClientError>,
    },
}

impl ClientError {
    /// Stripe's `error.code`, if the failure came from an answer that had one.
    pub fn code(&self) -> Option<&str> {
        match self {
            Self::Api { code, .. } => code.as_deref(),
            Self::RetriesExhausted { last, .. } => last.code(),
            _ => None,
        }
    }

    /// Whether trying the same request again later may succeed: the network,
    /// rate limiting and Stripe's own failures; not a request Stripe refused.
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Transport { .. } => true,
            Self::Api { status, .. } => *status == 429 || *status == 409 || *status >= 500,
            Self::RetriesExhausted { last, .. } => last.is_transient(),
            _ => false,
        }
    }

    /// The HTTP status Stripe answered with, if the failure came from an answer.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api { status, .. } => Some(*status),
            Self::RetriesExhausted { last, .. } => last.status(),
            _ => None,
        }
    }
}

/// Stripe's documented error body: `{"error": {"type": …, "message": …}}`.
#[derive(Deserialize)]
struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Deserialize)]
struct ErrorDetail {
    #[serde(rename = "type")]
    kind: Option<String>,
    code: Option<String>,
    message: Option<String>,
}

/// Longest excerpt of a non-JSON error body kept in a message (proxies send whole HTML pages).
const EXCERPT_CHARS: usize = 200;

/// Builds [`ClientError::Api`] from an error answer, scrubbing the API key
/// out of the message in case a proxy or Stripe echoes it back.
pub(crate) fn api_error(request: &str, status: u16, body: &[u8], api_key: &str) -> ClientError {
    let (kind, code, message) = match serde_json::from_slice::<ErrorBody>(body) {
        Ok(ErrorBody { error }) => (error.kind, error.code, error.message.unwrap_or_default()),
        Err(_) => (
            None,
            None,
            String::from_utf8_lossy(body)
                .chars()
                .take(EXCERPT_CHARS)
                .collect(),
        ),
    };
    let message = if message.trim().is_empty() {
        "(no error message in the body)".to_owned()
    } else {
        message
    };
    ClientError::Api {
        request: request.to_owned(),
        status,
        kind,
        code,
        message: scrub(&message, api_key),
    }
}

/// Builds [`ClientError::Transport`], keeping the whole cause chain (the
/// top-level reqwest message alone rarely says *why*, e.g. "connection refused").
pub(crate) fn transport_error(request: &str, err: &reqwest::Error, api_key: &str) -> ClientError {
    let mut detail = err.to_string();
    let mut cause = std::error::Error::source(err);
    while let Some(inner) = cause {
        detail.push_str(": ");
        detail.push_str(&inner.to_string());
        cause = inner.source();
    }
    ClientError::Transport {
        request: request.to_owned(),
        detail: scrub(&detail, api_key),
    }
}

/// Replaces every occurrence of the API key with a marker.
pub(crate) fn scrub(text: &str, api_key: &str) -> String {
    if api_key.is_empty() {
        text.to_owned()
    } else {
        text.replace(api_key, "[redacted API key]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_stripe_error_json_and_hides_the_key() {
        let body = br#"{"error":{"type":"invalid_request_error","message":"Invalid API Key provided: sk_test_abc"}}"#;
        let err = api_error("GET /v1/events", 401, body, "sk_test_abc");
        assert_eq!(err.status(), Some(401));
        let text = err.to_string();
        assert!(text.contains("Invalid API Key provided"), "{text}");
        assert!(!text.contains("sk_test_abc"), "{text}");
    }

    #[test]
    fn keeps_an_excerpt_of_a_non_json_body() {
        let err = api_error("GET /v1/events", 502, b"<html>Bad gateway</html>", "sk_x");
        assert!(err.to_string().contains("<html>Bad gateway</html>"));
    }
}
