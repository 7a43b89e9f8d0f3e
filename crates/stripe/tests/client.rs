//! The Events API client against a fake Stripe holding the shared real events.

use std::time::Duration;

use paydesk_stripe::{Client, ClientError, RetryPolicy};
use paydesk_testkit::{FakeStripe, real_events};
use serde_json::{Value, json};

const KEY: &str = "sk_test_51PaydeskFakeKey0000";

/// Retries without real waiting, so failure tests stay fast.
fn fast_retry(max_retries: u32) -> RetryPolicy {
    RetryPolicy {
        max_retries,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(5),
    }
}

async fn fake_with_events() -> (FakeStripe, Vec<String>) {
    let fake = FakeStripe::start(KEY).await;
    let events = account_events();
    fake.add_raw_events(events.clone());
    (fake, events)
}

/// The real events (top-level ids made unique, the text otherwise untouched,
/// since the samples reuse ids) followed by generated ones, 251 in all, so a
/// full listing spans three pages of 100.
fn account_events() -> Vec<String> {
    let real = real_events()
        .into_iter()
        .enumerate()
        .map(|(i, (name, bytes))| {
            let text = String::from_utf8(bytes).unwrap_or_else(|_| panic!("{name} is not UTF-8"));
            let id = event_id(&text);
            text.trim()
                .replacen(&format!("\"{id}\""), &format!("\"{id}_{i:03}\""), 1)
        });
    // Created times overlap the real ones and repeat, to exercise tie-breaking.
    let generated = (0..180).map(|i| {
        let created = 1_619_000_000 + (i % 60) * 500_000;
        json!({ "id": format!("evt_gen_{i:04}"), "object": "event", "type": "charge.succeeded", "created": created })
            .to_string()
    });
    real.chain(generated).collect()
}

fn event_id(raw: &str) -> String {
    let value: Value = serde_json::from_str(raw).expect("event is JSON");
    value["id"].as_str().expect("event has an id").to_owned()
}

/// What Stripe documents: created descending, later-created objects first on ties.
fn newest_first(events: &[String]) -> Vec<String> {
    let mut keyed: Vec<(i64, usize, &String)> = events
        .iter()
        .enumerate()
        .map(|(i, raw)| {
            (
                serde_json::from_str::<Value>(raw).unwrap()["created"]
                    .as_i64()
                    .unwrap(),
                i,
                raw,
            )
        })
        .collect();
    keyed.sort_by_key(|&(created, index, _)| std::cmp::Reverse((created, index)));
    keyed.into_iter().map(|(_, _, raw)| raw.clone()).collect()
}

/// Follows `starting_after` until `has_more` is false; returns every event's raw text.
async fn list_all(client: &Client) -> Vec<String> {
    let mut all: Vec<String> = Vec::new();
    loop {
        let cursor = all.last().map(|raw| event_id(raw));
        let page = client
            .list_events(cursor.as_deref())
            .await
            .expect("page lists");
        all.extend(page.events.iter().map(|raw| raw.get().to_owned()));
        if !page.has_more {
            return all;
        }
    }
}

#[tokio::test]
async fn paging_returns_every_event_once_newest_first_with_raw_text_intact() {
    let (fake, events) = fake_with_events().await;
    let client = Client::new(&fake.base_url(), KEY, fast_retry(0)).unwrap();

    let listed = list_all(&client).await;

    let expected = newest_first(&events);
    assert_eq!(listed.len(), 251);
    let ids: Vec<String> = listed.iter().map(|raw| event_id(raw)).collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "no event listed twice");
    assert_eq!(
        ids,
        expected.iter().map(|raw| event_id(raw)).collect::<Vec<_>>(),
        "newest first"
    );
    // Byte for byte, including the real files' indentation and newlines.
    assert_eq!(listed, expected);

    let requests = fake.requests();
    assert_eq!(requests.len(), 3, "251 events in pages of 100");
    for (i, request) in requests.iter().enumerate() {
        assert_eq!(
            (request.method.as_str(), request.path.as_str()),
            ("GET", "/v1/events")
        );
        assert_eq!(request.param("limit").as_deref(), Some("100"));
        let cursor = (i > 0).then(|| ids[i * 100 - 1].clone());
        assert_eq!(request.param("starting_after"), cursor, "request {i}");
    }
}

#[tokio::test]
async fn rate_limited_request_is_retried() {
    let (fake, _) = fake_with_events().await;
    fake.fail_next(1, 429);
    let client = Client::new(&fake.base_url(), KEY, fast_retry(3)).unwrap();

    let page = client
        .list_events(None)
        .await
        .expect("succeeds after the 429");

    assert_eq!(page.events.len(), 100);
    let statuses: Vec<u16> = fake.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [429, 200]);
}

#[tokio::test]
async fn server_errors_are_retried() {
    let (fake, _) = fake_with_events().await;
    fake.fail_next(3, 500);
    let client = Client::new(&fake.base_url(), KEY, fast_retry(3)).unwrap();

    let page = client
        .list_events(None)
        .await
        .expect("succeeds after three 500s");

    assert!(page.has_more);
    let statuses: Vec<u16> = fake.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [500, 500, 500, 200]);
}

#[tokio::test]
async fn gives_up_when_retries_are_exhausted() {
    let (fake, _) = fake_with_events().await;
    fake.fail_next(10, 503);
    let client = Client::new(&fake.base_url(), KEY, fast_retry(2)).unwrap();

    let err = client.list_events(None).await.unwrap_err();

    assert!(
        matches!(err, ClientError::RetriesExhausted { attempts: 3, .. }),
        "{err:?}"
    );
    assert_eq!(err.status(), Some(503));
    let text = err.to_string();
    assert!(
        text.contains("503") && text.contains("An unknown error occurred"),
        "{text}"
    );
    assert_eq!(fake.requests().len(), 3);
}

#[tokio::test]
async fn bad_key_fails_at_once_without_revealing_it() {
    let (fake, _) = fake_with_events().await;
    let wrong_key = "sk_test_51WrongKeyEntirely9876";
    let client = Client::new(&fake.base_url(), wrong_key, fast_retry(5)).unwrap();

    let err = client.list_events(None).await.unwrap_err();

    assert_eq!(err.status(), Some(401));
    let text = err.to_string();
    assert!(text.contains("Invalid API Key provided"), "{text}");
    for shown in [text.as_str(), &format!("{err:?}"), &format!("{client:?}")] {
        assert!(
            !shown.contains(wrong_key) && !shown.contains(KEY),
            "{shown}"
        );
    }
    assert_eq!(fake.requests().len(), 1, "a 401 is not retried");
}

#[tokio::test]
async fn unknown_cursor_is_reported_without_retrying() {
    let (fake, _) = fake_with_events().await;
    let client = Client::new(&fake.base_url(), KEY, fast_retry(5)).unwrap();

    let err = client
        .list_events(Some("evt_does_not_exist"))
        .await
        .unwrap_err();

    assert_eq!(err.status(), Some(400));
    assert!(
        err.to_string()
            .contains("No such event: 'evt_does_not_exist'"),
        "{err}"
    );
    assert_eq!(fake.requests().len(), 1);
}

#[tokio::test]
async fn unreachable_stripe_is_retried_then_reported() {
    // A port that was just free: nothing listens there any more.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::new(&format!("http://127.0.0.1:{port}"), KEY, fast_retry(2)).unwrap();

    let err = client.list_events(None).await.unwrap_err();

    let ClientError::RetriesExhausted { attempts: 3, last } = &err else {
        panic!("expected exhausted retries, got {err:?}");
    };
    assert!(matches!(**last, ClientError::Transport { .. }), "{last:?}");
    assert!(!err.to_string().contains(KEY));
}
