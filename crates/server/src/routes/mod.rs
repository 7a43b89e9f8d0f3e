//! The HTTP routes, one file per resource, each with its own `router()`.

pub mod customers;
pub mod health;
pub mod tickets;
pub mod ui;
pub mod webhooks;

use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use paydesk_store::Store;
use subtle::ConstantTimeEq;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

use crate::config::{Config, Secret};
use crate::error::ApiError;
use crate::ingest::Ingestor;
use crate::metrics::Metrics;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The store.
    pub store: Arc<dyn Store>,
    /// The group-commit writer.
    pub ingestor: Ingestor,
    /// Ingest metrics.
    pub metrics: Arc<Metrics>,
    /// The configuration, validated.
    pub config: Arc<Config>,
    /// Tickets and the live agent.
    pub tickets: Arc<crate::tickets::Tickets>,
}

/// The whole HTTP API.
pub fn router(state: AppState) -> Router {
    let api = customers::router()
        .merge(ui::api_router())
        .route_layer(middleware::from_fn_with_state(state.clone(), require_token));
    // The ticket API can move money (approvals): never open, whatever `api.tokens` says.
    let ticket_api = tickets::router().route_layer(middleware::from_fn_with_state(
        state.clone(),
        require_configured_token,
    ));
    Router::new()
        .merge(webhooks::router())
        .merge(health::router())
        .merge(ui::router())
        .merge(api)
        .merge(ticket_api)
        .with_state(state)
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(TraceLayer::new_for_http())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
}

/// The ticket API needs a configured token in every case.
async fn require_configured_token(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    if state.config.api.tokens.is_empty() {
        return Err(ApiError::client(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "the ticket API needs a bearer token: configure api.tokens (PAYDESK_API_TOKENS)",
        ));
    }
    require_token(State(state), request, next).await
}

/// With tokens configured, /api/* needs `Authorization: Bearer TOKEN`.
async fn require_token(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let tokens: &[Secret] = &state.config.api.tokens;
    if tokens.is_empty() {
        return Ok(next.run(request).await);
    }
    let given = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    let ok = tokens.iter().fold(false, |ok, t| {
        ok | bool::from(t.expose().as_bytes().ct_eq(given.as_bytes()))
    });
    if ok {
        Ok(next.run(request).await)
    } else {
        Err(ApiError::client(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "missing or wrong bearer token",
        ))
    }
}
