//! `spawn_app()`: the real service on port 0, with a fresh SQLite store.

use std::sync::Arc;
use std::time::Duration;

use paydesk_server::Config;
use paydesk_store::Store;
use serde_json::{Value, json};
use tokio::sync::oneshot;

pub const SECRET: &str = "whsec_test_secret";
/// The bearer token the ticket API tests configure.
pub const TOKEN: &str = "support-team-token-1";

pub struct TestApp {
    pub base: String,
    pub http: reqwest::Client,
    pub store: Arc<dyn Store>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
    _dir: tempfile::TempDir,
}

impl TestApp {
    /// Stops the service gracefully and waits until it has.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.unwrap();
        }
    }

    /// Posts a body to the webhook endpoint with a header signed now.
    pub async fn post_signed(&self, body: &[u8]) -> reqwest::Response {
        let header = paydesk_testkit::stripe_signature_header(body, SECRET, now());
        self.post_with_header(body, Some(&header)).await
    }

    /// Posts a body with the given `Stripe-Signature` header (or none).
    pub async fn post_with_header(&self, body: &[u8], header: Option<&str>) -> reqwest::Response {
        let mut req = self
            .http
            .post(format!("{}/webhooks/stripe", self.base))
            .body(body.to_vec());
        if let Some(h) = header {
            req = req.header("Stripe-Signature", h);
        }
        req.send().await.expect("request sent")
    }
}

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// The environment a test service gets; `extra` adds or overrides variables.
pub fn test_config(db_url: &str, extra: &[(&str, &str)]) -> Config {
    let mut vars: Vec<(String, String)> = vec![
        ("PAYDESK_LISTEN".into(), "127.0.0.1:0".into()),
        ("PAYDESK_DATABASE_URL".into(), db_url.into()),
        ("PAYDESK_STRIPE_WEBHOOK_SECRETS".into(), SECRET.into()),
    ];
    for (k, v) in extra {
        vars.retain(|(name, _)| name != k);
        vars.push((k.to_string(), v.to_string()));
    }
    Config::load_with_env(None, |name| {
        vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    })
    .expect("test configuration is valid")
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[]).await
}

pub async fn spawn_app_with(extra: &[(&str, &str)]) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/paydesk.db", dir.path().display());
    let config = test_config(&url, extra);
    let store = paydesk_store::connect(&url).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(paydesk_server::run_with_store(
        config,
        store.clone(),
        listener,
        async move {
            let _ = stopped.await;
        },
    ));
    let task = tokio::spawn(async move { task.await.unwrap().unwrap() });
    TestApp {
        base,
        http: reqwest::Client::new(),
        store,
        stop: Some(stop),
        task: Some(task),
        _dir: dir,
    }
}

/// A compact Stripe event around an object.
pub fn event(id: &str, event_type: &str, created: i64, object: Value) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "id": id, "object": "event", "api_version": "2024-06-20", "created": created,
        "type": event_type, "livemode": false, "pending_webhooks": 1,
        "request": {"id": null, "idempotency_key": null},
        "data": {"object": object}
    }))
    .unwrap()
}

/// A succeeded card charge of a customer.
pub fn charge(id: &str, customer: &str, amount: i64, created: i64) -> Value {
    json!({
        "id": id, "object": "charge", "amount": amount, "amount_captured": amount, "amount_refunded": 0,
        "currency": "eur", "customer": customer, "created": created, "status": "succeeded",
        "paid": true, "captured": true, "refunded": false, "disputed": false,
        "billing_details": {"email": null, "name": null},
        "metadata": {"order_id": "#1042"}, "payment_intent": format!("pi_{id}"),
        "payment_method_details": {"type": "card", "card": {"brand": "visa", "last4": "4242"}},
        "receipt_url": format!("https://pay.stripe.com/receipts/{id}"),
        "refunds": {"object": "list", "data": [], "has_more": false}
    })
}

/// Calls the API with the test token; (status, JSON body or null).
pub async fn call(app: &TestApp, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let url = format!("{}{path}", app.base);
    let mut request = match method {
        "GET" => app.http.get(url),
        _ => app.http.post(url),
    }
    .bearer_auth(TOKEN);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Polls the ticket until `done` holds (the outbox works in the background).
pub async fn wait_for(app: &TestApp, id: &str, what: &str, done: impl Fn(&Value) -> bool) -> Value {
    for _ in 0..200 {
        let (_, ticket) = call(app, "GET", &format!("/api/tickets/{id}"), None).await;
        if done(&ticket) {
            return ticket;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let (_, ticket) = call(app, "GET", &format!("/api/tickets/{id}"), None).await;
    panic!("ticket {id}: {what} did not happen: {ticket:#}");
}

/// Anna Weber (`cus_anna`, anna@example.de) and her 49.00 EUR charge `ch_anna`, two days ago.
pub async fn seed_anna(app: &TestApp) {
    let t = now() - 2 * 86_400;
    let customer = json!({"id": "cus_anna", "object": "customer", "email": "anna@example.de",
                          "name": "Anna Weber", "created": t - 100});
    for body in [
        event("evt_cus", "customer.created", t - 100, customer),
        event(
            "evt_ch",
            "charge.succeeded",
            t,
            charge("ch_anna", "cus_anna", 4900, t),
        ),
    ] {
        assert_eq!(app.post_signed(&body).await.status(), 200);
    }
}
