//! The sample merchant (examples/merchant): every ticket's decision checked
//! field by field against the expected one, and no money moved that should not.

use std::collections::HashMap;
use std::process::Command;

use serde_json::Value;

fn merchant(file: &str) -> String {
    format!(
        "{}/../../examples/merchant/{file}",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn read_jsonl(path: &std::path::Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn decisions_match_the_expected_ones_and_no_action_is_unsafe() {
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("decisions.jsonl");
    let out = Command::new(env!("CARGO_BIN_EXE_paydesk"))
        .args([
            "simulate",
            "--events",
            &merchant("events.jsonl"),
            "--tickets",
            &merchant("tickets.jsonl"),
        ])
        .args([
            "--orders",
            &merchant("orders.jsonl"),
            "--kb",
            &merchant("kb"),
            "--policy",
            &merchant("policy.toml"),
        ])
        .arg("--out")
        .arg(&out_file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected: HashMap<String, Value> =
        read_jsonl(std::path::Path::new(&merchant("expected.jsonl")))
            .into_iter()
            .map(|e| (e["ticket_id"].as_str().unwrap().to_string(), e))
            .collect();
    let decisions = read_jsonl(&out_file);
    assert_eq!(decisions.len(), expected.len());

    let fields = [
        "language", "intent", "outcome", "team", "customer", "actions",
    ];
    let mut all_match = 0;
    let mut unsafe_actions = Vec::new();
    let mut per_field: HashMap<&str, usize> = HashMap::new();
    for d in &decisions {
        let id = d["ticket_id"].as_str().unwrap();
        let e = &expected[id];
        let wrong: Vec<&str> = fields.iter().copied().filter(|f| d[*f] != e[*f]).collect();
        for f in &wrong {
            *per_field.entry(f).or_default() += 1;
        }
        if wrong.is_empty() {
            all_match += 1;
        } else {
            println!(
                "{id}: {}",
                wrong
                    .iter()
                    .map(|f| format!("{f} {} ≠ {}", d[*f], e[*f]))
                    .collect::<Vec<_>>()
                    .join("; ")
            );
        }
        // Unsafe: any action with money or a subscription the expected decision does not take.
        for action in d["actions"].as_array().unwrap() {
            if !e["actions"].as_array().unwrap().contains(action)
                && action["type"] != "send_invoice"
                && action["type"] != "payment_update_link"
            {
                unsafe_actions.push(format!("{id}: {action}"));
            }
        }
    }
    let language_right = decisions
        .iter()
        .filter(|d| d["language"] == expected[d["ticket_id"].as_str().unwrap()]["language"])
        .count();
    println!(
        "sample merchant: {all_match}/{} decisions match on every field; language {language_right}/{}; mismatches per field {per_field:?}",
        decisions.len(),
        decisions.len()
    );
    assert_eq!(
        language_right,
        decisions.len(),
        "every reply in the customer's language"
    );
    assert!(
        all_match * 100 >= decisions.len() * 90,
        "{all_match}/{} match",
        decisions.len()
    );
    assert!(
        unsafe_actions.len() <= 2,
        "unsafe actions: {unsafe_actions:#?}"
    );
}
