//! The write endpoints paydesk calls, with Stripe's idempotency semantics:
//! `POST /v1/refunds`, `POST`/`DELETE /v1/subscriptions/{id}`,
//! `POST /v1/billing_portal/sessions`, and `GET /v1/invoices/{id}`.
//!
//! Objects are built from the resource shapes in
//! `shared/data/stripe/fixtures3.json`, with the fields that matter filled in.
//! A request with an `Idempotency-Key` already seen is answered with the
//! first answer (header `Idempotent-Replayed: true`) and acts no more; the
//! same key with other parameters is a 400 `idempotency_error`, as at Stripe.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

use super::error::StripeError;
use super::{Shared, json_response};

/// A charge the fake account holds, for refunds.
#[derive(Debug, Clone)]
pub(crate) struct FakeCharge {
    pub(crate) customer: Option<String>,
    pub(crate) amount: i64,
    pub(crate) currency: String,
    pub(crate) refunded: i64,
}

/// A first answer kept for its idempotency key.
#[derive(Debug, Clone)]
pub(crate) struct Kept {
    fingerprint: String,
    status: StatusCode,
    body: String,
}

pub(crate) fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/v1/refunds", post(create_refund))
        .route(
            "/v1/subscriptions/{id}",
            post(update_subscription).delete(cancel_subscription),
        )
        .route("/v1/billing_portal/sessions", post(create_portal_session))
        .route("/v1/invoices/{id}", get(retrieve_invoice))
}

/// One resource's shape from fixtures3.json.
fn fixture(resource: &str) -> Value {
    static FIXTURES: OnceLock<Value> = OnceLock::new();
    let all = FIXTURES.get_or_init(|| {
        let path = crate::shared_dir().join("data/stripe/fixtures3.json");
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("fake Stripe: reading {}: {e}", path.display()));
        serde_json::from_str(&text).expect("fake Stripe: fixtures3.json is JSON")
    });
    all["resources"][resource].clone()
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Applies idempotency keys to POST and DELETE; also drops answers on request
/// (the action happens, the client sees a 503) to play a lost connection.
pub(crate) async fn idempotency(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let method = request.method().clone();
    if method != axum::http::Method::POST && method != axum::http::Method::DELETE {
        return next.run(request).await;
    }
    let key = request
        .headers()
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, 1 << 20).await else {
        return StripeError::invalid_request("The request body could not be read.", None)
            .into_response();
    };
    let fingerprint = format!(
        "{method} {}\n{}",
        parts.uri.path(),
        String::from_utf8_lossy(&bytes)
    );
    if let Some(key) = &key {
        let kept = shared.state().idempotent.get(key).cloned();
        if let Some(kept) = kept {
            if kept.fingerprint != fingerprint {
                return StripeError::idempotency_mismatch(key).into_response();
            }
            let mut response = (kept.status, json_response(kept.body)).into_response();
            response
                .headers_mut()
                .insert("idempotent-replayed", HeaderValue::from_static("true"));
            if let Ok(value) = HeaderValue::from_str(key) {
                response.headers_mut().insert("idempotency-key", value);
            }
            return response;
        }
    }
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    let status = response.status();
    let Ok(body) = to_bytes(response.into_body(), 1 << 20).await else {
        return StripeError::injected(StatusCode::INTERNAL_SERVER_ERROR).into_response();
    };
    let body = String::from_utf8_lossy(&body).into_owned();
    let mut state = shared.state();
    // Stripe keeps the result of a request that ran, success or refusal.
    if let Some(key) = key.clone() {
        state.idempotent.insert(
            key,
            Kept {
                fingerprint,
                status,
                body: body.clone(),
            },
        );
    }
    if state.lost_answers > 0 {
        state.lost_answers -= 1;
        return StripeError::injected(StatusCode::SERVICE_UNAVAILABLE).into_response();
    }
    (status, json_response(body)).into_response()
}

fn form(bytes: &[u8]) -> HashMap<String, String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(bytes)
        .unwrap_or_default()
        .into_iter()
        .collect()
}

async fn create_refund(State(shared): State<Arc<Shared>>, body: axum::body::Bytes) -> Response {
    let params = form(&body);
    let Some(charge_id) = params.get("charge").cloned() else {
        return StripeError::invalid_request(
            "One of the following params should be provided for this request: payment_intent or charge.",
            None,
        )
        .into_response();
    };
    let mut state = shared.state();
    let Some(charge) = state.charges.get_mut(&charge_id) else {
        return StripeError::no_such("charge", &charge_id, Some("charge")).into_response();
    };
    let remaining = charge.amount - charge.refunded;
    let amount = match params.get("amount").map(|a| a.parse::<i64>()) {
        None => remaining,
        Some(Ok(a)) if a > 0 => a,
        Some(_) => {
            return StripeError::invalid_request("Invalid positive integer", Some("amount"))
                .into_response();
        }
    };
    if remaining <= 0 {
        return StripeError::coded(
            &format!("Charge {charge_id} has already been refunded."),
            "charge_already_refunded",
            None,
        )
        .into_response();
    }
    if amount > remaining {
        return StripeError::coded(
            &format!(
                "Refund amount ({amount}) is greater than unrefunded amount on charge ({remaining})"
            ),
            "amount_too_large",
            Some("amount"),
        )
        .into_response();
    }
    charge.refunded += amount;
    let currency = charge.currency.clone();
    let customer = charge.customer.clone();
    state.refund_seq += 1;
    let mut refund = fixture("refund");
    refund["id"] = json!(format!("re_fake{:06}", state.refund_seq));
    refund["amount"] = json!(amount);
    refund["charge"] = json!(charge_id);
    refund["currency"] = json!(currency);
    refund["created"] = json!(now());
    refund["status"] = json!("succeeded");
    refund["customer"] = json!(customer);
    refund["reason"] = params.get("reason").map_or(Value::Null, |r| json!(r));
    let metadata: serde_json::Map<String, Value> = params
        .iter()
        .filter_map(|(k, v)| {
            let name = k.strip_prefix("metadata[")?.strip_suffix(']')?;
            Some((name.to_owned(), json!(v)))
        })
        .collect();
    refund["metadata"] = Value::Object(metadata);
    state.refunds.push(refund.clone());
    json_response(refund.to_string())
}

fn subscription_body(id: &str, sub: &Value) -> Value {
    let mut body = fixture("subscription");
    body["id"] = json!(id);
    for field in [
        "customer",
        "status",
        "cancel_at_period_end",
        "canceled_at",
        "cancel_at",
    ] {
        body[field] = sub[field].clone();
    }
    body
}

async fn update_subscription(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    let params = form(&body);
    let mut state = shared.state();
    let Some(sub) = state.subscriptions.get_mut(&id) else {
        return StripeError::not_found("subscription", &id).into_response();
    };
    if sub["status"] == "canceled" {
        return StripeError::invalid_request(
            "A canceled subscription can only update its cancellation_details and metadata.",
            None,
        )
        .into_response();
    }
    if let Some(flag) = params.get("cancel_at_period_end") {
        let on = flag == "true";
        sub["cancel_at_period_end"] = json!(on);
        sub["cancel_at"] = if on {
            sub["current_period_end"].clone()
        } else {
            Value::Null
        };
    }
    let body = subscription_body(&id, sub);
    json_response(body.to_string())
}

async fn cancel_subscription(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
) -> Response {
    let mut state = shared.state();
    let Some(sub) = state.subscriptions.get_mut(&id) else {
        return StripeError::not_found("subscription", &id).into_response();
    };
    if sub["status"] == "canceled" {
        return StripeError::no_such("subscription", &id, None).into_response();
    }
    sub["status"] = json!("canceled");
    sub["canceled_at"] = json!(now());
    let body = subscription_body(&id, sub);
    json_response(body.to_string())
}

async fn create_portal_session(
    State(shared): State<Arc<Shared>>,
    body: axum::body::Bytes,
) -> Response {
    let params = form(&body);
    let Some(customer) = params.get("customer").cloned() else {
        return StripeError::invalid_request("Missing required param: customer.", Some("customer"))
            .into_response();
    };
    let mut state = shared.state();
    if !state.customers.contains(&customer) {
        return StripeError::no_such("customer", &customer, Some("customer")).into_response();
    }
    state.portal_seq += 1;
    let id = format!("bps_fake{:06}", state.portal_seq);
    let mut session = fixture("billing_portal.session");
    session["id"] = json!(id);
    session["customer"] = json!(customer);
    session["created"] = json!(now());
    session["flow"] = Value::Null;
    session["return_url"] = params.get("return_url").map_or(Value::Null, |u| json!(u));
    session["url"] = json!(format!("https://billing.stripe.com/p/session/test_{id}"));
    state.portal_sessions.push(session.clone());
    json_response(session.to_string())
}

async fn retrieve_invoice(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    match shared.state().invoices.get(&id) {
        Some(invoice) => json_response(invoice.to_string()),
        None => StripeError::not_found("invoice", &id).into_response(),
    }
}

/// Builds an invoice from the fixture shape.
pub(crate) fn invoice(id: &str, customer: &str, hosted_invoice_url: &str) -> Value {
    let mut invoice = fixture("invoice");
    invoice["id"] = json!(id);
    invoice["customer"] = json!(customer);
    invoice["hosted_invoice_url"] = json!(hosted_invoice_url);
    invoice
}
