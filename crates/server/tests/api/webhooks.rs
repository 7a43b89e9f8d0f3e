//! `POST /webhooks/stripe`: signature, limits, storage before acknowledgement.

use serde_json::Value;

use crate::helpers::{SECRET, charge, event, now, spawn_app, spawn_app_with};

#[tokio::test]
async fn a_signed_event_is_stored_and_acknowledged() {
    let app = spawn_app().await;
    let body = event(
        "evt_ok_1",
        "charge.succeeded",
        now(),
        charge("ch_1", "cus_1", 4900, now()),
    );

    let res = app.post_signed(&body).await;

    assert_eq!(res.status(), 200);
    let reply: Value = res.json().await.unwrap();
    assert_eq!(reply["duplicate"], false);
    let stored = app
        .store
        .event("evt_ok_1")
        .await
        .unwrap()
        .expect("stored before the 200");
    assert_eq!(stored.raw, body, "raw bytes kept exactly");
    assert_eq!(stored.source, "webhook");
    app.stop().await;
}

#[tokio::test]
async fn a_redelivered_event_is_acknowledged_without_a_second_row() {
    let app = spawn_app().await;
    let body = event(
        "evt_dup",
        "charge.succeeded",
        now(),
        charge("ch_1", "cus_1", 4900, now()),
    );

    assert_eq!(app.post_signed(&body).await.status(), 200);
    let again = app.post_signed(&body).await;

    assert_eq!(again.status(), 200);
    assert_eq!(again.json::<Value>().await.unwrap()["duplicate"], true);
    assert_eq!(app.store.event_count().await.unwrap(), 1);
    app.stop().await;
}

#[tokio::test]
async fn unknown_event_types_and_api_versions_are_stored() {
    let app = spawn_app().await;
    let mut future = serde_json::from_slice::<Value>(&event(
        "evt_new",
        "quantum.teleported",
        now(),
        serde_json::json!({"object": "quantum", "id": "q_1"}),
    ))
    .unwrap();
    future["api_version"] = "2031-01-01.future".into();
    let body = serde_json::to_vec(&future).unwrap();

    assert_eq!(app.post_signed(&body).await.status(), 200);
    assert!(app.store.event("evt_new").await.unwrap().is_some());
    app.stop().await;
}

#[tokio::test]
async fn every_real_stripe_payload_is_accepted() {
    let app = spawn_app().await;
    for (name, raw) in paydesk_testkit::real_events() {
        let res = app.post_signed(&raw).await;
        assert_eq!(res.status(), 200, "{name}: {}", res.text().await.unwrap());
    }
    app.stop().await;
}

async fn refused(
    app: &crate::helpers::TestApp,
    body: &[u8],
    header: Option<&str>,
) -> (u16, String) {
    let res = app.post_with_header(body, header).await;
    let status = res.status().as_u16();
    let reply: Value = res.json().await.expect("errors are JSON");
    (
        status,
        reply["error"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
    )
}

#[tokio::test]
async fn bad_signatures_are_refused_with_the_reason_and_nothing_is_stored() {
    let app = spawn_app().await;
    let body = event(
        "evt_bad",
        "charge.succeeded",
        now(),
        charge("ch_1", "cus_1", 4900, now()),
    );
    let good = paydesk_testkit::stripe_signature_header(&body, SECRET, now());
    let mut tampered = body.clone();
    tampered[20] ^= 1;
    let stale = paydesk_testkit::stripe_signature_header(&body, SECRET, now() - 301);
    let future = paydesk_testkit::stripe_signature_header(&body, SECRET, now() + 301);
    let other = paydesk_testkit::stripe_signature_header(&body, "whsec_other", now());

    assert_eq!(
        refused(&app, &body, None).await,
        (400, "missing_header".into())
    );
    assert_eq!(
        refused(&app, &body, Some("garbage")).await,
        (400, "malformed_header".into())
    );
    assert_eq!(
        refused(&app, &tampered, Some(&good)).await,
        (400, "signature_mismatch".into())
    );
    assert_eq!(
        refused(&app, &body, Some(&stale)).await,
        (400, "timestamp_too_old".into())
    );
    assert_eq!(
        refused(&app, &body, Some(&future)).await,
        (400, "timestamp_in_future".into())
    );
    assert_eq!(
        refused(&app, &body, Some(&other)).await,
        (400, "signature_mismatch".into())
    );
    assert_eq!(app.store.event_count().await.unwrap(), 0);

    let metrics = metrics_text(&app).await;
    assert!(
        metrics.contains(r#"paydesk_events_rejected_total{reason="signature_mismatch"} 2"#),
        "{metrics}"
    );
    app.stop().await;
}

#[tokio::test]
async fn rotation_accepts_either_configured_secret() {
    let app = spawn_app_with(&[("PAYDESK_STRIPE_WEBHOOK_SECRETS", "whsec_old,whsec_new")]).await;
    let body = event(
        "evt_rot",
        "charge.succeeded",
        now(),
        charge("ch_1", "cus_1", 4900, now()),
    );
    let signed_new = paydesk_testkit::stripe_signature_header(&body, "whsec_new", now());

    assert_eq!(
        app.post_with_header(&body, Some(&signed_new))
            .await
            .status(),
        200
    );
    app.stop().await;
}

#[tokio::test]
async fn non_events_and_oversized_bodies_are_refused() {
    let app = spawn_app().await;
    let sign = |b: &[u8]| paydesk_testkit::stripe_signature_header(b, SECRET, now());

    assert_eq!(
        refused(&app, b"not json", Some(&sign(b"not json"))).await,
        (400, "invalid_json".into())
    );
    let charge_only = br#"{"id":"ch_1","object":"charge"}"#;
    assert_eq!(
        refused(&app, charge_only, Some(&sign(charge_only))).await,
        (400, "not_an_event".into())
    );
    let huge = vec![b' '; 1024 * 1024 + 1];
    assert_eq!(
        refused(&app, &huge, Some(&sign(&huge))).await,
        (413, "payload_too_large".into())
    );
    assert_eq!(app.store.event_count().await.unwrap(), 0);
    app.stop().await;
}

#[tokio::test]
async fn metrics_count_received_and_duplicate_events_and_latency() {
    let app = spawn_app().await;
    let body = event(
        "evt_m",
        "charge.succeeded",
        now(),
        charge("ch_1", "cus_1", 4900, now()),
    );
    app.post_signed(&body).await;
    app.post_signed(&body).await;

    let metrics = metrics_text(&app).await;

    assert!(
        metrics.contains(r#"paydesk_events_received_total{source="webhook"} 1"#),
        "{metrics}"
    );
    assert!(
        metrics.contains("paydesk_events_duplicate_total 1"),
        "{metrics}"
    );
    assert!(
        metrics.contains("paydesk_ingest_latency_seconds_count 2"),
        "{metrics}"
    );
    // One request after the other: two group commits of one event each.
    assert!(
        metrics.contains("paydesk_ingest_batch_events_sum 2.0")
            && metrics.contains("paydesk_ingest_batch_events_count 2")
            && metrics.contains("paydesk_ingest_commit_seconds_count 2"),
        "{metrics}"
    );
    let health: Value = app
        .http
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["status"], "ok");
    app.stop().await;
}

#[tokio::test]
async fn concurrent_deliveries_are_all_committed_before_shutdown_returns() {
    let app = spawn_app().await;
    let mut sends = Vec::new();
    for i in 0..200 {
        let body = event(
            &format!("evt_c{i}"),
            "charge.succeeded",
            now(),
            charge(&format!("ch_{i}"), "cus_1", 100, now()),
        );
        let header = paydesk_testkit::stripe_signature_header(&body, SECRET, now());
        let req = app
            .http
            .post(format!("{}/webhooks/stripe", app.base))
            .header("Stripe-Signature", header)
            .body(body);
        sends.push(tokio::spawn(req.send()));
    }
    for send in sends {
        assert_eq!(send.await.unwrap().unwrap().status(), 200);
    }
    let store = app.store.clone();
    app.stop().await;
    assert_eq!(store.event_count().await.unwrap(), 200);
}

/// The log's last sequence number and the mirror's checkpoint, read under
/// the trait without syncing (as a reader that does not sync would see it).
/// The text of `GET /metrics`.
async fn metrics_text(app: &crate::helpers::TestApp) -> String {
    let response = app.http.get(format!("{}/metrics", app.base)).send().await;
    response.unwrap().text().await.unwrap()
}

async fn log_end_and_checkpoint(store: &dyn paydesk_store::Store) -> (i64, i64) {
    let end = store
        .events_after(0, 10_000)
        .await
        .unwrap()
        .last()
        .map_or(0, |e| e.seq);
    let checkpoint = store
        .meta(paydesk_store::MIRROR_CHECKPOINT)
        .await
        .unwrap()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    (end, checkpoint)
}

/// Webhooks are acknowledged once their event is in the log; the mirror
/// follows by itself, with nobody reading it.
#[tokio::test]
async fn the_mirror_follows_acknowledged_webhooks_without_a_reader() {
    let app = spawn_app().await;
    for i in 0..50 {
        let body = event(
            &format!("evt_m{i}"),
            "charge.succeeded",
            now(),
            charge(&format!("ch_m{i}"), "cus_mirror", 100 + i, now()),
        );
        assert_eq!(app.post_signed(&body).await.status(), 200);
    }

    // The follower reports how far it got in /metrics.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let reported = loop {
        let metrics = metrics_text(&app).await;
        let reported: i64 = metrics
            .lines()
            .find_map(|l| l.strip_prefix("paydesk_mirror_synced_seq "))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| panic!("no paydesk_mirror_synced_seq in {metrics}"));
        if reported >= 50 || std::time::Instant::now() > deadline {
            break reported;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    };

    let (end, checkpoint) = log_end_and_checkpoint(app.store.as_ref()).await;
    assert_eq!(end, 50);
    assert_eq!(reported, end, "the follower reported the log's end");
    assert_eq!(checkpoint, end, "the mirror caught up with the log");
    let history =
        paydesk_store::history::customer_history(app.store.as_ref(), "cus_mirror", i64::MAX)
            .await
            .unwrap()
            .expect("the customer's charges are mirrored");
    assert_eq!(history.charges.len(), 50);
    app.stop().await;
}

/// A clean stop waits for the mirror too: nothing is left for the next start.
#[tokio::test]
async fn a_clean_stop_leaves_the_mirror_complete() {
    let app = spawn_app().await;
    for i in 0..30 {
        let body = event(
            &format!("evt_s{i}"),
            "charge.succeeded",
            now(),
            charge(&format!("ch_s{i}"), "cus_stop", 100, now()),
        );
        assert_eq!(app.post_signed(&body).await.status(), 200);
    }
    let store = app.store.clone();

    app.stop().await;

    let (end, checkpoint) = log_end_and_checkpoint(store.as_ref()).await;
    assert_eq!(end, 30, "every acknowledged event is in the log");
    assert_eq!(checkpoint, end, "and in the mirror");
}
