//! `paydesk simulate` with `[llm]` enabled, against a fake OpenAI-compatible
//! server on loopback: the model is asked only about the tickets the built-in
//! classifier is unsure of, and a failing model changes no decision.

use std::path::{Path, PathBuf};
use std::process::Command;

use paydesk_testkit::{FakeLlm, Scripted};
use serde_json::{Value, json};

fn merchant(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/merchant")
        .join(file)
}

/// Two tickets that say what happened but not what is wanted, and one plain refund request.
fn write_tickets(dir: &Path) -> PathBuf {
    let ticket = |id: &str, at: &str, email: &str, body: &str| {
        json!({"id": id, "created_at": at, "channel": "email",
               "customer": {"email": email},
               "messages": [{"author": "customer", "at": at, "body": body}]})
        .to_string()
    };
    let lines = [
        ticket(
            "u-1",
            "2026-02-02T08:00:00Z",
            "emily.clarke@example.com",
            "Hi, about order #1036. The coffee was burnt. What now?",
        ),
        ticket(
            "u-2",
            "2026-02-02T13:11:00Z",
            "jonas.becker@example.de",
            "Hallo, bitte Bestellung #1037 ansehen. Danke",
        ),
        ticket(
            "c-1",
            "2026-02-02T09:00:00Z",
            "emily.clarke@example.com",
            "Hi, the coffee from order #1036 tastes burnt. Please refund my $27.90.",
        ),
    ];
    let path = dir.join("tickets.jsonl");
    std::fs::write(&path, lines.join("\n")).unwrap();
    path
}

fn simulate(tickets: &Path, env: &[(&str, String)]) -> Vec<Value> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_paydesk"));
    cmd.arg("simulate")
        .arg("--events")
        .arg(merchant("events.jsonl"))
        .arg("--orders")
        .arg(merchant("orders.jsonl"))
        .arg("--tickets")
        .arg(tickets);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn llm_env(fake: &FakeLlm) -> Vec<(&'static str, String)> {
    vec![
        ("PAYDESK_LLM_ENABLED", "true".into()),
        ("PAYDESK_LLM_BASE_URL", fake.base_url()),
        ("PAYDESK_LLM_MODEL", "fake-model".into()),
        ("PAYDESK_LLM_TIMEOUT_MS", "2000".into()),
        ("PAYDESK_LLM_MAX_RETRIES", "0".into()),
    ]
}

fn unsure(decisions: &[Value]) -> Vec<String> {
    decisions
        .iter()
        .filter(|d| d["reasons"].to_string().contains("intent unclear"))
        .map(|d| d["ticket_id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_failing_model_is_asked_only_about_unsure_tickets_and_changes_no_decision() {
    let dir = tempfile::tempdir().unwrap();
    let tickets = write_tickets(dir.path());
    let without = simulate(&tickets, &[]);
    let unsure = unsure(&without);
    assert!(
        !unsure.is_empty(),
        "the built-in classifier is sure of every ticket"
    );
    assert!(!unsure.contains(&"c-1".to_string()));

    let fake = FakeLlm::spawn(); // nothing scripted: every answer is a 500
    let with = simulate(&tickets, &llm_env(&fake));

    assert_eq!(
        fake.requests().len(),
        unsure.len(),
        "one call per unsure ticket"
    );
    for (a, b) in without.iter().zip(&with) {
        for field in [
            "ticket_id",
            "intent",
            "confidence",
            "outcome",
            "actions",
            "team",
            "reply",
        ] {
            assert_eq!(a[field], b[field], "{field} of {}", a["ticket_id"]);
        }
        let noted = b["reasons"].to_string().contains("language model asked");
        assert_eq!(
            noted,
            unsure.iter().any(|id| a["ticket_id"] == *id.as_str())
        );
    }
}

#[test]
fn the_models_proposal_reaches_the_decision_of_an_unsure_ticket() {
    let dir = tempfile::tempdir().unwrap();
    let tickets = write_tickets(dir.path());
    let unsure = unsure(&simulate(&tickets, &[]));
    let fake = FakeLlm::spawn();
    for _ in &unsure {
        fake.push(Scripted::tool_call(
            "classify_ticket",
            json!({"intent": "order_status", "confidence": 0.9, "order_number": null}),
        ));
    }
    let with = simulate(&tickets, &llm_env(&fake));
    for d in with
        .iter()
        .filter(|d| unsure.iter().any(|id| d["ticket_id"] == *id.as_str()))
    {
        assert_eq!(d["intent"], "order_status", "{d}");
        assert_eq!(d["confidence"], 0.9);
        assert_eq!(
            (d["outcome"].as_str(), d["team"].as_str()),
            (Some("escalated"), Some("support"))
        );
    }
}
