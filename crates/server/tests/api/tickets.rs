//! The ticket API and the live agent loop against the fake Stripe API: modes
//! (autopilot, approve, draft), approvals, a person's reply pausing the
//! agent, and never two refunds of one charge.

use std::time::Duration;

use paydesk_testkit::FakeStripe;
use serde_json::{Value, json};

use crate::helpers::{TOKEN, TestApp, call, seed_anna, spawn_app_with, wait_for};

const KEY: &str = "sk_test_51PaydeskFakeKey0000";

/// A shop whose customer Anna paid 49.00 EUR two days ago; the service
/// talks to the fake Stripe, and `modes` is its policy's [modes] table.
async fn shop(modes: &str) -> (TestApp, FakeStripe, tempfile::TempDir) {
    let fake = FakeStripe::start(KEY).await;
    fake.add_charge("ch_anna", "cus_anna", 4900, "eur");
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.toml");
    std::fs::write(&policy, format!("[modes]\n{modes}\n")).unwrap();
    let base = fake.base_url();
    let policy = policy.display().to_string();
    let app = spawn_app_with(&[
        ("PAYDESK_API_TOKENS", TOKEN),
        ("PAYDESK_STRIPE_API_KEY", KEY),
        ("PAYDESK_STRIPE_API_BASE", &base),
        ("PAYDESK_AGENT_POLICY_FILE", &policy),
        ("PAYDESK_OUTBOX_POLL_INTERVAL_MS", "20"),
    ])
    .await;
    seed_anna(&app).await;
    (app, fake, dir)
}

fn agent_replies(ticket: &Value) -> Vec<String> {
    ticket["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["author"] == "agent")
        .map(|m| m["body"].as_str().unwrap().to_owned())
        .collect()
}

const REFUND_DE: &str = "Hallo, ich möchte bitte mein Geld für die Bestellung zurück. \
    Können Sie mir die 49,00 € erstatten? Danke, Anna";

#[tokio::test]
async fn the_ticket_api_needs_a_configured_token() {
    // Arrange
    let (app, _fake, _dir) = shop("").await;
    let open = spawn_app_with(&[]).await;

    // Act
    let url = format!("{}/api/tickets", app.base);
    let without = app.http.get(&url).send().await.unwrap().status();
    let wrong = app
        .http
        .get(&url)
        .bearer_auth("nope")
        .send()
        .await
        .unwrap()
        .status();
    let unconfigured = open
        .http
        .get(format!("{}/api/tickets", open.base))
        .send()
        .await
        .unwrap();

    // Assert
    assert_eq!(without, 401);
    assert_eq!(wrong, 401);
    assert_eq!(unconfigured.status(), 401);
    let body: Value = unconfigured.json().await.unwrap();
    assert!(
        body["error"]["detail"]
            .as_str()
            .unwrap()
            .contains("PAYDESK_API_TOKENS")
    );
    app.stop().await;
    open.stop().await;
}

#[tokio::test]
async fn on_autopilot_a_refund_is_made_once_and_answered_in_german() {
    // Arrange
    let (app, fake, _dir) = shop(r#"refund_request = "autopilot""#).await;

    // Act
    let (status, created) = call(
        &app,
        "POST",
        "/api/tickets",
        Some(json!({
            "id": "t-anna", "email": "Anna@Example.de", "subject": "Erstattung", "body": REFUND_DE,
        })),
    )
    .await;
    let ticket = wait_for(&app, "t-anna", "the reply", |t| {
        !agent_replies(t).is_empty()
    })
    .await;

    // Assert
    assert_eq!(status, 201, "{created:#}");
    let decision = &ticket["decisions"][0];
    assert_eq!(decision["state"], "executed");
    assert_eq!(decision["decision"]["language"], "de");
    assert_eq!(decision["decision"]["intent"], "refund_request");
    assert_eq!(decision["decision"]["actions"][0]["charge"], "ch_anna");
    let refunds = fake.refunds();
    assert_eq!(refunds.len(), 1);
    assert_eq!(
        (refunds[0]["amount"].as_i64(), refunds[0]["charge"].as_str()),
        (Some(4900), Some("ch_anna"))
    );
    assert_eq!(refunds[0]["metadata"]["paydesk_decision"], "t-anna:m1");
    let reply = &agent_replies(&ticket)[0];
    assert!(reply.contains("49,00"), "{reply}");
    assert_eq!(ticket["status"], "solved");
    assert_eq!(ticket["customer"], "cus_anna");
    assert!(
        ticket["links"]
            .as_array()
            .unwrap()
            .contains(&json!("ch_anna"))
    );

    // Act again: she writes the same once more before Stripe's webhook arrives.
    call(
        &app,
        "POST",
        "/api/tickets/t-anna/messages",
        Some(json!({"body": REFUND_DE})),
    )
    .await;
    let ticket = wait_for(&app, "t-anna", "the second reply", |t| {
        agent_replies(t).len() == 2
    })
    .await;

    // Assert: one answer per message, and never a second refund of the charge.
    assert_eq!(ticket["decisions"].as_array().unwrap().len(), 2);
    assert_eq!(fake.refunds().len(), 1, "{:?}", fake.refunds());
    app.stop().await;
}

#[tokio::test]
async fn on_approve_nothing_happens_until_a_person_approves() {
    // Arrange: the default modes (approval for refunds).
    let (app, fake, _dir) = shop("").await;
    let (_, ticket) = call(
        &app,
        "POST",
        "/api/tickets",
        Some(json!({
            "id": "t-ap", "email": "anna@example.de", "body": REFUND_DE,
        })),
    )
    .await;

    // Assert: proposed, a note for the person, nothing sent.
    let decision = &ticket["decisions"][0];
    assert_eq!(decision["state"], "proposed");
    assert_eq!(decision["mode"], "approve");
    assert_eq!(ticket["status"], "open");
    assert_eq!(ticket["team"], "billing");
    assert!(agent_replies(&ticket).is_empty());
    tokio::time::sleep(Duration::from_millis(150)).await;
    assert!(fake.refunds().is_empty());

    // Act
    let (status, approved) = call(
        &app,
        "POST",
        "/api/tickets/t-ap/decisions/t-ap:m1/approve",
        Some(json!({"by": "lena@shop.example"})),
    )
    .await;
    let ticket = wait_for(&app, "t-ap", "the approved reply", |t| {
        !agent_replies(t).is_empty()
    })
    .await;
    let (again, _) = call(
        &app,
        "POST",
        "/api/tickets/t-ap/decisions/t-ap:m1/approve",
        Some(json!({"by": "lena@shop.example"})),
    )
    .await;

    // Assert
    assert_eq!(status, 200, "{approved:#}");
    assert_eq!(ticket["decisions"][0]["state"], "approved");
    assert_eq!(ticket["decisions"][0]["by"], "lena@shop.example");
    assert_eq!(fake.refunds().len(), 1);
    assert_eq!(again, 409, "a decision is approved once");
    let (_, audit) = call(&app, "GET", "/api/tickets/t-ap/audit", None).await;
    let outcomes: Vec<&str> = audit["audit"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["outcome"].as_str().unwrap())
        .collect();
    for expected in ["opened", "proposed", "approved", "queued", "done"] {
        assert!(outcomes.contains(&expected), "{outcomes:?}");
    }
    app.stop().await;
}

#[tokio::test]
async fn a_rejected_decision_does_nothing() {
    // Arrange
    let (app, fake, _dir) = shop("").await;
    call(
        &app,
        "POST",
        "/api/tickets",
        Some(json!({
            "id": "t-rej", "email": "anna@example.de", "body": REFUND_DE,
        })),
    )
    .await;

    // Act
    let (status, ticket) = call(
        &app,
        "POST",
        "/api/tickets/t-rej/decisions/t-rej:m1/reject",
        Some(json!({"by": "lena@shop.example", "reason": "order already returned to sender"})),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(150)).await;

    // Assert
    assert_eq!(status, 200);
    assert_eq!(ticket["decisions"][0]["state"], "rejected");
    assert!(fake.refunds().is_empty());
    assert!(agent_replies(&ticket).is_empty());
    let (_, jobs) = call(&app, "GET", "/api/outbox", None).await;
    assert_eq!(jobs["jobs"].as_array().unwrap().len(), 0);
    app.stop().await;
}

#[tokio::test]
async fn a_persons_reply_keeps_the_agent_out_until_resumed() {
    // Arrange: informational intents run on autopilot by default.
    let (app, _fake, _dir) = shop(r#"refund_request = "draft""#).await;
    call(
        &app,
        "POST",
        "/api/tickets",
        Some(json!({
            "id": "t-p", "email": "anna@example.de", "body": REFUND_DE,
        })),
    )
    .await;

    // Act
    let (_, replied) = call(&app, "POST", "/api/tickets/t-p/reply",
        Some(json!({"body": "Hallo Anna, ich kümmere mich persönlich darum. Lena", "by": "lena@shop.example"}))).await;
    let (_, after) = call(
        &app,
        "POST",
        "/api/tickets/t-p/messages",
        Some(json!({"body": "Wo ist meine Zahlung? Wann kommt die Erstattung?"})),
    )
    .await;
    call(
        &app,
        "POST",
        "/api/tickets/t-p/resume",
        Some(json!({"by": "lena@shop.example"})),
    )
    .await;
    let (_, resumed) = call(
        &app,
        "POST",
        "/api/tickets/t-p/messages",
        Some(json!({"body": "Hallo? Wann kommt die Erstattung?"})),
    )
    .await;

    // Assert
    let drafted = &replied["decisions"][0];
    assert_eq!(drafted["state"], "drafted", "draft mode sends nothing");
    assert!(
        replied["messages"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["author"] == "note")
    );
    assert_eq!(replied["agent_paused"], true);
    assert_eq!(
        after["decisions"].as_array().unwrap().len(),
        1,
        "paused: no decision"
    );
    assert_eq!(
        resumed["decisions"].as_array().unwrap().len(),
        2,
        "resumed: decides again"
    );
    app.stop().await;
}

#[tokio::test]
async fn bad_requests_say_what_is_wrong() {
    // Arrange
    let (app, _fake, _dir) = shop("").await;

    // Act
    let (empty, e1) = call(
        &app,
        "POST",
        "/api/tickets",
        Some(json!({"email": "a@b.c", "body": "  "})),
    )
    .await;
    let (unknown, e2) = call(
        &app,
        "POST",
        "/api/tickets",
        Some(json!({"body": "hi", "priority": 1})),
    )
    .await;
    let (missing, _) = call(&app, "GET", "/api/tickets/t-none", None).await;
    let (status, e3) = call(&app, "GET", "/api/tickets?status=later", None).await;

    // Assert
    assert_eq!(empty, 400);
    assert!(
        e1["error"]["detail"].as_str().unwrap().contains("body"),
        "{e1}"
    );
    assert_eq!(unknown, 400);
    assert!(
        e2["error"]["detail"].as_str().unwrap().contains("priority"),
        "{e2}"
    );
    assert_eq!(missing, 404);
    assert_eq!(status, 400, "{e3}");
    app.stop().await;
}
