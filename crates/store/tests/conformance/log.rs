//! The event log: keyed by Stripe's event id, append-only, bytes kept as received.

use paydesk_store::{Appended, NewEvent, Source, Store};

use super::build::{charge, customer, event, with};
use super::{history, ids, json_event, new_event};

const T: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z

/// A customer signing up: the smallest event that shows a mirrored object.
fn signup(id: &str, created: i64) -> NewEvent {
    let who = format!("cus_{id}");
    json_event(&event(
        id,
        "customer.created",
        created,
        customer(&who, &format!("{id}@example.com"), "Kim", created),
    ))
}

pub async fn new_events_are_inserted_and_redeliveries_are_duplicates(store: &dyn Store) {
    // Arrange
    let first = signup("evt_first", T);
    let second = signup("evt_second", T + 1);

    // Act
    let delivered = store.append(std::slice::from_ref(&first)).await.unwrap();
    let redelivered = store.append(&[first, second]).await.unwrap();

    // Assert
    assert_eq!(delivered, vec![Appended::Inserted]);
    assert_eq!(redelivered, vec![Appended::Duplicate, Appended::Inserted]);
    assert_eq!(store.event_count().await.unwrap(), 2);
}

pub async fn a_batch_repeating_an_id_stores_one_row(store: &dyn Store) {
    // Arrange: a webhook burst where Stripe retried two events before the first delivery was acknowledged.
    let (a, b, c) = (
        signup("evt_a", T),
        signup("evt_b", T),
        signup("evt_c", T + 1),
    );
    let batch = [a.clone(), b.clone(), a, b, c];

    // Act
    let outcomes = store.append(&batch).await.unwrap();

    // Assert: outcomes follow the input order; the log holds each id once.
    use Appended::{Duplicate, Inserted};
    assert_eq!(
        outcomes,
        vec![Inserted, Inserted, Duplicate, Duplicate, Inserted]
    );
    assert_eq!(store.event_count().await.unwrap(), 3);
    let logged: Vec<String> = store
        .events_after(0, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(logged, ["evt_a", "evt_b", "evt_c"]);
}

/// Two different payloads under one id (the shared sample files do this): the
/// log keeps the first, so the mirror must show the first and only the first,
/// or a rebuild from the log would change what support sees.
pub async fn a_batch_repeating_an_id_mirrors_only_the_stored_payload(store: &dyn Store) {
    // Arrange
    let kept = event(
        "evt_same",
        "charge.succeeded",
        T,
        charge("ch_kept", Some("cus_dup"), 4900, T),
    );
    let shadow = event(
        "evt_same",
        "charge.succeeded",
        T,
        charge("ch_shadow", Some("cus_dup"), 999, T),
    );

    // Act
    let outcomes = store
        .append(&[json_event(&kept), json_event(&shadow)])
        .await
        .unwrap();

    // Assert
    assert_eq!(outcomes, vec![Appended::Inserted, Appended::Duplicate]);
    let stored = store.event("evt_same").await.unwrap().expect("logged");
    assert_eq!(stored.raw, serde_json::to_vec(&kept).unwrap());
    let now = history(store, "cus_dup", i64::MAX)
        .await
        .expect("the kept charge is mirrored");
    assert_eq!(
        ids(&now, "charges"),
        ["ch_kept"],
        "the duplicate's charge leaked into the mirror"
    );
}

pub async fn an_empty_batch_appends_nothing(store: &dyn Store) {
    // Act
    let outcomes = store.append(&[]).await.unwrap();

    // Assert
    assert!(outcomes.is_empty());
    assert_eq!(store.event_count().await.unwrap(), 0);
    assert!(store.events_after(0, 10).await.unwrap().is_empty());
}

pub async fn raw_bytes_come_back_byte_identical(store: &dyn Store) {
    // Arrange: bytes no serializer would reproduce (spacing, key order,
    // escapes, non-ASCII, trailing newline) and a type paydesk does not know.
    let raw = "{ \"type\":\"product.created\",\"object\" : \"event\", \"id\":\"evt_raw\",\n  \
               \"api_version\":\"2024-06-20\", \"created\":1767225600, \"livemode\":true,\n  \
               \"data\":{\"object\":{\"object\":\"product\",\"id\":\"prod_1\",\"name\":\"Caf\\u00e9 M\u{fc}sli \u{2615}\",\"price\":1.50}}}\n"
        .as_bytes()
        .to_vec();
    let mut imported = new_event(raw.clone());
    imported.source = Source::Import;
    imported.received_at_ms = 1_767_225_601_234;

    // Act
    store.append(&[imported]).await.unwrap();
    let stored = store
        .event("evt_raw")
        .await
        .unwrap()
        .expect("the event is in the log");

    // Assert
    assert_eq!(stored.raw, raw, "payload bytes changed in the log");
    assert_eq!(stored.id, "evt_raw");
    assert_eq!(stored.event_type, "product.created");
    assert_eq!(stored.created, 1_767_225_600);
    assert_eq!(stored.api_version.as_deref(), Some("2024-06-20"));
    assert!(stored.livemode);
    assert_eq!(stored.source, "import");
    assert_eq!(stored.received_at_ms, 1_767_225_601_234);
    assert_eq!(store.event("evt_missing").await.unwrap(), None);
}

pub async fn events_after_pages_in_log_order(store: &dyn Store) {
    // Arrange: arrival order differs from `created` order; the log keeps arrival order.
    let created = [T + 50, T + 10, T + 40, T + 20, T + 30];
    let arrivals: Vec<NewEvent> = created
        .iter()
        .enumerate()
        .map(|(i, &at)| signup(&format!("evt_{i}"), at))
        .collect();
    for arrival in &arrivals {
        store.append(std::slice::from_ref(arrival)).await.unwrap();
    }
    store.append(&arrivals[1..2]).await.unwrap(); // a redelivery takes no new position
    let mut backfilled = signup("evt_5", T);
    backfilled.source = Source::Backfill;
    store.append(&[backfilled]).await.unwrap();

    // Act: read the log two at a time.
    let mut pages = Vec::new();
    let mut after = 0;
    loop {
        let page = store.events_after(after, 2).await.unwrap();
        let Some(last) = page.last() else { break };
        after = last.seq;
        pages.push(page);
    }

    // Assert
    let page_ids: Vec<Vec<&str>> = pages
        .iter()
        .map(|p| p.iter().map(|e| e.id.as_str()).collect())
        .collect();
    assert_eq!(
        page_ids,
        vec![
            vec!["evt_0", "evt_1"],
            vec!["evt_2", "evt_3"],
            vec!["evt_4", "evt_5"]
        ]
    );
    let seqs: Vec<i64> = pages.iter().flatten().map(|e| e.seq).collect();
    assert!(
        seqs.windows(2).all(|w| w[0] < w[1]),
        "sequence numbers must increase: {seqs:?}"
    );
    let all = pages.concat();
    assert_eq!(all[1].created, T + 10);
    assert_eq!(all[5].source, "backfill");
    let middle = store.events_after(seqs[2], 100).await.unwrap();
    assert_eq!(
        middle.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
        ["evt_3", "evt_4", "evt_5"]
    );
    assert!(store.events_after(seqs[5], 100).await.unwrap().is_empty());
}

/// Several instances behind a load balancer take the same redelivered
/// webhook at once: exactly one of them stores it.
pub async fn concurrent_deliveries_of_one_event_insert_it_once(store: &dyn Store) {
    // Arrange
    let shared = signup("evt_shared", T);
    let deliveries: Vec<Vec<NewEvent>> = (0..4)
        .map(|i| vec![signup(&format!("evt_own_{i}"), T + i), shared.clone()])
        .collect();

    // Act
    let (a, b, c, d) = tokio::join!(
        store.append(&deliveries[0]),
        store.append(&deliveries[1]),
        store.append(&deliveries[2]),
        store.append(&deliveries[3]),
    );

    // Assert
    let outcomes: Vec<Vec<Appended>> = [a, b, c, d]
        .into_iter()
        .map(|o| o.expect("append"))
        .collect();
    assert!(
        outcomes.iter().all(|o| o[0] == Appended::Inserted),
        "{outcomes:?}"
    );
    let shared_inserted = outcomes
        .iter()
        .filter(|o| o[1] == Appended::Inserted)
        .count();
    assert_eq!(shared_inserted, 1, "{outcomes:?}");
    assert_eq!(store.event_count().await.unwrap(), 5);
}

/// An import of a large file arrives as one batch, bigger than one INSERT
/// may carry, with a redelivery straddling the backend's chunks.
pub async fn a_large_batch_is_stored_whole_and_in_order(store: &dyn Store) {
    // Arrange
    let mut batch: Vec<NewEvent> = (0..4500)
        .map(|i| signup(&format!("evt_{i:05}"), T + i))
        .collect();
    batch.insert(2500, batch[10].clone());

    // Act
    let outcomes = store.append(&batch).await.unwrap();

    // Assert
    assert_eq!(outcomes.len(), 4501);
    let duplicates: Vec<usize> = outcomes
        .iter()
        .enumerate()
        .filter(|(_, o)| **o == Appended::Duplicate)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(duplicates, [2500]);
    assert_eq!(store.event_count().await.unwrap(), 4500);
    let tail = store.events_after(0, 5000).await.unwrap();
    assert_eq!(tail.first().map(|e| e.id.as_str()), Some("evt_00000"));
    assert_eq!(tail.last().map(|e| e.id.as_str()), Some("evt_04499"));
    assert!(
        history(store, "cus_evt_04499", i64::MAX).await.is_some(),
        "the last chunk's objects are mirrored"
    );
}

/// JSON may escape any character, NUL included (`\u0000`), in any string a
/// customer typed. Such an event is still Stripe's and must be stored, not
/// refused (a refused event fails its whole batch, and Stripe retries it for days).
pub async fn a_nul_character_in_a_payload_is_stored_not_refused(store: &dyn Store) {
    // Arrange
    let typed = with(
        charge("ch_nul", None, 1000, T),
        serde_json::json!({"billing_details": {"email": "nul\u{0}@example.com", "name": "Nu\u{0}ll"}}),
    );
    let raw = serde_json::to_vec(&event("evt_nul", "charge.succeeded", T, typed)).unwrap();
    assert!(
        raw.windows(6).any(|w| w == br"\u0000"),
        "the payload carries the escape"
    );

    // Act
    let outcome = store.append(&[new_event(raw.clone())]).await;

    // Assert
    assert_eq!(
        outcome.unwrap_or_else(|e| panic!("an escaped NUL was refused: {e}")),
        vec![Appended::Inserted]
    );
    assert_eq!(
        store.event("evt_nul").await.unwrap().map(|e| e.raw),
        Some(raw)
    );
}
