//! `paydesk classify` and `paydesk simulate`, run as a merchant would.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;

fn paydesk() -> Command {
    Command::new(env!("CARGO_BIN_EXE_paydesk"))
}

/// Fails with the command's stderr unless it succeeded.
fn assert_ok(out: &std::process::Output) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn demo_events() -> String {
    format!(
        "{}/../../examples/demo/events.jsonl",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn classify_reads_jsonl_and_answers_language_intent_and_confidence() {
    let mut child = paydesk()
        .arg("classify")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let input = [
        r#"{"id":1,"text":"refund pls"}"#,
        r#"{"id":"b","text":"Karte abgelehnt"}"#,
        r#"{"id":3,"text":"我被扣了两次钱"}"#,
        r#"{"id":4,"text":"Je voudrais annuler mon abonnement"}"#,
        r#"{"id":5,"text":"¿Me pueden mandar la factura del pedido 1042?"}"#,
    ];
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.join("\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let rows: Vec<Value> = out
        .stdout
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    let got: Vec<(String, String)> = rows
        .iter()
        .map(|r| {
            (
                r["language"].as_str().unwrap().to_string(),
                r["intent"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [
        ("en", "refund_request"),
        ("de", "payment_failed"),
        ("zh", "duplicate_charge"),
        ("fr", "cancel_subscription"),
        ("es", "invoice_request"),
    ];
    assert_eq!(got, expected.map(|(l, i)| (l.to_string(), i.to_string())));
    assert_eq!(rows[1]["id"], "b");
    assert!(
        rows.iter()
            .all(|r| (0.0..=1.0).contains(&r["confidence"].as_f64().unwrap()))
    );
}

fn ticket(id: &str, at: &str, email: &str, body: &str) -> String {
    serde_json::json!({"id": id, "created_at": at, "channel": "email", "customer": {"email": email, "name": "Test"},
        "subject": "", "messages": [{"author": "customer", "at": at, "body": body}]})
    .to_string()
}

#[test]
fn simulate_decides_each_ticket_against_the_state_as_of_its_time() {
    let dir = tempfile::tempdir().unwrap();
    let tickets = dir.path().join("tickets.jsonl");
    let lines = [
        // Before the refund of 2026-03-03 the order is refundable; after it, already refunded.
        ticket(
            "t-before",
            "2026-03-02T12:00:00Z",
            "anna.weber@example.de",
            "Ich möchte mein Geld für Bestellung #1001 zurück.",
        ),
        ticket(
            "t-after",
            "2026-03-04T12:00:00Z",
            "anna.weber@example.de",
            "Ich möchte mein Geld für Bestellung #1001 zurück.",
        ),
        ticket(
            "t-unknown",
            "2026-03-04T12:00:00Z",
            "nobody@example.org",
            "I want a refund please",
        ),
        ticket(
            "t-dispute",
            "2026-03-09T12:00:00Z",
            "wei.zhang@example.cn",
            "我已经向银行申请拒付了",
        ),
    ];
    std::fs::write(&tickets, lines.join("\n")).unwrap();
    let out_file = dir.path().join("decisions.jsonl");
    let report = dir.path().join("report.json");

    let out = paydesk()
        .args(["simulate", "--events", &demo_events(), "--tickets"])
        .arg(&tickets)
        .arg("--out")
        .arg(&out_file)
        .arg("--report-json")
        .arg(&report)
        .output()
        .unwrap();

    assert_ok(&out);
    let d: Vec<Value> = std::fs::read_to_string(&out_file)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(d[0]["outcome"], "resolved");
    assert_eq!(
        d[0]["actions"],
        serde_json::json!([{"type": "refund", "charge": "ch_demo_anna1", "amount": 4990, "currency": "eur"}])
    );
    assert!(
        d[0]["reply"].as_str().unwrap().contains("49,90 €"),
        "{}",
        d[0]["reply"]
    );
    assert_eq!(
        (
            d[1]["outcome"].as_str(),
            d[1]["actions"].as_array().unwrap().len()
        ),
        (Some("resolved"), 0)
    );
    assert_eq!(
        (d[2]["outcome"].as_str(), d[2]["customer"].is_null()),
        (Some("needs_info"), true)
    );
    assert_eq!(
        (d[3]["team"].as_str(), d[3]["language"].as_str()),
        (Some("disputes"), Some("zh"))
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("automation rate 50.0%"), "{stderr}");
    let figures: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(figures["tickets"]["count"], 4);
    assert_eq!(figures["refunded"]["eur"], 4990);
}

#[test]
fn simulate_stops_on_bad_input_naming_file_and_line_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let tickets = dir.path().join("tickets.jsonl");
    let good = ticket(
        "t-1",
        "2026-03-02T12:00:00Z",
        "anna.weber@example.de",
        "refund please",
    );
    let no_messages =
        r#"{"id":"t-2","created_at":"2026-03-02T12:00:00Z","customer":{},"messages":[]}"#;
    std::fs::write(&tickets, format!("{good}\n{no_messages}\n")).unwrap();
    let out_file = dir.path().join("decisions.jsonl");

    let out = paydesk()
        .args(["simulate", "--events", &demo_events(), "--tickets"])
        .arg(&tickets)
        .arg("--out")
        .arg(&out_file)
        .output()
        .unwrap();

    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("tickets.jsonl:2:") && err.contains("no message from the customer"),
        "{err}"
    );
    assert!(!out_file.exists(), "nothing half-written");

    let policy = dir.path().join("policy.toml");
    std::fs::write(&policy, "[refunds]\nmax_amout = 1\n").unwrap();
    let out = paydesk()
        .args(["simulate", "--events", &demo_events(), "--tickets"])
        .arg(&tickets)
        .arg("--policy")
        .arg(&policy)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && err.contains("policy.toml") && err.contains("max_amout"),
        "{err}"
    );
}

#[test]
fn a_message_in_a_language_paydesk_does_not_write_is_answered_in_english_by_a_person() {
    // Arrange: Anna's order #1001 is refundable on 2026-03-02 (the German ticket above
    // is refunded on autopilot); here she asks in Italian, then in Russian, then in Japanese.
    let dir = tempfile::tempdir().unwrap();
    let tickets = dir.path().join("tickets.jsonl");
    let at = "2026-03-02T12:00:00Z";
    let lines = [
        ticket(
            "t-it",
            at,
            "anna.weber@example.de",
            "Buongiorno, vorrei il rimborso dell'ordine #1001, il caffè è arrivato rovinato.",
        ),
        ticket(
            "t-ru",
            at,
            "anna.weber@example.de",
            "Здравствуйте, верните, пожалуйста, деньги за заказ #1001.",
        ),
        ticket(
            "t-ja",
            at,
            "anna.weber@example.de",
            "注文#1001の返金をお願いします。",
        ),
    ];
    std::fs::write(&tickets, lines.join("\n")).unwrap();

    // Act
    let d = simulate_to_stdout(&tickets);

    // Assert: the real language is named, nothing is refunded, a person takes it, the reply is English.
    let languages: Vec<&str> = d.iter().map(|x| x["language"].as_str().unwrap()).collect();
    assert_eq!(languages, ["it", "ru", "ja"]);
    for x in &d {
        assert_eq!(x["actions"], serde_json::json!([]), "{x}");
        assert_eq!(
            (x["outcome"].as_str(), x["team"].as_str()),
            (Some("escalated"), Some("support"))
        );
        assert_eq!(x["reply"], x["reply_en"], "{x}");
        assert!(x["reply"].as_str().unwrap().starts_with("Hi "), "{x}");
    }
}

/// `paydesk simulate` over the demo events; the decisions it prints.
fn simulate_to_stdout(tickets: &std::path::Path) -> Vec<Value> {
    let out = paydesk()
        .args(["simulate", "--events", &demo_events(), "--tickets"])
        .arg(tickets)
        .output()
        .unwrap();
    assert_ok(&out);
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}
