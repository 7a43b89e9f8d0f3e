//! Webhooks arrive in any order and Stripe's `created` has one-second
//! resolution. The newer state wins: later second first, then the state
//! further along its lifecycle; never the arrival order, never the event id.
//! The ids below are chosen so that "greatest event id wins" would pick the
//! wrong state.

use paydesk_store::{Store, VersionFilter};
use serde_json::{Value, json};

use super::build::{charge, customer, dispute, event, invoice, refund, subscription, with};
use super::{deliver, entry, history, known};

const T: i64 = 1_767_225_600;

async fn olga(store: &dyn Store) {
    deliver(
        store,
        &[
            event(
                "evt_olga",
                "customer.created",
                T,
                customer("cus_olga", "olga@example.com", "Olga", T),
            ),
            event(
                "evt_olga_ch",
                "charge.succeeded",
                T + 1,
                charge("ch_olga", Some("cus_olga"), 4900, T + 1),
            ),
        ],
    )
    .await;
}

pub async fn a_refund_delivered_succeeded_first_stays_succeeded(store: &dyn Store) {
    // Arrange
    olga(store).await;
    let pending = event(
        "evt_zz_refund",
        "refund.created",
        T + 50,
        refund("re_olga", "ch_olga", 1000, "pending", T + 50),
    );
    let succeeded = event(
        "evt_aa_refund",
        "refund.updated",
        T + 50,
        refund("re_olga", "ch_olga", 1000, "succeeded", T + 50),
    );

    // Act
    deliver(store, &[succeeded, pending]).await;

    // Assert
    let h = known(store, "cus_olga", i64::MAX).await;
    assert_eq!(entry(&h, "refunds", "re_olga")["status"], "succeeded");
    assert_eq!(
        entry(
            &known(store, "cus_olga", T + 50).await,
            "refunds",
            "re_olga"
        )["status"],
        "succeeded"
    );
    assert_eq!(known(store, "cus_olga", T + 49).await["refunds"], json!([]));
}

pub async fn a_dispute_delivered_backwards_in_one_second_stays_won(store: &dyn Store) {
    // Arrange: opened, answered and won within one second, delivered backwards.
    olga(store).await;
    let state = |id: &str, ty: &str, status: &str| {
        event(
            id,
            ty,
            T + 60,
            dispute("dp_olga", "ch_olga", 4900, status, T + 60),
        )
    };
    let opened = state("evt_dp_c", "charge.dispute.created", "needs_response");
    let answered = state("evt_dp_b", "charge.dispute.updated", "under_review");
    let won = state("evt_dp_a", "charge.dispute.closed", "won");

    // Act
    deliver(store, &[won, answered, opened]).await;

    // Assert
    let h = known(store, "cus_olga", i64::MAX).await;
    assert_eq!(entry(&h, "disputes", "dp_olga")["status"], "won");
    assert_eq!(entry(&h, "charges", "ch_olga")["disputed"], true);
}

/// What the playbooks read: objects by id, each at its latest state.
pub async fn objects_are_read_by_id_at_their_latest_state(store: &dyn Store) {
    // Arrange: a dispute opened, then won a day later; an unrelated refund.
    olga(store).await;
    let day = 86_400;
    deliver(
        store,
        &[
            event(
                "evt_dp_won",
                "charge.dispute.closed",
                T + day,
                dispute("dp_olga", "ch_olga", 4900, "won", T + 60),
            ),
            event(
                "evt_dp_open",
                "charge.dispute.created",
                T + 60,
                dispute("dp_olga", "ch_olga", 4900, "needs_response", T + 60),
            ),
            event(
                "evt_re_other",
                "refund.created",
                T + 90,
                refund("re_other", "ch_olga", 100, "pending", T + 90),
            ),
        ],
    )
    .await;
    let ids = |ids: &[&str]| VersionFilter::Ids(ids.iter().map(|s| s.to_string()).collect());

    // Act
    let now = store
        .latest_versions(&ids(&["dp_olga", "ch_olga", "du_missing"]), i64::MAX)
        .await
        .unwrap();
    let before = store
        .latest_versions(&ids(&["dp_olga"]), T + 61)
        .await
        .unwrap();
    let none = store.latest_versions(&ids(&[]), i64::MAX).await.unwrap();

    // Assert
    let mut got: Vec<_> = now
        .iter()
        .map(|v| (v.object_id.as_str(), v.event_id.as_str()))
        .collect();
    got.sort();
    assert_eq!(got, [("ch_olga", "evt_olga_ch"), ("dp_olga", "evt_dp_won")]);
    assert_eq!(before.len(), 1);
    assert_eq!(before[0].event_id, "evt_dp_open");
    assert!(none.is_empty());
}

pub async fn a_subscription_delivered_backwards_in_one_second_stays_canceled(store: &dyn Store) {
    // Arrange
    olga(store).await;
    let active = subscription("sub_olga", "cus_olga", "active", T + 70);
    let canceled = with(
        active.clone(),
        json!({"status": "canceled", "canceled_at": T + 70}),
    );

    // Act
    deliver(
        store,
        &[
            event(
                "evt_sub_a",
                "customer.subscription.deleted",
                T + 70,
                canceled,
            ),
            event("evt_sub_z", "customer.subscription.created", T + 70, active),
        ],
    )
    .await;

    // Assert
    let h = known(store, "cus_olga", i64::MAX).await;
    assert_eq!(
        h["subscriptions"],
        json!([{"id": "sub_olga", "status": "canceled", "cancel_at_period_end": false,
                                            "canceled_at": T + 70, "current_period_end": T + 70 + 30 * 86_400}])
    );
}

/// Olga's events, each object's newer state delivered before its older one.
fn newer_first() -> Vec<Value> {
    let renamed = customer("cus_olga", "olga@example.com", "Olga Neu", T);
    let signed_up = customer("cus_olga", "olga@example.com", "Olga Alt", T);
    let sold = charge("ch_olga", Some("cus_olga"), 4900, T + 10);
    let refunded = with(
        sold.clone(),
        json!({"amount_refunded": 4900, "refunded": true}),
    );
    let sub = subscription("sub_olga", "cus_olga", "active", T + 5);
    let ending = with(sub, json!({"cancel_at_period_end": true}));
    let ended = with(
        ending.clone(),
        json!({"status": "canceled", "canceled_at": T + 40}),
    );
    let retry =
        json!({"attempt_count": 1, "attempted": true, "next_payment_attempt": T + 6 + 3 * 86_400});
    let failed = with(invoice("in_olga", "cus_olga", "open", T + 6), retry);
    let paid = with(
        invoice("in_olga", "cus_olga", "paid", T + 6),
        json!({"attempt_count": 2}),
    );
    vec![
        event("evt_1", "customer.updated", T + 60, renamed),
        event("evt_2", "customer.created", T, signed_up),
        event("evt_3", "charge.refunded", T + 20, refunded),
        event("evt_4", "charge.succeeded", T + 10, sold),
        event("evt_5", "customer.subscription.deleted", T + 40, ended),
        event("evt_6", "customer.subscription.updated", T + 30, ending),
        event("evt_7", "invoice.paid", T + 50, paid),
        event("evt_8", "invoice.payment_failed", T + 45, failed),
    ]
}

pub async fn an_older_event_arriving_late_never_overwrites_a_newer_state(store: &dyn Store) {
    // Arrange
    let events = newer_first();

    // Act
    deliver(store, &events).await;

    // Assert: now, the newest states.
    let now = known(store, "cus_olga", i64::MAX).await;
    assert_eq!(now["customer"]["name"], "Olga Neu");
    assert_eq!(entry(&now, "charges", "ch_olga")["amount_refunded"], 4900);
    assert_eq!(now["subscriptions"][0]["status"], "canceled");
    assert_eq!(entry(&now, "invoices", "in_olga")["status"], "paid");
    assert_eq!(entry(&now, "invoices", "in_olga")["attempt_count"], 2);
    // …while the older states still answer for their own instants.
    let earlier = known(store, "cus_olga", T + 46).await;
    assert_eq!(earlier["customer"]["name"], "Olga Alt");
    assert_eq!(
        entry(&earlier, "charges", "ch_olga")["amount_refunded"],
        4900
    );
    assert_eq!(earlier["subscriptions"][0]["status"], "canceled");
    assert_eq!(entry(&earlier, "invoices", "in_olga")["status"], "open");
    let before_cancel = &known(store, "cus_olga", T + 35).await["subscriptions"][0];
    assert_eq!(before_cancel["status"], "active");
    assert_eq!(before_cancel["cancel_at_period_end"], true);
    let before_refund = known(store, "cus_olga", T + 15).await;
    assert_eq!(
        entry(&before_refund, "charges", "ch_olga")["amount_refunded"],
        0
    );
    assert_eq!(history(store, "cus_olga", T - 1).await, None);
}

/// Two states of one object in one second at the same lifecycle rank (a
/// customer edited twice): the documented tie-break is the greatest event id,
/// compared byte by byte as Rust and SQLite compare strings, whatever the
/// database's collation (`evt_1aB` > `evt_1Ab` since `a` > `A`).
pub async fn a_same_rank_tie_goes_to_the_bytewise_greatest_event_id(store: &dyn Store) {
    // Arrange
    let named = |name: &str| customer("cus_tie", "tie@example.com", name, T);
    let edits = [
        event("evt_1Ab", "customer.updated", T + 60, named("Tia Upper")),
        event("evt_1aB", "customer.updated", T + 60, named("Tia Lower")),
    ];

    // Act
    deliver(
        store,
        &[event("evt_0", "customer.created", T, named("Tia"))],
    )
    .await;
    deliver(store, &edits).await;

    // Assert
    assert_eq!(
        known(store, "cus_tie", i64::MAX).await["customer"]["name"],
        "Tia Lower"
    );
}
