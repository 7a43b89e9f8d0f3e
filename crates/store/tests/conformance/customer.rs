//! `customer_history`: one customer's payments as of an instant, in the JSON
//! of the `paydesk customer` contract (DESIGN.md).
//!
//! The story: Anna subscribes (T+5, invoice paid at T+6), buys twice (T+10
//! order #1001, T+20 order 1002), gets 20.00 EUR of the first back (refund
//! pending at T+100, succeeded at T+105), disputes the second (T+200) and
//! cancels (T+300). Ben buys once; a guest buys without an account.

use std::collections::BTreeSet;

use paydesk_store::Store;
use serde_json::{Value, json};

use super::build::{charge, customer, dispute, event, invoice, refund, subscription, with};
use super::{deliver, entry, history, ids, known};

const T: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z
const NOW: i64 = i64::MAX;

/// The field names of the contract, section by section.
const TOP: [&str; 6] = [
    "customer",
    "charges",
    "refunds",
    "disputes",
    "subscriptions",
    "invoices",
];
const CUSTOMER: [&str; 3] = ["id", "email", "name"];
const CHARGE: [&str; 11] = [
    "id",
    "amount",
    "currency",
    "status",
    "created",
    "amount_refunded",
    "disputed",
    "order_id",
    "invoice",
    "receipt_url",
    "last4",
];
const REFUND: [&str; 6] = ["id", "charge", "amount", "currency", "status", "created"];
const DISPUTE: [&str; 8] = [
    "id", "charge", "amount", "currency", "status", "reason", "due_by", "created",
];
const SUBSCRIPTION: [&str; 5] = [
    "id",
    "status",
    "cancel_at_period_end",
    "canceled_at",
    "current_period_end",
];
const INVOICE: [&str; 11] = [
    "id",
    "status",
    "amount_due",
    "amount_paid",
    "currency",
    "subscription",
    "charge",
    "attempt_count",
    "next_payment_attempt",
    "hosted_invoice_url",
    "created",
];

/// Delivers the story's events, one webhook each.
pub async fn seed(store: &dyn Store) {
    deliver(store, &anna()).await;
    deliver(store, &bystanders()).await;
}

/// The events of [`seed`], in delivery order.
pub fn story() -> Vec<Value> {
    let mut events = anna();
    events.extend(bystanders());
    events
}

/// Anna's events, in the order Stripe sent them.
fn anna() -> Vec<Value> {
    let who = Some("cus_anna");
    let sub = subscription("sub_anna", "cus_anna", "active", T + 5);
    let canceled = json!({"status": "canceled", "canceled_at": T + 300, "ended_at": T + 300});
    let sub_charge = with(
        charge("ch_anna_sub", who, 1500, T + 6),
        json!({"invoice": "in_anna"}),
    );
    let links = json!({"subscription": "sub_anna", "charge": "ch_anna_sub"});
    let paid = with(invoice("in_anna", "cus_anna", "paid", T + 6), links);
    let order_1001 = json!({
        "metadata": {"order_id": "#1001"},
        "billing_details": {"email": "anna.weber@example.de", "name": "Anna Weber"},
    });
    let first = with(charge("ch_anna_1", who, 4900, T + 10), order_1001);
    let order_1002 = json!({
        "metadata": {"order_id": 1002},
        "payment_method_details": {"card": {"brand": "mastercard", "last4": "0005"}},
    });
    let second = with(charge("ch_anna_2", who, 2500, T + 20), order_1002);
    let refund_at = |status| refund("re_anna_1", "ch_anna_1", 2000, status, T + 100);
    let refunds = json!({"data": [refund_at("succeeded")], "total_count": 1});
    let refunded = with(
        first.clone(),
        json!({"amount_refunded": 2000, "refunds": refunds}),
    );
    let disputed = dispute("dp_anna_1", "ch_anna_2", 2500, "needs_response", T + 200);
    let anna = customer("cus_anna", "Anna.Weber@Example.de", "Anna Weber", T);
    vec![
        event("evt_c_anna", "customer.created", T, anna),
        event(
            "evt_s_1",
            "customer.subscription.created",
            T + 5,
            sub.clone(),
        ),
        event("evt_ch_sub", "charge.succeeded", T + 6, sub_charge),
        event("evt_in_paid", "invoice.paid", T + 6, paid),
        event("evt_ch_1", "charge.succeeded", T + 10, first),
        event("evt_ch_2", "charge.succeeded", T + 20, second),
        event("evt_re_1", "refund.created", T + 100, refund_at("pending")),
        event(
            "evt_re_1b",
            "refund.updated",
            T + 105,
            refund_at("succeeded"),
        ),
        event("evt_ch_1r", "charge.refunded", T + 105, refunded),
        event("evt_dp_1", "charge.dispute.created", T + 200, disputed),
        event(
            "evt_s_2",
            "customer.subscription.deleted",
            T + 300,
            with(sub, canceled),
        ),
    ]
}

/// Ben, another customer, and a guest checkout with a refund.
fn bystanders() -> Vec<Value> {
    let ben = customer("cus_ben", "ben@example.com", "Ben Berg", T + 1);
    let bens = charge("ch_ben_1", Some("cus_ben"), 9900, T + 25);
    let guest_details = json!({
        "billing_details": {"email": "Guest.Buyer@Shop.example", "name": "Gus Guest"},
        "receipt_email": "guest.buyer@shop.example",
    });
    let guest = with(charge("ch_guest_1", None, 1999, T + 30), guest_details);
    let refunded = refund("re_guest_1", "ch_guest_1", 1999, "succeeded", T + 110);
    vec![
        event("evt_c_ben", "customer.created", T + 1, ben),
        event("evt_ch_ben", "charge.succeeded", T + 25, bens),
        event("evt_ch_guest", "charge.succeeded", T + 30, guest),
        event("evt_re_g", "refund.created", T + 110, refunded),
    ]
}

/// Every key of the history, of its customer and of each row is the contract's, no more, no less.
fn assert_contract_names(h: &Value) {
    assert_eq!(keys(h), contract(&TOP));
    assert_eq!(keys(&h["customer"]), contract(&CUSTOMER));
    let sections: [(&str, &[&'static str]); 5] = [
        ("charges", &CHARGE),
        ("refunds", &REFUND),
        ("disputes", &DISPUTE),
        ("subscriptions", &SUBSCRIPTION),
        ("invoices", &INVOICE),
    ];
    for (section, names) in sections {
        let rows = h[section]
            .as_array()
            .unwrap_or_else(|| panic!("{section} is not a list"));
        assert!(!rows.is_empty(), "the story puts something in {section}");
        for row in rows {
            assert_eq!(keys(row), contract(names), "{section} row {}", row["id"]);
        }
    }
}

fn keys(v: &Value) -> BTreeSet<&str> {
    v.as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .map(String::as_str)
        .collect()
}

fn contract(names: &[&'static str]) -> BTreeSet<&'static str> {
    names.iter().copied().collect()
}

pub async fn history_is_found_by_id_and_by_email_alike(store: &dyn Store) {
    // Arrange
    seed(store).await;

    // Act
    let by_id = known(store, "cus_anna", NOW).await;
    let by_email = known(store, "ANNA.WEBER@example.DE", NOW).await;
    let by_padded_email = known(store, "  anna.weber@example.de ", NOW).await;

    // Assert
    assert_eq!(
        by_id["customer"],
        json!({"id": "cus_anna", "email": "anna.weber@example.de", "name": "Anna Weber"})
    );
    assert_eq!(
        ids(&by_id, "charges"),
        ["ch_anna_2", "ch_anna_1", "ch_anna_sub"],
        "newest first, Ben's and the guest's left out"
    );
    assert_eq!(by_email, by_id);
    assert_eq!(by_padded_email, by_id);
    let ben = known(store, "Ben@Example.com", NOW).await;
    assert_eq!(ben["customer"]["id"], "cus_ben");
    assert_eq!(ids(&ben, "charges"), ["ch_ben_1"]);
}

pub async fn history_rows_carry_the_contract_fields(store: &dyn Store) {
    // Arrange
    seed(store).await;

    // Act
    let h = known(store, "cus_anna", NOW).await;

    // Assert: the names first (a clear message when one is renamed), then the values.
    assert_contract_names(&h);
    assert_eq!(
        entry(&h, "charges", "ch_anna_1"),
        &json!({"id": "ch_anna_1", "amount": 4900, "currency": "eur", "status": "succeeded", "created": T + 10,
                "amount_refunded": 2000, "disputed": false, "order_id": "#1001", "invoice": null,
                "receipt_url": "https://pay.stripe.com/receipts/payment/ch_anna_1", "last4": "4242"})
    );
    assert_eq!(
        entry(&h, "charges", "ch_anna_2"),
        &json!({"id": "ch_anna_2", "amount": 2500, "currency": "eur", "status": "succeeded", "created": T + 20,
                "amount_refunded": 0, "disputed": true, "order_id": "1002", "invoice": null,
                "receipt_url": "https://pay.stripe.com/receipts/payment/ch_anna_2", "last4": "0005"})
    );
    assert_eq!(entry(&h, "charges", "ch_anna_sub")["invoice"], "in_anna");
    assert_eq!(
        h["refunds"],
        json!([{"id": "re_anna_1", "charge": "ch_anna_1", "amount": 2000, "currency": "eur", "status": "succeeded", "created": T + 100}])
    );
    assert_eq!(
        h["disputes"],
        json!([{"id": "dp_anna_1", "charge": "ch_anna_2", "amount": 2500, "currency": "eur", "status": "needs_response",
                "reason": "fraudulent", "due_by": T + 200 + 7 * 86_400, "created": T + 200}])
    );
    assert_eq!(
        h["subscriptions"],
        json!([{"id": "sub_anna", "status": "canceled", "cancel_at_period_end": false, "canceled_at": T + 300,
                "current_period_end": T + 5 + 30 * 86_400}])
    );
    assert_eq!(
        h["invoices"],
        json!([{"id": "in_anna", "status": "paid", "amount_due": 1500, "amount_paid": 1500, "currency": "eur",
                "subscription": "sub_anna", "charge": "ch_anna_sub", "attempt_count": 1, "next_payment_attempt": null,
                "hosted_invoice_url": "https://invoice.stripe.com/i/in_anna", "created": T + 6}])
    );
}

pub async fn a_guest_charge_is_found_by_its_billing_email(store: &dyn Store) {
    // Arrange
    seed(store).await;

    // Act
    let guest = known(store, "guest.buyer@SHOP.example", NOW).await;

    // Assert
    assert_eq!(
        guest["customer"],
        json!({"id": null, "email": "guest.buyer@shop.example", "name": "Gus Guest"})
    );
    assert_eq!(ids(&guest, "charges"), ["ch_guest_1"]);
    assert_eq!(
        entry(&guest, "charges", "ch_guest_1")["amount_refunded"],
        1999
    );
    assert_eq!(ids(&guest, "refunds"), ["re_guest_1"]);
    assert_eq!(guest["subscriptions"], json!([]));
    assert_eq!(guest["invoices"], json!([]));
}

pub async fn history_as_of_an_instant_shows_only_what_was_known(store: &dyn Store) {
    // Arrange
    seed(store).await;

    // Act
    let before_refund = known(store, "cus_anna", T + 99).await;
    let refund_pending = known(store, "cus_anna", T + 102).await;
    let before_dispute = known(store, "cus_anna", T + 199).await;
    let before_cancel = known(store, "cus_anna", T + 299).await;
    let at_cancel = known(store, "cus_anna", T + 300).await;

    // Assert
    assert_eq!(
        before_refund["refunds"],
        json!([]),
        "a refund created after the instant is invisible"
    );
    assert_eq!(
        entry(&before_refund, "charges", "ch_anna_1")["amount_refunded"],
        0
    );
    assert_eq!(
        entry(&refund_pending, "refunds", "re_anna_1")["status"],
        "pending"
    );
    assert_eq!(before_dispute["disputes"], json!([]));
    assert_eq!(
        entry(&before_dispute, "charges", "ch_anna_2")["disputed"],
        false
    );
    assert_eq!(before_cancel["subscriptions"][0]["status"], "active");
    assert_eq!(
        before_cancel["subscriptions"][0]["canceled_at"],
        Value::Null
    );
    assert_eq!(at_cancel["subscriptions"][0]["status"], "canceled");
    assert_eq!(
        ids(&known(store, "cus_anna", T + 15).await, "charges"),
        ["ch_anna_1", "ch_anna_sub"]
    );
    assert_eq!(
        history(store, "cus_anna", T - 1).await,
        None,
        "nothing was known before her first event"
    );
    assert_eq!(
        history(store, "guest.buyer@shop.example", T + 29).await,
        None
    );
}

pub async fn an_unknown_customer_has_no_history(store: &dyn Store) {
    // Arrange
    seed(store).await;

    // Act
    let by_id = history(store, "cus_nobody", NOW).await;
    let by_email = history(store, "nobody@example.com", NOW).await;

    // Assert
    assert_eq!(by_id, None);
    assert_eq!(by_email, None);
}
