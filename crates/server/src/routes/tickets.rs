//! The ticket API (the generic channel any form or app can post to) and the
//! outbox's parked jobs. Every route needs a bearer token.
//!
//! - `POST /api/tickets` `{id?, email?, name?, subject?, body, channel?}` → 201, the ticket
//! - `GET /api/tickets[?status=&customer=&limit=]` → `{"tickets": [summary…]}`
//! - `GET /api/tickets/{id}` → the ticket with its thread and decisions
//! - `POST /api/tickets/{id}/messages` `{body}`: the customer wrote again
//! - `POST /api/tickets/{id}/reply` `{body, by}`: a person answers (pauses the agent)
//! - `POST /api/tickets/{id}/resume` `{by}`: the agent may answer again
//! - `POST /api/tickets/{id}/decisions/{decision}/approve` `{by}`
//! - `POST /api/tickets/{id}/decisions/{decision}/reject` `{by, reason?}`
//! - `GET /api/tickets/{id}/audit` → the ticket's audit trail
//! - `GET /api/outbox[?status=parked]`, `POST /api/outbox/{id}/retry` `{by}`

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use paydesk_store::{JobStatus, TicketFilter};
use serde::Deserialize;
use serde_json::{Value, json};

use super::AppState;
use crate::error::ApiError;
use crate::ingest::now_ms;
use crate::tickets::{Channel, NewTicket, Ticket, TicketError};

/// The ticket and outbox routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/tickets", post(create).get(list))
        .route("/api/tickets/{id}", get(read))
        .route("/api/tickets/{id}/messages", post(customer_message))
        .route("/api/tickets/{id}/reply", post(reply))
        .route("/api/tickets/{id}/resume", post(resume))
        .route(
            "/api/tickets/{id}/decisions/{decision}/approve",
            post(approve),
        )
        .route(
            "/api/tickets/{id}/decisions/{decision}/reject",
            post(reject),
        )
        .route("/api/tickets/{id}/audit", get(audit))
        .route("/api/outbox", get(outbox))
        .route("/api/outbox/{id}/retry", post(retry))
}

impl From<TicketError> for ApiError {
    fn from(e: TicketError) -> Self {
        match e {
            TicketError::NotFound(what) => {
                ApiError::client(StatusCode::NOT_FOUND, "not_found", format!("no {what}"))
            }
            TicketError::Conflict(detail) => {
                ApiError::client(StatusCode::CONFLICT, "conflict", detail)
            }
            TicketError::Invalid(detail) => {
                ApiError::client(StatusCode::BAD_REQUEST, "invalid_request", detail)
            }
            TicketError::Busy(_) => ApiError::unavailable(e),
            TicketError::Store(e) => ApiError::unavailable(e),
        }
    }
}

/// A JSON body, or a 400 that says what is wrong with it.
fn body<T>(json: Result<Json<T>, JsonRejection>) -> Result<T, ApiError> {
    json.map(|Json(v)| v)
        .map_err(|e| ApiError::client(StatusCode::BAD_REQUEST, "invalid_body", e.body_text()))
}

fn now() -> i64 {
    now_ms() / 1000
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateBody {
    id: Option<String>,
    email: Option<String>,
    name: Option<String>,
    subject: Option<String>,
    body: String,
    #[serde(default)]
    channel: Channel,
}

async fn create(
    State(state): State<AppState>,
    json: Result<Json<CreateBody>, JsonRejection>,
) -> Result<(StatusCode, Json<Ticket>), ApiError> {
    let b = body(json)?;
    if let Some(email) = &b.email
        && (email.len() > 254 || !email.contains('@') || email.chars().any(char::is_control))
    {
        return Err(ApiError::client(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "`email` is not an email address",
        ));
    }
    if b.channel == Channel::Email && b.email.is_none() {
        return Err(ApiError::client(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "`channel` \"email\" needs the customer's `email`",
        ));
    }
    let new = NewTicket {
        id: b.id,
        email: b.email,
        name: b.name,
        subject: b.subject,
        body: b.body,
        channel: b.channel,
    };
    let ticket = state.tickets.create(new, now()).await?;
    Ok((StatusCode::CREATED, Json(ticket)))
}

#[derive(Deserialize)]
struct ListQuery {
    status: Option<String>,
    customer: Option<String>,
    limit: Option<u32>,
}

async fn list(
    State(state): State<AppState>,
    Query(q): Query<ListQuery>,
) -> Result<Json<Value>, ApiError> {
    if let Some(s) = &q.status
        && !["open", "pending", "solved", "closed"].contains(&s.as_str())
    {
        return Err(ApiError::client(
            StatusCode::BAD_REQUEST,
            "invalid_status",
            format!("`status` {s:?}: use open, pending, solved or closed"),
        ));
    }
    let filter = TicketFilter {
        status: q.status,
        customer: q.customer,
        limit: q.limit.unwrap_or(100).min(1_000),
    };
    let tickets = state.tickets.list(&filter).await?;
    let tickets: Vec<Value> = tickets.iter().map(Ticket::summary).collect();
    Ok(Json(json!({ "tickets": tickets })))
}

async fn read(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Ticket>, ApiError> {
    Ok(Json(state.tickets.get(&id).await?.0))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MessageBody {
    body: String,
}

async fn customer_message(
    State(state): State<AppState>,
    Path(id): Path<String>,
    json: Result<Json<MessageBody>, JsonRejection>,
) -> Result<Json<Ticket>, ApiError> {
    let b = body(json)?;
    Ok(Json(
        state
            .tickets
            .add_customer_message(&id, &b.body, now())
            .await?,
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReplyBody {
    body: String,
    by: String,
}

async fn reply(
    State(state): State<AppState>,
    Path(id): Path<String>,
    json: Result<Json<ReplyBody>, JsonRejection>,
) -> Result<Json<Ticket>, ApiError> {
    let b = body(json)?;
    Ok(Json(
        state
            .tickets
            .reply_by_person(&id, &b.body, &b.by, now())
            .await?,
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ByBody {
    by: String,
    reason: Option<String>,
}

async fn resume(
    State(state): State<AppState>,
    Path(id): Path<String>,
    json: Result<Json<ByBody>, JsonRejection>,
) -> Result<Json<Ticket>, ApiError> {
    let b = body(json)?;
    Ok(Json(state.tickets.resume_agent(&id, &b.by, now()).await?))
}

async fn approve(
    State(state): State<AppState>,
    Path((id, decision)): Path<(String, String)>,
    json: Result<Json<ByBody>, JsonRejection>,
) -> Result<Json<Ticket>, ApiError> {
    let b = body(json)?;
    Ok(Json(
        state.tickets.approve(&id, &decision, &b.by, now()).await?,
    ))
}

async fn reject(
    State(state): State<AppState>,
    Path((id, decision)): Path<(String, String)>,
    json: Result<Json<ByBody>, JsonRejection>,
) -> Result<Json<Ticket>, ApiError> {
    let b = body(json)?;
    let ticket = state
        .tickets
        .reject(&id, &decision, &b.by, b.reason.as_deref(), now())
        .await?;
    Ok(Json(ticket))
}

async fn audit(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    state.tickets.get(&id).await?;
    let entries = state
        .store
        .audit_log(Some(&format!("ticket:{id}")), 1_000)
        .await
        .map_err(ApiError::unavailable)?;
    Ok(Json(json!({ "audit": entries })))
}

#[derive(Deserialize)]
struct OutboxQuery {
    status: Option<String>,
}

async fn outbox(
    State(state): State<AppState>,
    Query(q): Query<OutboxQuery>,
) -> Result<Json<Value>, ApiError> {
    let status = match q.status.as_deref() {
        None => None,
        Some(s) => Some(JobStatus::parse(s).ok_or_else(|| {
            ApiError::client(
                StatusCode::BAD_REQUEST,
                "invalid_status",
                format!("`status` {s:?}: use pending, running, done or parked"),
            )
        })?),
    };
    let jobs = state
        .store
        .jobs(status, 1_000)
        .await
        .map_err(ApiError::unavailable)?;
    Ok(Json(json!({ "jobs": jobs })))
}

async fn retry(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    json: Result<Json<ByBody>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let b = body(json)?;
    if !state
        .store
        .requeue_job(id, now_ms(), &b.by)
        .await
        .map_err(ApiError::unavailable)?
    {
        return Err(ApiError::client(
            StatusCode::CONFLICT,
            "not_parked",
            format!("job {id} is not parked (or does not exist)"),
        ));
    }
    Ok(Json(json!({ "job": id, "status": "pending" })))
}
