//! The live agent's help in `serve`: the language model of `[llm]` (against
//! the fake OpenAI-compatible server) and the knowledge base of
//! `agent.kb_dir`. The model proposes, the same rules decide; every failure
//! keeps the built-in result with the reason in the ticket's decision.

use std::time::{Duration, Instant};

use paydesk_testkit::{FakeLlm, FakeStripe, Scripted};
use serde_json::{Value, json};

use crate::helpers::{TestApp, seed_anna, spawn_app_with, test_config};

const KEY: &str = "sk_test_51PaydeskFakeKey0000";
const TOKEN: &str = "support-team-token-2";

/// Vague: it says what it is about, not what is wanted.
const UNSURE: &str =
    "Hallo, es geht um meine Bestellung vom Dienstag. Können Sie sich das bitte einmal ansehen?";

/// A policy under which the classifier is unsure of [`UNSURE`] whatever it is trained on.
const STRICT: &str = "[understanding]\nmin_confidence = 0.95\nmin_action_confidence = 0.9\n";

/// A shop whose customer Anna paid 49.00 EUR two days ago; `policy` is its
/// policy file (refund requests on autopilot) and `extra` adds to the environment.
async fn shop(
    llm: Option<&FakeLlm>,
    policy: &str,
    extra: &[(&str, &str)],
) -> (TestApp, FakeStripe, tempfile::TempDir) {
    let fake = FakeStripe::start(KEY).await;
    fake.add_charge("ch_anna", "cus_anna", 4900, "eur");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("policy.toml");
    let text = format!("{policy}\n[modes]\nrefund_request = \"autopilot\"\n");
    std::fs::write(&file, text).unwrap();
    let (base, file) = (fake.base_url(), file.display().to_string());
    let llm_url = llm.map(FakeLlm::base_url).unwrap_or_default();
    let mut vars = vec![
        ("PAYDESK_API_TOKENS", TOKEN),
        ("PAYDESK_STRIPE_API_KEY", KEY),
        ("PAYDESK_STRIPE_API_BASE", base.as_str()),
        ("PAYDESK_AGENT_POLICY_FILE", file.as_str()),
        ("PAYDESK_OUTBOX_POLL_INTERVAL_MS", "20"),
    ];
    if llm.is_some() {
        vars.extend([
            ("PAYDESK_LLM_ENABLED", "true"),
            ("PAYDESK_LLM_BASE_URL", llm_url.as_str()),
            ("PAYDESK_LLM_MODEL", "fake-model"),
            ("PAYDESK_LLM_MAX_RETRIES", "0"),
        ]);
    }
    vars.extend_from_slice(extra);
    let app = spawn_app_with(&vars).await;
    seed_anna(&app).await;
    (app, fake, dir)
}

/// Anna writes; the ticket as the API returns it after the agent's decision.
async fn anna_writes(app: &TestApp, id: &str, subject: &str, body: &str) -> Value {
    let response = app
        .http
        .post(format!("{}/api/tickets", app.base))
        .bearer_auth(TOKEN)
        .json(&json!({"id": id, "email": "anna@example.de", "subject": subject, "body": body}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

fn decision(ticket: &Value) -> &Value {
    &ticket["decisions"][0]["decision"]
}

fn reasons(ticket: &Value) -> String {
    decision(ticket)["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect::<Vec<_>>()
        .join(" | ")
}

fn classify(intent: &str, confidence: f64) -> Scripted {
    Scripted::tool_call(
        "classify_ticket",
        json!({"intent": intent, "confidence": confidence}),
    )
}

#[tokio::test]
async fn an_unsure_message_gets_the_models_intent_decided_by_the_same_rules() {
    // Arrange
    let llm = FakeLlm::spawn();
    llm.push(classify("order_status", 0.96));
    let (app, _stripe, _dir) = shop(Some(&llm), STRICT, &[]).await;

    // Act
    let ticket = anna_writes(&app, "t-llm-1", "Bestellung", UNSURE).await;

    // Assert
    let d = decision(&ticket);
    assert_eq!(d["intent"], "order_status", "{}", reasons(&ticket));
    assert_eq!(d["confidence"], 0.96);
    assert_eq!(d["outcome"], "escalated");
    assert_eq!(d["team"], "support");
    assert_eq!(d["actions"], json!([]));
    assert!(reasons(&ticket).contains("it proposed order_status (0.96)"));
    assert_eq!(llm.requests().len(), 1, "asked once");
    app.stop().await;
}

#[tokio::test]
async fn a_sure_message_is_not_sent_to_the_model() {
    // Arrange: the default floor (understanding.min_confidence 0.45).
    let llm = FakeLlm::spawn();
    let (app, stripe, _dir) = shop(Some(&llm), "", &[]).await;
    let clear = "Hallo, bitte erstatten Sie mir die 49,00 € für meine Bestellung, ich möchte mein Geld zurück. Danke, Anna";

    // Act
    let ticket = anna_writes(&app, "t-llm-2", "Erstattung", clear).await;

    // Assert
    assert_eq!(decision(&ticket)["intent"], "refund_request");
    assert!(llm.requests().is_empty(), "{}", reasons(&ticket));
    assert!(!reasons(&ticket).contains("language model"));
    drop(stripe);
    app.stop().await;
}

#[tokio::test]
async fn a_model_that_times_out_or_answers_garbage_leaves_the_built_in_result() {
    // Arrange
    let llm = FakeLlm::spawn();
    llm.push(classify("refund_request", 0.99).after(Duration::from_secs(3)));
    llm.push(Scripted::Body(
        "{\"choices\": [{\"message\": \"nope\"}]}".into(),
    ));
    let timeout = [("PAYDESK_LLM_TIMEOUT_MS", "300")];
    let (app, stripe, _dir) = shop(Some(&llm), STRICT, &timeout).await;

    // Act
    let started = Instant::now();
    let slow = anna_writes(&app, "t-llm-3", "Bestellung", UNSURE).await;
    let took = started.elapsed();
    let garbage = anna_writes(&app, "t-llm-4", "Bestellung", &format!("{UNSURE} Bitte.")).await;

    // Assert
    assert!(
        took < Duration::from_millis(2_500),
        "answered after {took:?}"
    );
    for ticket in [&slow, &garbage] {
        let r = reasons(ticket);
        assert!(r.contains("not used ("), "{r}");
        assert!(r.contains("built-in result kept"), "{r}");
        assert_eq!(decision(ticket)["actions"], json!([]), "{r}");
    }
    assert!(
        reasons(&slow).contains("no answer within"),
        "{}",
        reasons(&slow)
    );
    assert!(stripe.refunds().is_empty());
    app.stop().await;
}

#[tokio::test]
async fn a_slow_model_does_not_hold_up_other_tickets() {
    // Arrange: every answer takes 800 ms.
    let llm = FakeLlm::spawn();
    let pause = Duration::from_millis(800);
    llm.push(classify("order_status", 0.96).after(pause));
    llm.push(classify("order_status", 0.96).after(pause));
    let (app, _stripe, _dir) = shop(Some(&llm), STRICT, &[]).await;

    // Act: two customers' messages at the same time.
    let started = Instant::now();
    let (first, second) = tokio::join!(
        anna_writes(&app, "t-llm-6", "Bestellung 1", UNSURE),
        anna_writes(&app, "t-llm-7", "Bestellung 2", UNSURE),
    );
    let took = started.elapsed();

    // Assert: the two waits overlapped.
    assert_eq!(decision(&first)["intent"], "order_status");
    assert_eq!(decision(&second)["intent"], "order_status");
    assert!(took < Duration::from_millis(1_500), "took {took:?}");
    app.stop().await;
}

#[tokio::test]
async fn a_refund_the_model_proposes_outside_the_policy_is_not_made() {
    // Arrange: automatic refunds only up to 10.00 EUR; Anna paid 49.00.
    let llm = FakeLlm::spawn();
    llm.push(classify("refund_request", 0.99));
    let policy = format!("{STRICT}[refunds]\nmax_amount = {{ eur = 1000 }}\n");
    let (app, stripe, _dir) = shop(Some(&llm), &policy, &[]).await;

    // Act
    let ticket = anna_writes(&app, "t-llm-5", "Bestellung", UNSURE).await;
    tokio::time::sleep(Duration::from_millis(300)).await;

    // Assert
    let d = decision(&ticket);
    assert_eq!(d["intent"], "refund_request", "{}", reasons(&ticket));
    assert_eq!(d["outcome"], "escalated");
    assert_eq!(d["team"], "billing");
    assert_eq!(d["actions"], json!([]));
    assert!(stripe.refunds().is_empty(), "no refund was made");
    app.stop().await;
}

#[tokio::test]
async fn an_escalated_ticket_carries_the_knowledge_base_passage() {
    // Arrange
    let kb = format!("{}/../../examples/merchant/kb", env!("CARGO_MANIFEST_DIR"));
    let (app, _stripe, _dir) = shop(None, "", &[("PAYDESK_AGENT_KB_DIR", kb.as_str())]).await;
    let body = "Hallo, meine Sendungsverfolgung zeigt seit einer Woche keinen neuen Stand. Wo ist das Paket?";

    // Act
    let ticket = anna_writes(&app, "t-kb-1", "Wo bleibt mein Paket?", body).await;

    // Assert
    let d = decision(&ticket);
    assert_eq!(d["outcome"], "escalated", "{}", reasons(&ticket));
    assert!(
        reasons(&ticket).contains("kb: shipping.md — Tracking links are emailed when"),
        "{}",
        reasons(&ticket)
    );
    assert!(!d["reply"].as_str().unwrap().contains("Tracking"));
    app.stop().await;
}

#[test]
fn a_knowledge_base_folder_that_does_not_exist_is_named_at_start() {
    let missing = "/nonexistent/paydesk-kb";

    let message = paydesk_server::Config::load_with_env(None, |name| match name {
        "PAYDESK_AGENT_KB_DIR" => Some(missing.to_string()),
        _ => None,
    })
    .unwrap_err()
    .to_string();

    assert!(message.contains("agent.kb_dir"), "{message}");
    assert!(message.contains(missing), "{message}");
}

#[tokio::test]
async fn a_knowledge_base_file_that_is_not_utf8_stops_the_start_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("faq.md"), b"# FAQ\n\n- caf\xe9\n").unwrap();
    let db = format!("sqlite://{}/paydesk.db", dir.path().display());
    let kb = dir.path().display().to_string();
    let config = test_config(&db, &[("PAYDESK_AGENT_KB_DIR", &kb)]);
    let store = paydesk_store::connect(&db).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();

    let error = paydesk_server::run_with_store(config, store, listener, async {})
        .await
        .unwrap_err()
        .to_string();

    assert!(error.contains("agent.kb_dir"), "{error}");
    assert!(error.contains("faq.md"), "{error}");
    assert!(error.contains("not UTF-8"), "{error}");
}
