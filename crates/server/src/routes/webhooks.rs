//! `POST /webhooks/stripe`: verify the signature on the raw bytes, store,
//! and only then acknowledge.

use std::time::Instant;

use axum::body::{Body, to_bytes};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::routing::post;
use axum::{Json, Router};
use paydesk_store::{Appended, Source};
use serde_json::{Value, json};

use super::AppState;
use crate::error::ApiError;
use crate::ingest::{now_ms, prepare};

/// The webhook route.
pub fn router() -> Router<AppState> {
    Router::new().route("/webhooks/stripe", post(receive))
}

async fn receive(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<Value>, ApiError> {
    let started = Instant::now();
    let result = accept(&state, &headers, body).await;
    match &result {
        Ok(_) => state
            .metrics
            .ingest_latency
            .observe(started.elapsed().as_secs_f64()),
        Err(ApiError::Client { code, .. }) => state.metrics.reject(code),
        Err(ApiError::Internal { .. }) => state.metrics.reject("internal"),
    }
    result
}

async fn accept(
    state: &AppState,
    headers: &HeaderMap,
    body: Body,
) -> Result<Json<Value>, ApiError> {
    let limit = state.config.ingest.max_body_bytes;
    let too_large = || {
        ApiError::client(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("body over {limit} bytes"),
        )
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(too_large());
    }
    let bytes = to_bytes(body, limit).await.map_err(|_| too_large())?;
    let signature = headers
        .get("stripe-signature")
        .map(|v| v.to_str().unwrap_or(""));
    let secrets: Vec<String> = state
        .config
        .stripe
        .webhook_secrets
        .iter()
        .map(|s| s.expose().to_string())
        .collect();
    let now = now_ms() / 1000;
    paydesk_stripe::verify_signature(
        signature,
        &bytes,
        &secrets,
        state.config.stripe.signature_tolerance_secs,
        now,
    )
    .map_err(|e| ApiError::client(StatusCode::BAD_REQUEST, e.code(), e.to_string()))?;
    let event = prepare(bytes.to_vec(), Source::Webhook, now_ms())
        .map_err(|e| ApiError::client(StatusCode::BAD_REQUEST, e.code(), e.to_string()))?;
    let id = event.envelope.id.clone();
    let outcome = state
        .ingestor
        .submit(vec![event])
        .await
        .map_err(ApiError::unavailable)?;
    let duplicate = outcome.first() == Some(&Appended::Duplicate);
    if duplicate {
        state.metrics.duplicates.inc();
    } else {
        state.metrics.stored(Source::Webhook.as_str());
    }
    tracing::debug!(event = %id, duplicate, "webhook stored");
    Ok(Json(
        json!({"received": true, "id": id, "duplicate": duplicate}),
    ))
}
