//! The ingest path's parse (`parse_event`, a borrowed tree) must give exactly
//! what the `serde_json::Value` path gives: the same envelope, the same
//! versions, the same errors.

use std::path::PathBuf;

use paydesk_domain::{EventEnvelope, parse_event, versions_of_event};
use proptest::prelude::*;
use serde_json::{Value, json};

fn by_value(raw: &[u8]) -> Result<(EventEnvelope, Vec<paydesk_domain::ObjectVersion>), String> {
    let (envelope, value) = EventEnvelope::parse(raw).map_err(|e| e.to_string())?;
    let versions = versions_of_event(&envelope, &value);
    Ok((envelope, versions))
}

fn by_tree(raw: &[u8]) -> Result<(EventEnvelope, Vec<paydesk_domain::ObjectVersion>), String> {
    parse_event(raw).map_err(|e| e.to_string())
}

fn real_events() -> Vec<(String, Vec<u8>)> {
    let dir = std::env::var_os("PAYDESK_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
        .join("data/stripe/events");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect()
}

#[test]
fn every_real_event_parses_the_same_both_ways() {
    let events = real_events();
    assert!(events.len() > 20, "only {} real events", events.len());
    let mut versions = 0;
    for (name, raw) in events {
        let expected = by_value(&raw);
        assert_eq!(by_tree(&raw), expected, "{name}");
        versions += expected.map_or(0, |(_, v)| v.len());
    }
    assert!(versions > 20, "only {versions} versions");
}

#[test]
fn odd_shapes_parse_the_same_both_ways() {
    let cases = [
        json!({"object": "event", "id": "evt_1", "type": "charge.refunded", "created": 5,
               "data": {"object": {"object": "charge", "id": "ch_1", "metadata": {"order_id": 12.50},
               "customer": {"id": "cus_1", "object": "customer"}, "amount": 18446744073709551615u64,
               "refunds": [{"object": "refund", "id": "re_1", "charge": "", "status": "pending"}]}}}),
        json!({"object": "event", "id": "evt_2", "type": "invoice.paid", "created": -1, "livemode": "yes",
               "data": {"object": {"object": "invoice", "id": "in_1", "customer": {"object": "customer"},
               "payments": {"data": [{"object": "invoice_payment", "id": "inpay_1", "status": "open",
               "payment": {"charge": "ch_2"}}, {"status": "paid", "payment": {"payment_intent": "pi_1"}}]}}}}),
        json!({"object": "event", "id": "evt_3", "type": "customer.deleted", "created": 9,
               "data": {"object": {"object": "customer", "id": "cus_2", "email": "A@B.C",
               "preferred_locales": ["de", 3, null]}}}),
        json!({"object": "event", "id": "evt_4", "type": "x", "created": 1.5, "data": {}}),
        json!({"object": "event", "id": "", "type": "x", "created": 1, "data": {}}),
        json!({"object": "charge"}),
        json!([1, 2]),
    ];
    for case in cases {
        let raw = case.to_string().into_bytes();
        assert_eq!(by_tree(&raw), by_value(&raw), "{case}");
    }
    for raw in [
        &b""[..],
        b"{",
        b"nope",
        b"{\"object\":\"event\"} trailing",
        b"\xff",
    ] {
        assert_eq!(
            by_tree(raw),
            by_value(raw),
            "{}",
            String::from_utf8_lossy(raw)
        );
    }
}

#[test]
fn escaped_and_repeated_keys_read_the_same_both_ways() {
    let raw = br#"{"object":"event","id":"evt_\u0031","type":"charge.updated","created":1,"created":2,
        "data":{"object":{"object":"charge","id":"ch_\"q\"","st\u0061tus":"succeeded","status":"failed"}}}"#;
    assert_eq!(by_tree(raw), by_value(raw));
}

fn json_value() -> impl Strategy<Value = Value> {
    let key = prop::sample::select(vec![
        "object",
        "id",
        "type",
        "created",
        "data",
        "status",
        "customer",
        "charge",
        "refunds",
        "charges",
        "payments",
        "payment",
        "invoice",
        "amount",
        "email",
        "metadata",
        "order_id",
        "payment_intent",
        "subscription",
        "parent",
        "items",
        "current_period_end",
        "livemode",
    ]);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1e6f64..1e6).prop_map(Value::from),
        prop::sample::select(vec![
            "",
            "event",
            "charge",
            "refund",
            "invoice",
            "invoice_payment",
            "customer",
            "dispute",
            "payment_intent",
            "subscription",
            "succeeded",
            "paid",
            "ch_1",
            "cus_1",
            "X@Y.z",
            "é\"\\\n",
            "list",
        ])
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(5, 64, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..6).prop_map(|members| {
                Value::Object(
                    members
                        .into_iter()
                        .map(|(k, v)| (k.to_string(), v))
                        .collect(),
                )
            }),
        ]
    })
}

proptest! {
    #[test]
    fn any_json_parses_the_same_both_ways(object in json_value(), created in any::<i64>(), kind in "[a-z]{1,8}\\.(created|updated|deleted)") {
        let event = json!({"object": "event", "id": "evt_p", "type": kind, "created": created,
                           "data": {"object": object}});
        let raw = event.to_string().into_bytes();
        prop_assert_eq!(by_tree(&raw), by_value(&raw));
    }
}
