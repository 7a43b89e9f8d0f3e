//! The 2024 and 2025+ API shapes link invoices, subscriptions and charges
//! differently; the history must show the same links for both.

use paydesk_store::Store;
use serde_json::{Value, json};

use super::build::{
    API_2025, charge, customer, event, invoice, invoice_2025, invoice_payment, payment_intent,
    subscription, with,
};
use super::{deliver, entry, known};

const T: i64 = 1_767_225_600;

/// A 2025+ event: same envelope, newer `api_version`.
fn event_2025(id: &str, event_type: &str, created: i64, object: Value) -> Value {
    with(
        event(id, event_type, created, object),
        json!({"api_version": API_2025}),
    )
}

/// One subscription billed three times: in the 2024 shape, in the 2025+
/// shape with an `invoice_payment.paid` event, and in the 2025+ shape with
/// the payments list expanded on the invoice.
fn billed_three_ways() -> Vec<Value> {
    let who = Some("cus_shape");
    let sam = customer("cus_shape", "shape@example.com", "Sam Shape", T);
    let sub = subscription("sub_shape", "cus_shape", "active", T + 1);
    // 2024: the invoice names its subscription and charge; the charge names its invoice.
    let pays_24 = json!({"invoice": "in_24", "payment_intent": "pi_24"});
    let charge_24 = with(charge("ch_24", who, 1500, T + 10), pays_24);
    let links_24 =
        json!({"subscription": "sub_shape", "charge": "ch_24", "payment_intent": "pi_24"});
    let invoice_24 = with(invoice("in_24", "cus_shape", "paid", T + 10), links_24);
    // 2025+: the subscription sits under `parent`; an invoice payment (one
    // second later, delivered first) ties the invoice to a payment intent,
    // whose charge does not name the invoice.
    let charge_25 = with(
        charge("ch_25", who, 1500, T + 20),
        json!({"payment_intent": "pi_25"}),
    );
    let invoice_25 = invoice_2025("in_25", "cus_shape", Some("sub_shape"), "paid", T + 20);
    let payment_25 = invoice_payment("inpay_25", "in_25", "pi_25", T + 21);
    // 2025+ with `payments` expanded, and the payment intent mirrored.
    let charge_25b = with(
        charge("ch_25b", who, 1500, T + 30),
        json!({"payment_intent": "pi_25b"}),
    );
    let payments = json!({"payments": {"object": "list", "has_more": false,
                          "data": [invoice_payment("inpay_25b", "in_25b", "pi_25b", T + 30)]}});
    let invoice_25b = with(
        invoice_2025("in_25b", "cus_shape", Some("sub_shape"), "paid", T + 30),
        payments,
    );
    let intent_25b = payment_intent("pi_25b", "cus_shape", "succeeded", Some("ch_25b"), T + 30);
    vec![
        event("evt_cus", "customer.created", T, sam),
        event("evt_sub", "customer.subscription.created", T + 1, sub),
        event("evt_in24", "invoice.paid", T + 10, invoice_24),
        event("evt_ch24", "charge.succeeded", T + 10, charge_24),
        event_2025("evt_inpay25", "invoice_payment.paid", T + 21, payment_25),
        event_2025("evt_in25", "invoice.paid", T + 20, invoice_25),
        event_2025("evt_ch25", "charge.succeeded", T + 20, charge_25),
        event_2025("evt_pi25b", "payment_intent.succeeded", T + 30, intent_25b),
        event_2025("evt_in25b", "invoice.paid", T + 30, invoice_25b),
        event_2025("evt_ch25b", "charge.succeeded", T + 30, charge_25b),
    ]
}

pub async fn invoices_link_charges_in_2024_and_2025_shapes(store: &dyn Store) {
    // Arrange
    deliver(store, &billed_three_ways()).await;

    // Act
    let h = known(store, "cus_shape", i64::MAX).await;
    let before_payment = known(store, "cus_shape", T + 20).await;

    // Assert
    for (invoice, charge) in [("in_24", "ch_24"), ("in_25", "ch_25"), ("in_25b", "ch_25b")] {
        let row = entry(&h, "invoices", invoice);
        assert_eq!(row["subscription"], "sub_shape", "{invoice}: {row}");
        assert_eq!(row["charge"], charge, "{invoice}: {row}");
        assert_eq!(entry(&h, "charges", charge)["invoice"], invoice, "{charge}");
    }
    let unpaid = entry(&before_payment, "invoices", "in_25");
    assert_eq!(unpaid["subscription"], "sub_shape");
    assert_eq!(
        unpaid["charge"],
        Value::Null,
        "the payment was not known yet"
    );
    assert_eq!(
        entry(&before_payment, "charges", "ch_25")["invoice"],
        Value::Null
    );
}
