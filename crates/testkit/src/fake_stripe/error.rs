//! Stripe's error answers: `{"error": {"type", "message", "code"?, "param"?}}`.

use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// An error answer shaped like Stripe's.
#[derive(Debug)]
pub(crate) struct StripeError {
    status: StatusCode,
    kind: &'static str,
    message: String,
    code: Option<&'static str>,
    param: Option<&'static str>,
}

impl StripeError {
    /// 400 `invalid_request_error`, optionally naming the offending parameter.
    pub(crate) fn invalid_request(message: impl Into<String>, param: Option<&'static str>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            kind: "invalid_request_error",
            message: message.into(),
            code: None,
            param,
        }
    }

    /// 400 `resource_missing`, as for an unknown id in `starting_after`.
    pub(crate) fn no_such(noun: &str, id: &str, param: Option<&'static str>) -> Self {
        Self {
            code: Some("resource_missing"),
            ..Self::invalid_request(format!("No such {noun}: '{id}'"), param)
        }
    }

    /// 400 `invalid_request_error` with Stripe's `code`, e.g. `charge_already_refunded`.
    pub(crate) fn coded(message: &str, code: &'static str, param: Option<&'static str>) -> Self {
        Self {
            code: Some(code),
            ..Self::invalid_request(message, param)
        }
    }

    /// 400 `idempotency_error`: a key reused with other parameters.
    pub(crate) fn idempotency_mismatch(key: &str) -> Self {
        Self {
            kind: "idempotency_error",
            ..Self::invalid_request(
                format!(
                    "Keys for idempotent requests can only be used with the same parameters they were first used with. \
                     Try using a key other than '{key}' if you meant to execute a different request."
                ),
                None,
            )
        }
    }

    /// 404 for an id path (`/v1/events/{id}`) naming nothing.
    pub(crate) fn not_found(noun: &str, id: &str) -> Self {
        Self {
            status: StatusCode::NOT_FOUND,
            ..Self::no_such(noun, id, Some("id"))
        }
    }

    /// 404 for a URL the fake does not implement.
    pub(crate) fn unrecognized_url(method: &str, path: &str) -> Self {
        let message = format!("Unrecognized request URL ({method}: {path}).");
        Self {
            status: StatusCode::NOT_FOUND,
            ..Self::invalid_request(message, None)
        }
    }

    /// 401 for a missing or wrong API key; like Stripe, shows only the key's ends.
    pub(crate) fn unauthorized(sent_key: Option<&str>) -> Self {
        let message = match sent_key {
            None => "You did not provide an API key. You need to provide your API key in the Authorization header, \
                     using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY')."
                .to_owned(),
            Some(key) => format!("Invalid API Key provided: {}", mask(key)),
        };
        Self {
            status: StatusCode::UNAUTHORIZED,
            ..Self::invalid_request(message, None)
        }
    }

    /// An injected failure with `status`: Stripe's rate-limit body for 429,
    /// `api_error` for 5xx, a generic request error otherwise.
    pub(crate) fn injected(status: StatusCode) -> Self {
        if status == StatusCode::TOO_MANY_REQUESTS {
            let message = "Request rate limit exceeded. You can learn more about rate limits here https://stripe.com/docs/rate-limits.";
            return Self {
                status,
                code: Some("rate_limit"),
                ..Self::invalid_request(message, None)
            };
        }
        if status.is_server_error() {
            let message = "An unknown error occurred".to_owned();
            return Self {
                status,
                kind: "api_error",
                message,
                code: None,
                param: None,
            };
        }
        Self {
            status,
            ..Self::invalid_request(format!("Injected failure with status {status}"), None)
        }
    }
}

impl IntoResponse for StripeError {
    fn into_response(self) -> Response {
        let mut error = json!({ "type": self.kind, "message": self.message });
        if let Some(code) = self.code {
            error["code"] = json!(code);
        }
        if let Some(param) = self.param {
            error["param"] = json!(param);
        }
        let mut response = (self.status, axum::Json(json!({ "error": error }))).into_response();
        if self.status == StatusCode::TOO_MANY_REQUESTS {
            // Zero so client tests exercise the header without waiting.
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from_static("0"));
        }
        response
    }
}

/// `sk_test_abcdefgh1234` → `sk_test_****1234`; short keys are hidden entirely.
fn mask(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    if chars.len() < 12 {
        return "****".to_owned();
    }
    let mut underscores = chars
        .iter()
        .enumerate()
        .filter(|(_, c)| **c == '_')
        .map(|(i, _)| i);
    let prefix_len = underscores.nth(1).map_or(3, |i| i + 1).min(8);
    let prefix: String = chars[..prefix_len].iter().collect();
    let suffix: String = chars[chars.len() - 4..].iter().collect();
    format!("{prefix}****{suffix}")
}

#[cfg(test)]
mod tests {
    use super::mask;

    #[test]
    fn masks_keys_like_stripe() {
        assert_eq!(mask("sk_test_abcdefgh1234"), "sk_test_****1234");
        assert_eq!(mask("sk_short"), "****");
    }
}
