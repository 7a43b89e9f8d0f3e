//! A small Stripe REST client: authenticated calls with retries, the Events
//! list, and the few actions paydesk takes (refund, cancel a subscription,
//! billing portal session, read an invoice), each POST with an idempotency key.
//!
//! No `Stripe-Version` header is sent on purpose: events then come in the
//! merchant account's default API version, the same one its webhooks use.

mod actions;
mod error;
mod retry;

pub use actions::{CancelMode, RefundRequest};
pub use error::ClientError;
pub use retry::RetryPolicy;

use std::fmt;
use std::time::Duration;

use reqwest::Method;
use reqwest::header::{AUTHORIZATION, HeaderValue, RETRY_AFTER};
use serde::Deserialize;
use serde_json::value::RawValue;

/// Longest a single request may take, connection to last byte.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Stripe's largest page size for list endpoints.
const PAGE_LIMIT: &str = "100";

/// A client for one Stripe account (one API key).
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    auth: HeaderValue,
    // Kept only to scrub it from error messages that might echo it back.
    api_key: String,
    retry: RetryPolicy,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.base)
            .field("api_key", &"[redacted]")
            .field("retry", &self.retry)
            .finish()
    }
}

/// One page of `GET /v1/events`, newest event first.
#[derive(Debug, Clone)]
pub struct EventPage {
    /// Each event's JSON text exactly as Stripe sent it.
    pub events: Vec<Box<RawValue>>,
    /// Whether older events remain after the last one in `events`.
    pub has_more: bool,
}

/// Stripe's list envelope; other fields (`object`, `url`) are not needed.
#[derive(Deserialize)]
struct ListBody {
    data: Vec<Box<RawValue>>,
    has_more: bool,
}

/// Why one attempt failed, and whether another attempt may help.
struct Failure {
    error: ClientError,
    retryable: bool,
    retry_after: Option<Duration>,
}

impl Client {
    /// `base` like "https://api.stripe.com" (no trailing /v1); api_key "sk_…"/"rk_…".
    pub fn new(base: &str, api_key: &str, retry: RetryPolicy) -> Result<Self, ClientError> {
        let base = check_base(base)?;
        let auth = check_api_key(api_key)?;
        let http = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .user_agent(concat!("paydesk/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|err| ClientError::Setup(err.to_string()))?;
        Ok(Self {
            http,
            base,
            auth,
            api_key: api_key.to_owned(),
            retry,
        })
    }

    /// GET {base}/v1/events?limit=100[&starting_after=ID] — Stripe returns newest first.
    pub async fn list_events(
        &self,
        starting_after: Option<&str>,
    ) -> Result<EventPage, ClientError> {
        let mut query = vec![("limit", PAGE_LIMIT)];
        if let Some(id) = starting_after {
            query.push(("starting_after", id));
        }
        let request = Request::get("/v1/events", &query);
        let body = self.send(&request).await?;
        let list: ListBody = serde_json::from_slice(&body).map_err(|err| ClientError::Decode {
            request: request.describe(),
            detail: err.to_string(),
        })?;
        Ok(EventPage {
            events: list.data,
            has_more: list.has_more,
        })
    }

    /// Sends `request`, retrying per the policy; returns the 2xx body. A POST
    /// is retried only with an idempotency key (Stripe then answers a repeat
    /// with the first answer instead of acting twice).
    pub(crate) async fn send(&self, request: &Request<'_>) -> Result<Vec<u8>, ClientError> {
        let mut retries = 0;
        loop {
            let failure = match self.send_once(request).await {
                Ok(body) => return Ok(body),
                Err(failure) => failure,
            };
            let safe = request.method != Method::POST || request.idempotency_key.is_some();
            if !failure.retryable || !safe {
                return Err(failure.error);
            }
            if retries >= self.retry.max_retries {
                return Err(ClientError::RetriesExhausted {
                    attempts: retries + 1,
                    last: Box::new(failure.error),
                });
            }
            let delay = self.retry.delay(retries, failure.retry_after);
            retries += 1;
            tracing::warn!(
                request = %request.describe(),
                retry = retries,
                max_retries = self.retry.max_retries,
                delay_ms = delay.as_millis() as u64,
                error = %failure.error,
                "Stripe request failed; retrying"
            );
            tokio::time::sleep(delay).await;
        }
    }

    /// One attempt: send, then sort the outcome into body or [`Failure`].
    async fn send_once(&self, request: &Request<'_>) -> Result<Vec<u8>, Failure> {
        let transport = |err: reqwest::Error| Failure {
            error: error::transport_error(&request.describe(), &err, &self.api_key),
            retryable: true,
            retry_after: None,
        };
        let mut builder = self
            .http
            .request(
                request.method.clone(),
                format!("{}{}", self.base, request.path),
            )
            .query(request.query)
            .header(AUTHORIZATION, self.auth.clone());
        if let Some(form) = request.form {
            builder = builder.form(form);
        }
        if let Some(key) = request.idempotency_key {
            builder = builder.header("Idempotency-Key", key);
        }
        let response = builder.send().await.map_err(transport)?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(transport)?;
        if (200..300).contains(&status) {
            return Ok(body.to_vec());
        }
        let header = |name| {
            headers
                .get(name)
                .and_then(|v: &HeaderValue| v.to_str().ok())
        };
        // Stripe may say explicitly whether a retry is safe (e.g. 409 lock
        // timeouts are); its word beats our guess from the status.
        let retryable = match header("stripe-should-retry") {
            Some("true") => true,
            Some("false") => false,
            _ => retry::status_is_retryable(status),
        };
        Err(Failure {
            error: error::api_error(&request.describe(), status, &body, &self.api_key),
            retryable,
            retry_after: retry::parse_retry_after(header(RETRY_AFTER.as_str())),
        })
    }
}

/// One API call: method, path, query, form body and idempotency key.
pub(crate) struct Request<'a> {
    method: Method,
    path: &'a str,
    query: &'a [(&'a str, &'a str)],
    form: Option<&'a [(String, String)]>,
    idempotency_key: Option<&'a str>,
}

impl<'a> Request<'a> {
    pub(crate) fn get(path: &'a str, query: &'a [(&'a str, &'a str)]) -> Self {
        Self {
            method: Method::GET,
            path,
            query,
            form: None,
            idempotency_key: None,
        }
    }

    pub(crate) fn post(path: &'a str, form: &'a [(String, String)], key: &'a str) -> Self {
        Self {
            method: Method::POST,
            path,
            query: &[],
            form: Some(form),
            idempotency_key: Some(key),
        }
    }

    pub(crate) fn delete(path: &'a str, key: &'a str) -> Self {
        Self {
            method: Method::DELETE,
            path,
            query: &[],
            form: None,
            idempotency_key: Some(key),
        }
    }

    /// `POST /v1/refunds`, for errors and logs.
    pub(crate) fn describe(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// Normalises the base URL: http(s), no credentials, query or `/v1` suffix.
fn check_base(base: &str) -> Result<String, ClientError> {
    let invalid = |reason| ClientError::InvalidBase {
        base: base.to_owned(),
        reason,
    };
    let url = reqwest::Url::parse(base).map_err(|_| invalid("not an absolute URL"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("scheme must be http or https"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid(
            "must not contain credentials; the API key is configured separately",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("must not have a query or fragment"));
    }
    let trimmed = base.trim_end_matches('/');
    if trimmed.ends_with("/v1") {
        return Err(invalid(
            "must not end with /v1 (give e.g. https://api.stripe.com)",
        ));
    }
    Ok(trimmed.to_owned())
}

/// Accepts secret (`sk_`) and restricted (`rk_`) keys; a publishable key or
/// a webhook secret pasted by mistake is refused here, not by a 401 later.
fn check_api_key(api_key: &str) -> Result<HeaderValue, ClientError> {
    if api_key.is_empty() {
        return Err(ClientError::InvalidApiKey("it is empty"));
    }
    if !(api_key.starts_with("sk_") || api_key.starts_with("rk_")) {
        return Err(ClientError::InvalidApiKey(
            "it must start with sk_ (secret key) or rk_ (restricted key)",
        ));
    }
    if !api_key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ClientError::InvalidApiKey(
            "it contains spaces or non-printable characters",
        ));
    }
    let mut value = HeaderValue::from_str(&format!("Bearer {api_key}"))
        .map_err(|_| ClientError::InvalidApiKey("it is not a valid header value"))?;
    // Keeps the header out of HTTP-level debug logs and HPACK tables.
    value.set_sensitive(true);
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_key() {
        let client = Client::new(
            "http://127.0.0.1:9",
            "sk_test_hidden",
            RetryPolicy::default(),
        )
        .unwrap();
        assert!(!format!("{client:?}").contains("sk_test_hidden"));
    }

    #[test]
    fn refuses_bad_bases_and_keys_without_echoing_the_key() {
        let bad_base = Client::new("https://api.stripe.com/v1", "sk_x", RetryPolicy::default());
        assert!(matches!(bad_base, Err(ClientError::InvalidBase { .. })));
        let err = Client::new(
            "https://api.stripe.com",
            "pk_live_visible",
            RetryPolicy::default(),
        )
        .unwrap_err();
        assert!(matches!(err, ClientError::InvalidApiKey(_)));
        assert!(!err.to_string().contains("pk_live_visible"));
    }
}
