//! `GET /v1/events` and `GET /v1/events/{id}`.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::error::StripeError;
use super::{Shared, json_response};

/// The events routes, to be merged into the fake's router.
pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/v1/events", get(list))
        .route("/v1/events/{id}", get(retrieve))
}

async fn list(
    State(shared): State<Arc<Shared>>,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Response {
    let Ok(Query(params)) = query else {
        return StripeError::invalid_request("The query string is not valid form encoding.", None)
            .into_response();
    };
    match shared.state().events.list_body(&params, "/v1/events") {
        Ok(body) => json_response(body),
        Err(err) => err.into_response(),
    }
}

async fn retrieve(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    match shared.state().events.get(&id) {
        Some(raw) => json_response(raw.to_owned()),
        None => StripeError::not_found("event", &id).into_response(),
    }
}
