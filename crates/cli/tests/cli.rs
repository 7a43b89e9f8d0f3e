//! The `paydesk` binary, run as a merchant would.

use std::process::Command;

use serde_json::{Value, json};

fn paydesk(db: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_paydesk"));
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("PAYDESK_DATABASE_URL", db);
    cmd
}

fn line(id: &str, event_type: &str, created: i64, object: Value) -> String {
    json!({"id": id, "object": "event", "api_version": "2024-06-20", "created": created, "type": event_type,
           "livemode": false, "data": {"object": object}})
    .to_string()
}

fn sample_lines() -> Vec<String> {
    let charge = json!({"id": "ch_1", "object": "charge", "amount": 4990, "currency": "eur", "customer": "cus_1",
        "status": "succeeded", "created": 1_767_000_010, "amount_refunded": 0, "disputed": false,
        "billing_details": {"email": "Lea@Example.fr"}, "metadata": {"order_id": "1001"},
        "payment_method_details": {"card": {"last4": "1881"}}});
    let customer = json!({"id": "cus_1", "object": "customer", "email": "lea@example.fr", "name": "Léa Martin"});
    vec![
        line("evt_a", "customer.created", 1_767_000_000, customer),
        line("evt_b", "charge.succeeded", 1_767_000_010, charge),
        line(
            "evt_c",
            "product.created",
            1_767_000_020,
            json!({"id": "prod_1", "object": "product"}),
        ),
    ]
}

#[test]
fn import_then_customer_prints_the_history_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/p.db", dir.path().display());
    let file = dir.path().join("events.jsonl");
    std::fs::write(&file, sample_lines().join("\n") + "\n").unwrap();

    let out = paydesk(&db)
        .arg("import-events")
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("3 new"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    let out = paydesk(&db)
        .args(["customer", "LEA@example.fr", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let h: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(h["customer"]["id"], "cus_1");
    assert_eq!(h["charges"][0]["last4"], "1881");
    assert_eq!(h["charges"][0]["order_id"], "1001");

    let earlier = paydesk(&db)
        .args([
            "customer",
            "cus_1",
            "--json",
            "--as-of",
            "2025-12-29T09:20:05Z",
        ])
        .output()
        .unwrap();
    let h: Value = serde_json::from_slice(&earlier.stdout).unwrap();
    assert_eq!(
        h["charges"],
        json!([]),
        "the charge happened after that instant"
    );

    let again = paydesk(&db)
        .arg("import-events")
        .arg(&file)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&again.stdout).contains("0 new, 3 already stored"));
}

#[test]
fn a_malformed_line_stops_the_import_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/p.db", dir.path().display());
    let file = dir.path().join("events.jsonl");
    let mut lines = sample_lines();
    lines.insert(2, "{\"id\": \"evt_x\", \"object\": \"event\"".to_string());
    std::fs::write(&file, lines.join("\n")).unwrap();

    let out = paydesk(&db)
        .arg("import-events")
        .arg(&file)
        .output()
        .unwrap();

    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("events.jsonl:3:") && err.contains("2 events before it are stored"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn rebuild_mirror_recreates_the_same_history() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/p.db", dir.path().display());
    let file = dir.path().join("events.jsonl");
    std::fs::write(&file, sample_lines().join("\n")).unwrap();
    assert!(
        paydesk(&db)
            .arg("import-events")
            .arg(&file)
            .status()
            .unwrap()
            .success()
    );
    let before = paydesk(&db)
        .args(["customer", "cus_1", "--json"])
        .output()
        .unwrap()
        .stdout;

    let out = paydesk(&db).arg("rebuild-mirror").output().unwrap();

    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("from 3 events"));
    let after = paydesk(&db)
        .args(["customer", "cus_1", "--json"])
        .output()
        .unwrap()
        .stdout;
    assert_eq!(before, after);
}

#[test]
fn configuration_errors_are_one_clear_line() {
    let out = paydesk("sqlite://x.db")
        .env("PAYDESK_LISTEN", "nowhere")
        .arg("serve")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("error: configuration: `listen`") && err.contains("PAYDESK_LISTEN"),
        "{err}"
    );
    let out = paydesk("sqlite://x.db")
        .args(["customer", "x@y.z", "--as-of", "soon"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("--as-of"));
}

#[test]
fn demo_loads_the_sample_merchant_and_prints_the_simulation_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/demo.db", dir.path().display());
    let decisions = dir.path().join("decisions.jsonl");
    let run = || {
        paydesk(&db)
            .args(["demo", "--no-serve", "--database-url", &db, "--out"])
            .arg(&decisions)
            .output()
            .unwrap()
    };

    let out = run();

    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("2311 Stripe events in the log (2311 new)"),
        "{text}"
    );
    assert!(
        text.contains("212 tickets") && text.contains("automation rate"),
        "{text}"
    );
    assert_eq!(
        std::fs::read_to_string(&decisions).unwrap().lines().count(),
        212
    );
    let again = run();
    assert!(String::from_utf8_lossy(&again.stdout).contains("(0 new)"));
}

#[test]
fn tickets_json_prints_one_contract_line_per_ticket() {
    // Arrange: two tickets as the ticket API stores them.
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/t.db", dir.path().display());
    let ticket = |id: &str, status: &str, updated_at: i64| paydesk_store::TicketRow {
        id: id.into(),
        status: status.into(),
        team: Some("billing".into()),
        customer: Some("cus_anna".into()),
        email: Some("anna@example.de".into()),
        created_at: 1_767_225_600,
        updated_at,
        version: 1,
        doc: serde_json::json!({
            "id": id, "status": status, "team": "billing", "customer": "cus_anna",
            "email": "anna@example.de", "subject": "Erstattung", "created_at": 1_767_225_600,
            "updated_at": updated_at, "tags": ["refund_request"], "links": ["cus_anna", "ch_anna"],
            "messages": [{"seq": 1, "author": "customer", "body": "Bitte erstatten", "at": 1_767_225_600}],
            "decisions": [], "agent_paused": false,
        }),
    };
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let store = paydesk_store::connect(&db).await.unwrap();
        store
            .insert_ticket(&ticket("t-1", "open", 10))
            .await
            .unwrap();
        store
            .insert_ticket(&ticket("t-2", "solved", 20))
            .await
            .unwrap();
    });

    // Act
    let all = paydesk(&db).args(["tickets", "--json"]).output().unwrap();
    let open = paydesk(&db)
        .args(["tickets", "--json", "--status", "open"])
        .output()
        .unwrap();

    // Assert
    assert!(
        all.status.success(),
        "{}",
        String::from_utf8_lossy(&all.stderr)
    );
    let lines: Vec<Value> = String::from_utf8(all.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(
        lines[0],
        serde_json::json!({"id": "t-2", "status": "solved", "team": "billing", "customer": "cus_anna",
            "subject": "Erstattung", "created_at": 1_767_225_600, "tags": ["refund_request"],
            "links": ["cus_anna", "ch_anna"]})
    );
    let open = String::from_utf8(open.stdout).unwrap();
    assert_eq!(open.lines().count(), 1);
    assert!(open.contains("\"t-1\""));
}

#[test]
fn replay_playbooks_on_the_sample_merchant_opens_a_ticket_per_dispute_only() {
    // Act
    let events = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/merchant/events.jsonl"
    );
    let out = paydesk("sqlite::memory:")
        .args(["replay-playbooks", "--json", "--events", events])
        .output()
        .unwrap();

    // Assert
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let seen = report["events_seen"].as_u64().unwrap();
    let opened = report["tickets_opened"].as_u64().unwrap();
    assert!(seen > 2_000, "{report}");
    assert_eq!(report["naive_tickets"].as_u64(), Some(seen));
    assert!(
        report["fewer_tickets_pct"].as_f64().unwrap() >= 95.0,
        "{report}"
    );
    assert_eq!(
        opened,
        report["dispute_tickets"].as_u64().unwrap(),
        "only disputes open tickets: {report}"
    );
    let disputes: std::collections::HashSet<String> = std::fs::read_to_string(events)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|e| e["type"].as_str().unwrap().starts_with("charge.dispute."))
        .map(|e| e["data"]["object"]["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(opened as usize, disputes.len(), "one ticket per dispute");
    assert_eq!(
        report["decided_dispute_tickets"],
        report["decided_dispute_tickets_closed"]
    );
}

#[test]
fn a_missing_file_is_named_once_with_its_cause_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/p.db", dir.path().display());
    let missing = dir.path().join("no-such-events.jsonl");

    let out = paydesk(&db)
        .arg("import-events")
        .arg(&missing)
        .output()
        .unwrap();

    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("no-such-events.jsonl"), "{err}");
    assert_eq!(err.matches("No such file or directory").count(), 1, "{err}");
}
