//! The HTTP API's error: client errors carry a code and a detail; internal
//! errors are opaque to the client and logged with their cause.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// An error answered to an HTTP client.
#[derive(Debug)]
pub enum ApiError {
    /// The client's fault: `{"error":{"code","detail"}}` with this status.
    Client {
        /// HTTP status.
        status: StatusCode,
        /// Stable snake_case code.
        code: &'static str,
        /// What was wrong, for a person.
        detail: String,
    },
    /// Ours: a 500 (or 503) that says nothing of the cause, which is logged.
    Internal {
        /// 500 or 503.
        status: StatusCode,
        /// The cause, for the log only.
        cause: String,
    },
}

impl ApiError {
    /// A client error.
    pub fn client(status: StatusCode, code: &'static str, detail: impl Into<String>) -> ApiError {
        ApiError::Client {
            status,
            code,
            detail: detail.into(),
        }
    }

    /// An internal error with its cause.
    pub fn internal(cause: impl std::fmt::Display) -> ApiError {
        ApiError::Internal {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            cause: cause.to_string(),
        }
    }

    /// The store or writer is unavailable; the sender should retry.
    pub fn unavailable(cause: impl std::fmt::Display) -> ApiError {
        ApiError::Internal {
            status: StatusCode::SERVICE_UNAVAILABLE,
            cause: cause.to_string(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::Client {
                status,
                code,
                detail,
            } => {
                tracing::debug!(%status, code, %detail, "client error");
                (
                    status,
                    Json(json!({"error": {"code": code, "detail": detail}})),
                )
                    .into_response()
            }
            ApiError::Internal { status, cause } => {
                tracing::error!(%status, %cause, "internal error");
                let body = json!({"error": {"code": "internal", "detail": "internal error; see the server log"}});
                (status, Json(body)).into_response()
            }
        }
    }
}
