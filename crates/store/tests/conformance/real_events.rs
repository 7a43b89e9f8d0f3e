//! The real Stripe payloads of `shared/data/stripe/events`: every one is
//! logged, the payment objects among them are mirrored, the rest is kept and
//! ignored. Several sample files share one event id; the log keeps the first.

use std::collections::{BTreeSet, HashMap};

use paydesk_domain::{EventEnvelope, ObjectType, versions_of_event};
use paydesk_store::{Appended, Store, VersionFilter};
use serde_json::Value;

use super::{new_event, probe};

/// The `data.object.object` kinds the mirror keeps.
const MIRRORED: [&str; 8] = [
    "charge",
    "refund",
    "dispute",
    "customer",
    "subscription",
    "invoice",
    "payment_intent",
    "invoice_payment",
];

/// Types paydesk does not model; they must still be logged.
const UNMODELLED: [&str; 4] = [
    "product.created",
    "product.deleted",
    "checkout.session.completed",
    "entitlements.active_entitlement_summary.updated",
];

fn parsed(raw: &[u8]) -> Value {
    serde_json::from_slice(raw).expect("a sample payload is JSON")
}

fn id_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("id").and_then(Value::as_str).map(str::to_string),
        _ => None,
    }
}

/// Event id → (file name, bytes) of the first sample carrying it.
type FirstFiles = HashMap<String, (String, Vec<u8>)>;

/// For each event id, the first sample file carrying it (name, bytes), and
/// what appending all samples in file order must answer.
fn first_file_per_id(samples: &[(String, Vec<u8>)]) -> (FirstFiles, Vec<Appended>) {
    let mut first_of = HashMap::new();
    let mut outcomes = Vec::new();
    for (file, raw) in samples {
        let id = parsed(raw)["id"].as_str().expect("an event id").to_string();
        let new = !first_of.contains_key(&id);
        first_of
            .entry(id)
            .or_insert_with(|| (file.clone(), raw.clone()));
        outcomes.push(if new {
            Appended::Inserted
        } else {
            Appended::Duplicate
        });
    }
    (first_of, outcomes)
}

pub async fn real_events_are_logged_once_per_id(store: &dyn Store) {
    // Arrange
    let samples = paydesk_testkit::real_events();
    let (first_of, expected) = first_file_per_id(&samples);
    let batch: Vec<_> = samples
        .iter()
        .map(|(_, raw)| new_event(raw.clone()))
        .collect();

    // Act
    let outcomes = store
        .append(&batch)
        .await
        .expect("every real payload appends");
    let again = store
        .append(&batch)
        .await
        .expect("a full redelivery appends");

    // Assert
    assert_eq!(
        outcomes, expected,
        "first file of each id inserted, the rest duplicates"
    );
    assert!(again.iter().all(|o| *o == Appended::Duplicate), "{again:?}");
    assert!(
        first_of.len() < samples.len(),
        "the samples are expected to share ids"
    );
    assert_eq!(store.event_count().await.unwrap(), first_of.len() as u64);
    for (id, (file, raw)) in &first_of {
        let stored = store.event(id).await.unwrap();
        let stored = stored.unwrap_or_else(|| panic!("{id} ({file}) not logged"));
        assert_eq!(&stored.raw, raw, "{file}: bytes changed");
        assert_eq!(
            stored.event_type,
            parsed(raw)["type"].as_str().unwrap(),
            "{file}"
        );
    }
    let logged = store.events_after(0, 1000).await.unwrap();
    let logged_types: BTreeSet<String> = logged.into_iter().map(|e| e.event_type).collect();
    for unmodelled in UNMODELLED {
        assert!(
            logged_types.contains(unmodelled),
            "{unmodelled} not logged: {logged_types:?}"
        );
    }
}

/// Each sample as its own event (re-keyed `evt_<file stem>`, since several
/// samples share an id) so that every payload's objects can be checked.
pub async fn every_real_payload_is_mirrored(store: &dyn Store, url: &str) {
    // Arrange
    let samples: Vec<(String, Value)> = paydesk_testkit::real_events()
        .into_iter()
        .map(|(file, raw)| {
            let mut v = parsed(&raw);
            let stem = file.trim_end_matches(".json").to_string();
            v["id"] = Value::String(format!("evt_{stem}"));
            (stem, v)
        })
        .collect();

    // Act
    for (stem, v) in &samples {
        let outcome = store
            .append(&[new_event(serde_json::to_vec(v).unwrap())])
            .await;
        let outcome = outcome.unwrap_or_else(|e| panic!("{stem}: {e}"));
        assert_eq!(outcome, vec![Appended::Inserted], "{stem}");
    }

    // Assert
    let rows = probe::mirror_rows(url).await;
    let mut kinds_seen = BTreeSet::new();
    for (stem, v) in &samples {
        let kind = v["data"]["object"]["object"].as_str().unwrap_or_default();
        if MIRRORED.contains(&kind) {
            kinds_seen.insert(kind);
            assert_mirrored(store, &rows, stem, v).await;
        } else {
            let event_id = format!("evt_{stem}");
            assert!(
                !rows.iter().any(|r| r.2 == event_id),
                "{stem}: a {kind} must not be mirrored"
            );
            assert!(
                store.event(&event_id).await.unwrap().is_some(),
                "{stem}: not logged"
            );
        }
    }
    assert_eq!(
        kinds_seen.len(),
        MIRRORED.len(),
        "the samples cover every mirrored kind: {kinds_seen:?}"
    );
}

/// The sample's object (and any refunds embedded in it) has a mirror row for
/// this event, and the trait reads the object back when the payload says how.
async fn assert_mirrored(
    store: &dyn Store,
    rows: &BTreeSet<probe::Row>,
    stem: &str,
    event: &Value,
) {
    let event_id = format!("evt_{stem}");
    let object = &event["data"]["object"];
    let kind = object["object"].as_str().unwrap();
    let object_id = id_of(&object["id"]).expect("a mirrored object has an id");
    let row = (kind.to_string(), object_id.clone(), event_id.clone());
    assert!(
        rows.contains(&row),
        "{stem}: no mirror version of {kind} {object_id}"
    );
    for embedded in object["refunds"]["data"].as_array().into_iter().flatten() {
        let refund = (
            "refund".to_string(),
            id_of(&embedded["id"]).unwrap(),
            event_id.clone(),
        );
        assert!(
            rows.contains(&refund),
            "{stem}: embedded refund {} not mirrored",
            refund.1
        );
    }
    if let Some(filter) = reader_of(kind, &object_id, object) {
        let latest = store.latest_versions(&filter, i64::MAX).await.unwrap();
        let found = latest
            .iter()
            .any(|v| v.object_type.as_str() == kind && v.object_id == object_id);
        assert!(
            found,
            "{stem}: {kind} {object_id} is not readable through {filter:?}"
        );
    }
}

/// The trait's way to read an object back, judged from the payload alone.
fn reader_of(kind: &str, id: &str, object: &Value) -> Option<VersionFilter> {
    let kind_of = |k: &str| ObjectType::from_stripe(k).expect("a mirrored kind");
    match kind {
        "customer" => Some(VersionFilter::Customer(id.to_string())),
        "refund" | "dispute" => {
            let charge = id_of(&object["charge"])?;
            Some(VersionFilter::Parents(vec![kind_of(kind)], vec![charge]))
        }
        "invoice_payment" => {
            let invoice = id_of(&object["invoice"])?;
            Some(VersionFilter::Parents(
                vec![ObjectType::InvoicePayment],
                vec![invoice],
            ))
        }
        _ => id_of(&object["customer"]).map(VersionFilter::Customer),
    }
}

/// All samples in one batch, as `paydesk import-events` sends them: the
/// mirror must hold exactly what the logged payloads say, nothing from a
/// payload the log refused as a duplicate (else a rebuild changes it).
pub async fn the_mirror_is_what_the_logged_payloads_say(store: &dyn Store, url: &str) {
    // Arrange
    let batch: Vec<_> = paydesk_testkit::real_events()
        .into_iter()
        .map(|(_, raw)| new_event(raw))
        .collect();

    // Act
    store
        .append(&batch)
        .await
        .expect("every real payload appends");

    // Assert
    let mut from_log = BTreeSet::new();
    for stored in store.events_after(0, 1000).await.unwrap() {
        let (envelope, value) = EventEnvelope::parse(&stored.raw).unwrap();
        for v in versions_of_event(&envelope, &value) {
            from_log.insert((v.object_type.as_str().to_string(), v.object_id, v.event_id));
        }
    }
    let mirrored = probe::mirror_rows(url).await;
    let extra: Vec<_> = mirrored.difference(&from_log).collect();
    let missing: Vec<_> = from_log.difference(&mirrored).collect();
    assert!(
        extra.is_empty() && missing.is_empty(),
        "mirror ≠ log: extra {extra:#?}, missing {missing:#?}"
    );
}
