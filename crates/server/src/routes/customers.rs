//! `GET /api/customers/{email_or_id}[?as_of=RFC3339]`: one customer's payment
//! history, as the helpdesk sidebar shows it.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use paydesk_domain::CustomerHistory;
use serde::Deserialize;

use super::AppState;
use crate::error::ApiError;

/// The customer routes.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/customers/{email_or_id}", get(history))
}

#[derive(Deserialize)]
struct AsOf {
    as_of: Option<String>,
}

async fn history(
    State(state): State<AppState>,
    Path(key): Path<String>,
    Query(query): Query<AsOf>,
) -> Result<Json<CustomerHistory>, ApiError> {
    let as_of = match query.as_of.as_deref() {
        Some(text) => parse_instant(text)
            .map_err(|detail| ApiError::client(StatusCode::BAD_REQUEST, "invalid_as_of", detail))?,
        None => i64::MAX,
    };
    // Webhooks acknowledged before this request are in the log; their
    // object versions may still be on the way to the mirror.
    state
        .store
        .sync_mirror()
        .await
        .map_err(ApiError::internal)?;
    let history = paydesk_store::history::customer_history(state.store.as_ref(), &key, as_of)
        .await
        .map_err(ApiError::internal)?;
    history.map(Json).ok_or_else(|| {
        ApiError::client(
            StatusCode::NOT_FOUND,
            "customer_not_found",
            "no customer with that email or id",
        )
    })
}

/// An instant given as RFC 3339 (`2026-03-02T10:15:00Z`) or Unix seconds.
pub fn parse_instant(text: &str) -> Result<i64, String> {
    if let Ok(secs) = text.parse::<i64>() {
        return Ok(secs);
    }
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|t| t.timestamp())
        .map_err(|e| format!("`{text}` is not an RFC 3339 time such as 2026-03-02T10:15:00Z: {e}"))
}
