//! Backfill from Stripe's Events API (a local stand-in speaking its format).

use std::time::Duration;

use paydesk_server::backfill::backfill;
use paydesk_store::Store;
use paydesk_stripe::{Client, RetryPolicy};
use paydesk_testkit::FakeStripe;
use serde_json::{Value, json};

const KEY: &str = "sk_test_backfill_1234";

fn events(range: std::ops::Range<i64>) -> Vec<Value> {
    range
        .map(|i| json!({"id": format!("evt_bf_{i:04}"), "object": "event", "type": "charge.succeeded",
            "created": 1_767_000_000 + i, "api_version": "2025-03-31.basil", "livemode": false,
            "data": {"object": {"id": format!("ch_bf_{i}"), "object": "charge", "amount": 100 + i,
            "currency": "usd", "customer": "cus_bf", "status": "succeeded", "created": 1_767_000_000 + i}}}))
        .collect()
}

fn quick_retries(max_retries: u32) -> RetryPolicy {
    RetryPolicy {
        max_retries,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(5),
    }
}

async fn store() -> (tempfile::TempDir, std::sync::Arc<dyn Store>) {
    let dir = tempfile::tempdir().unwrap();
    let store = paydesk_store::connect(&format!("sqlite://{}/b.db", dir.path().display()))
        .await
        .unwrap();
    (dir, store)
}

#[tokio::test]
async fn pages_newest_first_then_resumes_from_the_last_known_event() {
    let stripe = FakeStripe::start(KEY).await;
    stripe.add_events(events(0..250));
    let (_dir, store) = store().await;
    let client = Client::new(&stripe.base_url(), KEY, quick_retries(3)).unwrap();

    let first = backfill(store.as_ref(), &client, |_| {}).await.unwrap();

    assert_eq!((first.pages, first.events, first.inserted), (3, 250, 250));
    assert_eq!(store.event_count().await.unwrap(), 250);
    let pages = stripe.requests();
    assert!(
        pages
            .iter()
            .all(|r| r.param("limit").as_deref() == Some("100"))
    );
    assert_eq!(
        pages[1].param("starting_after").as_deref(),
        Some("evt_bf_0150")
    );

    stripe.add_events(events(250..260));
    let second = backfill(store.as_ref(), &client, |_| {}).await.unwrap();

    assert_eq!(
        (second.pages, second.events, second.inserted),
        (1, 10, 10),
        "stops at the last known event"
    );
    assert_eq!(store.event_count().await.unwrap(), 260);
}

#[tokio::test]
async fn rate_limits_and_server_errors_are_waited_out() {
    let stripe = FakeStripe::start(KEY).await;
    stripe.add_events(events(0..120));
    stripe.fail_next(2, 429);
    stripe.fail_next(1, 503);
    let (_dir, store) = store().await;
    let client = Client::new(&stripe.base_url(), KEY, quick_retries(5)).unwrap();

    let report = backfill(store.as_ref(), &client, |_| {}).await.unwrap();

    assert_eq!(report.inserted, 120);
}

#[tokio::test]
async fn an_interrupted_backfill_resumes_where_it_stopped_and_catches_up() {
    let stripe = FakeStripe::start(KEY).await;
    stripe.add_events(events(0..300));
    let (_dir, store) = store().await;
    let fragile = Client::new(&stripe.base_url(), KEY, quick_retries(0)).unwrap();
    let mut pages_seen = 0;
    // The second page fails for good: the first run stops after one page.
    let failing = async {
        backfill(store.as_ref(), &fragile, |_| {
            pages_seen += 1;
            if pages_seen == 1 {
                stripe.fail_next(1, 500);
            }
        })
        .await
    };
    assert!(failing.await.is_err());
    assert_eq!(store.event_count().await.unwrap(), 100);

    stripe.add_events(events(300..305));
    let client = Client::new(&stripe.base_url(), KEY, quick_retries(3)).unwrap();
    backfill(store.as_ref(), &client, |_| {}).await.unwrap();

    assert_eq!(
        store.event_count().await.unwrap(),
        305,
        "older pages resumed and newer events caught up"
    );
    let third = backfill(store.as_ref(), &client, |_| {}).await.unwrap();
    assert_eq!(third.events, 0);
}
