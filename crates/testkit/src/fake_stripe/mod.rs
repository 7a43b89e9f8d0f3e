//! A fake of Stripe's REST API on loopback, answering in Stripe's documented formats.
//!
//! Each resource has its state in [`State`] and a routes file (`events.rs`
//! for the Events API, `actions.rs` for refunds, subscriptions, billing
//! portal sessions and invoices) merged in [`router`]. Authentication,
//! injected failures and request recording apply to every route via
//! [`gate`]; idempotency keys to every write via [`actions::idempotency`].

mod actions;
mod error;
mod events;
mod list;

use std::collections::{HashMap, HashSet, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::Router;
use axum::extract::{Query, Request, State as AxumState};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::{StatusCode, Uri};
use axum::middleware::{Next, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use tokio::sync::oneshot;

use error::StripeError;
use list::Collection;

/// One request the fake received, for assertions about how it was called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// HTTP method, such as "GET".
    pub method: String,
    /// Path without the query, such as "/v1/events".
    pub path: String,
    /// Raw query string without the `?` ("" when there was none).
    pub query: String,
    /// Status the fake answered with.
    pub status: u16,
    /// The `Idempotency-Key` header, when sent.
    pub idempotency_key: Option<String>,
}

impl RecordedRequest {
    /// The decoded value of query parameter `name`, if present.
    pub fn param(&self, name: &str) -> Option<String> {
        let uri: Uri = format!("/?{}", self.query).parse().ok()?;
        let Query(params) = Query::<HashMap<String, String>>::try_from_uri(&uri).ok()?;
        params.get(name).cloned()
    }
}

/// What the fake Stripe account holds and what it has seen.
#[derive(Debug)]
pub(crate) struct State {
    pub(crate) events: Collection,
    /// Statuses to answer the next requests with, one per request.
    failures: VecDeque<StatusCode>,
    requests: Vec<RecordedRequest>,
    pub(crate) charges: HashMap<String, actions::FakeCharge>,
    pub(crate) customers: HashSet<String>,
    pub(crate) subscriptions: HashMap<String, serde_json::Value>,
    pub(crate) invoices: HashMap<String, serde_json::Value>,
    pub(crate) refunds: Vec<serde_json::Value>,
    pub(crate) portal_sessions: Vec<serde_json::Value>,
    pub(crate) idempotent: HashMap<String, actions::Kept>,
    pub(crate) refund_seq: u64,
    pub(crate) portal_seq: u64,
    /// Writes that act but whose answer is replaced by a 503 (a lost connection).
    pub(crate) lost_answers: usize,
    /// Delay before answering the next requests, one per request.
    delays: VecDeque<std::time::Duration>,
}

/// State shared by the handle and the server task.
#[derive(Debug)]
pub(crate) struct Shared {
    api_key: String,
    state: Mutex<State>,
}

impl Shared {
    /// Locks the state; a panicking test thread must not wedge the fake for others.
    pub(crate) fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A running fake Stripe API; the server stops when this is dropped.
#[derive(Debug)]
pub struct FakeStripe {
    addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: Option<oneshot::Sender<()>>,
}

impl FakeStripe {
    /// Starts the fake on 127.0.0.1 (random port); only `Authorization: Bearer {api_key}` is let in.
    pub async fn start(api_key: &str) -> FakeStripe {
        let state = State {
            events: Collection::new("event"),
            failures: VecDeque::new(),
            requests: Vec::new(),
            charges: HashMap::new(),
            customers: HashSet::new(),
            subscriptions: HashMap::new(),
            invoices: HashMap::new(),
            refunds: Vec::new(),
            portal_sessions: Vec::new(),
            idempotent: HashMap::new(),
            refund_seq: 0,
            portal_seq: 0,
            lost_answers: 0,
            delays: VecDeque::new(),
        };
        let shared = Arc::new(Shared {
            api_key: api_key.to_owned(),
            state: Mutex::new(state),
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("fake Stripe: bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("fake Stripe: local address");
        let (shutdown, stopped) = oneshot::channel::<()>();
        let app = router(shared.clone());
        tokio::spawn(async move {
            let stop = async move {
                let _ = stopped.await;
            };
            if let Err(err) = axum::serve(listener, app)
                .with_graceful_shutdown(stop)
                .await
            {
                eprintln!("fake Stripe server failed: {err}");
            }
        });
        FakeStripe {
            addr,
            shared,
            shutdown: Some(shutdown),
        }
    }

    /// "http://127.0.0.1:PORT", to use as the Stripe API base.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Adds events the account "has"; they are listed newest first by (created desc, then insertion order desc).
    pub fn add_events(&self, events: Vec<serde_json::Value>) {
        self.add_raw_events(events.iter().map(|event| event.to_string()).collect());
    }

    /// Like [`FakeStripe::add_events`], but each event is served as exactly this JSON text
    /// (trimmed), so tests can check that clients keep raw bytes intact.
    pub fn add_raw_events(&self, events: Vec<String>) {
        let mut state = self.shared.state();
        for raw in &events {
            state.events.insert_raw(raw);
        }
    }

    /// The next `n` requests get `status` (429 with Retry-After: 0 and Stripe's rate_limit error JSON; 5xx with api_error JSON).
    ///
    /// Calls queue up: `fail_next(2, 500)` then `fail_next(1, 429)` fails three requests in that order.
    pub fn fail_next(&self, n: usize, status: u16) {
        let status =
            StatusCode::from_u16(status).expect("fake Stripe: fail_next needs a valid HTTP status");
        self.shared
            .state()
            .failures
            .extend(std::iter::repeat_n(status, n));
    }

    /// A customer and a succeeded charge of theirs, to refund.
    pub fn add_charge(&self, charge: &str, customer: &str, amount: i64, currency: &str) {
        let mut state = self.shared.state();
        state.customers.insert(customer.to_owned());
        state.charges.insert(
            charge.to_owned(),
            actions::FakeCharge {
                customer: Some(customer.to_owned()),
                amount,
                currency: currency.to_owned(),
                refunded: 0,
            },
        );
    }

    /// A customer (for billing portal sessions).
    pub fn add_customer(&self, customer: &str) {
        self.shared.state().customers.insert(customer.to_owned());
    }

    /// An active subscription of a customer, its period ending at `current_period_end`.
    pub fn add_subscription(&self, subscription: &str, customer: &str, current_period_end: i64) {
        let mut state = self.shared.state();
        state.customers.insert(customer.to_owned());
        state.subscriptions.insert(
            subscription.to_owned(),
            serde_json::json!({
                "customer": customer, "status": "active", "cancel_at_period_end": false,
                "canceled_at": null, "cancel_at": null, "current_period_end": current_period_end,
            }),
        );
    }

    /// An invoice with its hosted link.
    pub fn add_invoice(&self, invoice: &str, customer: &str, hosted_invoice_url: &str) {
        let body = actions::invoice(invoice, customer, hosted_invoice_url);
        self.shared
            .state()
            .invoices
            .insert(invoice.to_owned(), body);
    }

    /// Every refund created, in order.
    pub fn refunds(&self) -> Vec<serde_json::Value> {
        self.shared.state().refunds.clone()
    }

    /// Every billing portal session created, in order.
    pub fn portal_sessions(&self) -> Vec<serde_json::Value> {
        self.shared.state().portal_sessions.clone()
    }

    /// A subscription's state: `{customer, status, cancel_at_period_end, canceled_at, …}`.
    pub fn subscription(&self, subscription: &str) -> Option<serde_json::Value> {
        self.shared.state().subscriptions.get(subscription).cloned()
    }

    /// The next `n` writes act, but their answers are lost: the client gets a
    /// 503 as if the connection broke after Stripe committed.
    pub fn lose_next_answers(&self, n: usize) {
        self.shared.state().lost_answers += n;
    }

    /// The next request waits `delay` before it is handled (for client timeouts).
    pub fn delay_next(&self, delay: std::time::Duration) {
        self.shared.state().delays.push_back(delay);
    }

    /// Every request received so far, in the order they were answered.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.state().requests.clone()
    }
}

impl Drop for FakeStripe {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

/// Every resource's routes behind the common [`gate`].
fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .merge(events::routes())
        .merge(actions::routes())
        .fallback(|request: Request| async move {
            StripeError::unrecognized_url(request.method().as_str(), request.uri().path())
        })
        .layer(from_fn_with_state(shared.clone(), actions::idempotency))
        .layer(from_fn_with_state(shared.clone(), gate))
        .with_state(shared)
}

/// Checks the API key, applies injected failures, and records the exchange.
async fn gate(AxumState(shared): AxumState<Arc<Shared>>, request: Request, next: Next) -> Response {
    let method = request.method().to_string();
    let path = request.uri().path().to_owned();
    let query = request.uri().query().unwrap_or_default().to_owned();
    let idempotency_key = request
        .headers()
        .get("idempotency-key")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let delay = shared.state().delays.pop_front();
    if let Some(delay) = delay {
        tokio::time::sleep(delay).await;
    }
    let sent_key = request
        .headers()
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::to_owned);
    let response = if sent_key.as_deref() != Some(shared.api_key.as_str()) {
        StripeError::unauthorized(sent_key.as_deref()).into_response()
    } else if let Some(status) = shared.state().failures.pop_front() {
        StripeError::injected(status).into_response()
    } else {
        next.run(request).await
    };
    let status = response.status().as_u16();
    shared.state().requests.push(RecordedRequest {
        method,
        path,
        query,
        status,
        idempotency_key,
    });
    response
}

/// A 200 answer carrying JSON text as is.
pub(crate) fn json_response(body: String) -> Response {
    ([(CONTENT_TYPE, "application/json")], body).into_response()
}
