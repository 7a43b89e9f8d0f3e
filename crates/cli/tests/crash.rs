//! Crash safety: SIGKILL `paydesk serve` under load; every event that got a
//! 2xx must be in the store afterwards.

use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const SECRET: &str = "whsec_test_secret";

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start(db: &str, port: u16) -> Child {
    Command::new(env!("CARGO_BIN_EXE_paydesk"))
        .arg("serve")
        .env("PAYDESK_LISTEN", format!("127.0.0.1:{port}"))
        .env("PAYDESK_DATABASE_URL", db)
        .env("PAYDESK_STRIPE_WEBHOOK_SECRETS", SECRET)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("paydesk starts")
}

async fn wait_healthy(http: &reqwest::Client, base: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if let Ok(res) = http.get(format!("{base}/healthz")).send().await
            && res.status().is_success()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("paydesk did not become healthy at {base}");
}

fn body(worker: usize, i: usize) -> (String, Vec<u8>) {
    let id = format!("evt_crash_{worker}_{i}");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let event = serde_json::json!({"id": id, "object": "event", "type": "charge.succeeded", "created": now,
        "data": {"object": {"id": format!("ch_{worker}_{i}"), "object": "charge", "amount": 100, "currency": "usd",
        "customer": "cus_crash", "status": "succeeded", "created": now}}});
    (id, serde_json::to_vec(&event).unwrap())
}

async fn crash_under_load(db: &str) {
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();
    let mut child = start(db, port);
    wait_healthy(&http, &base).await;

    let acked = Arc::new(Mutex::new(Vec::new()));
    let mut workers = Vec::new();
    for worker in 0..16 {
        let (http, base, acked) = (http.clone(), base.clone(), acked.clone());
        workers.push(tokio::spawn(async move {
            for i in 0..100_000 {
                let (id, body) = body(worker, i);
                let now = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_secs();
                let header = paydesk_testkit::stripe_signature_header(&body, SECRET, now as i64);
                let sent = http
                    .post(format!("{base}/webhooks/stripe"))
                    .header("Stripe-Signature", header)
                    .body(body)
                    .send()
                    .await;
                match sent {
                    Ok(res) if res.status().is_success() => acked.lock().unwrap().push(id),
                    Ok(res) => panic!("unexpected status {}", res.status()),
                    Err(_) => return, // the server is gone
                }
            }
        }));
    }
    // Let the load build up, then kill without warning.
    while acked.lock().unwrap().len() < 500 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    child.kill().expect("SIGKILL");
    child.wait().unwrap();
    for w in workers {
        w.await.unwrap();
    }

    let acked = acked.lock().unwrap().clone();
    let mut restarted = start(db, port);
    wait_healthy(&http, &base).await;
    let store = paydesk_store::connect(db).await.unwrap();
    let mut missing = Vec::new();
    for id in &acked {
        if store.event(id).await.unwrap().is_none() {
            missing.push(id.clone());
        }
    }
    restarted.kill().unwrap();
    restarted.wait().unwrap();
    assert!(
        acked.len() >= 500,
        "load was running: {} acknowledged",
        acked.len()
    );
    assert!(
        missing.is_empty(),
        "{} of {} acknowledged events lost: {:?}",
        missing.len(),
        acked.len(),
        &missing[..missing.len().min(5)]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_events_survive_sigkill_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    crash_under_load(&format!("sqlite://{}/crash.db", dir.path().display())).await;
}

/// A fresh, randomly named database on the real PostgreSQL server.
async fn fresh_pg_database() -> String {
    use sqlx::Connection;
    let base = std::env::var("PAYDESK_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let mut conn = sqlx::PgConnection::connect(&base)
        .await
        .unwrap_or_else(|e| panic!("PostgreSQL must be running at {base} (see .ci/run): {e}"));
    let name = format!("paydesk_crash_{}", std::process::id());
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .execute(&mut conn)
        .await
        .unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .unwrap();
    let (prefix, _) = base.rsplit_once('/').unwrap();
    format!("{prefix}/{name}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_events_survive_sigkill_on_postgres() {
    crash_under_load(&fresh_pg_database().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_stops_the_service_gracefully() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();
    let mut child = start(&format!("sqlite://{}/term.db", dir.path().display()), port);
    wait_healthy(&http, &base).await;

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();

    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "paydesk did not stop within 10 s of SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert!(status.success(), "exit status {status}");
}
