//! Small builders of realistic Stripe JSON, so a story reads as "Anna pays
//! 49.00 EUR" rather than as a wall of fields. Objects come in the 2024-06-20
//! API shape; [`with`] patches in whatever a story needs (a 2025+ `parent`, a
//! guest's billing email, …).

use serde_json::{Value, json};

/// The API version of the 2024 shapes.
pub const API_2024: &str = "2024-06-20";
/// The API version of the 2025+ shapes.
pub const API_2025: &str = "2025-03-31.basil";

/// Seven days, Stripe's usual evidence window for a dispute.
const EVIDENCE_WINDOW: i64 = 7 * 86_400;

/// An event wrapping `object`, as Stripe posts it to a webhook.
pub fn event(id: &str, event_type: &str, created: i64, object: Value) -> Value {
    json!({
        "id": id,
        "object": "event",
        "api_version": API_2024,
        "created": created,
        "data": {"object": object},
        "livemode": false,
        "pending_webhooks": 1,
        "request": {"id": null, "idempotency_key": null},
        "type": event_type,
    })
}

/// A customer.
pub fn customer(id: &str, email: &str, name: &str, created: i64) -> Value {
    json!({
        "id": id,
        "object": "customer",
        "created": created,
        "email": email,
        "name": name,
        "livemode": false,
        "metadata": {},
        "preferred_locales": ["de"],
    })
}

/// A succeeded EUR card charge, paid with a Visa ending 4242.
pub fn charge(id: &str, customer: Option<&str>, amount: i64, created: i64) -> Value {
    json!({
        "id": id,
        "object": "charge",
        "amount": amount,
        "amount_captured": amount,
        "amount_refunded": 0,
        "billing_details": {"address": {"country": "DE"}, "email": null, "name": null, "phone": null},
        "calculated_statement_descriptor": "PAYDESK SHOP",
        "captured": true,
        "created": created,
        "currency": "eur",
        "customer": customer,
        "description": null,
        "disputed": false,
        "failure_code": null,
        "failure_message": null,
        "invoice": null,
        "livemode": false,
        "metadata": {},
        "outcome": {"network_status": "approved_by_network", "reason": null, "type": "authorized"},
        "paid": true,
        "payment_intent": null,
        "payment_method_details": {"card": {"brand": "visa", "exp_month": 12, "exp_year": 2030, "last4": "4242"}, "type": "card"},
        "receipt_email": null,
        "receipt_url": format!("https://pay.stripe.com/receipts/payment/{id}"),
        "refunded": false,
        "refunds": {"object": "list", "data": [], "has_more": false, "total_count": 0, "url": format!("/v1/charges/{id}/refunds")},
        "status": "succeeded",
    })
}

/// A refund of (part of) a charge.
pub fn refund(id: &str, charge: &str, amount: i64, status: &str, created: i64) -> Value {
    json!({
        "id": id,
        "object": "refund",
        "amount": amount,
        "charge": charge,
        "created": created,
        "currency": "eur",
        "metadata": {},
        "payment_intent": null,
        "reason": "requested_by_customer",
        "status": status,
    })
}

/// A fraud dispute on a charge, its evidence due seven days after it opened.
pub fn dispute(id: &str, charge: &str, amount: i64, status: &str, created: i64) -> Value {
    json!({
        "id": id,
        "object": "dispute",
        "amount": amount,
        "charge": charge,
        "created": created,
        "currency": "eur",
        "evidence_details": {"due_by": created + EVIDENCE_WINDOW, "has_evidence": false, "past_due": false, "submission_count": 0},
        "is_charge_refundable": false,
        "livemode": false,
        "metadata": {},
        "payment_intent": null,
        "reason": "fraudulent",
        "status": status,
    })
}

/// A monthly subscription, in the 2024 shape (period end at the top level).
pub fn subscription(id: &str, customer: &str, status: &str, created: i64) -> Value {
    json!({
        "id": id,
        "object": "subscription",
        "cancel_at": null,
        "cancel_at_period_end": false,
        "canceled_at": null,
        "created": created,
        "current_period_end": created + 30 * 86_400,
        "current_period_start": created,
        "customer": customer,
        "items": {"object": "list", "data": [{"id": format!("si_{id}"), "object": "subscription_item", "current_period_end": created + 30 * 86_400}]},
        "latest_invoice": null,
        "livemode": false,
        "metadata": {},
        "status": status,
    })
}

/// An invoice of 15.00 EUR in the 2024 shape (`subscription`, `charge` and
/// `payment_intent` at the top level, all null until a story sets them).
pub fn invoice(id: &str, customer: &str, status: &str, created: i64) -> Value {
    let paid = status == "paid";
    json!({
        "id": id,
        "object": "invoice",
        "amount_due": 1500,
        "amount_paid": if paid { 1500 } else { 0 },
        "amount_remaining": if paid { 0 } else { 1500 },
        "attempt_count": if paid { 1 } else { 0 },
        "attempted": paid,
        "billing_reason": "subscription_cycle",
        "charge": null,
        "created": created,
        "currency": "eur",
        "customer": customer,
        "hosted_invoice_url": format!("https://invoice.stripe.com/i/{id}"),
        "invoice_pdf": format!("https://pay.stripe.com/invoice/{id}/pdf"),
        "livemode": false,
        "next_payment_attempt": null,
        "number": format!("PD-{id}"),
        "paid": paid,
        "payment_intent": null,
        "status": status,
        "subscription": null,
    })
}

/// The same invoice in the 2025+ shape: no top-level `subscription`, `charge`
/// or `payment_intent`; the subscription (if any) under `parent`.
pub fn invoice_2025(
    id: &str,
    customer: &str,
    subscription: Option<&str>,
    status: &str,
    created: i64,
) -> Value {
    let mut v = invoice(id, customer, status, created);
    let fields = v.as_object_mut().expect("an invoice is an object");
    for gone in ["subscription", "charge", "payment_intent", "paid"] {
        fields.remove(gone);
    }
    let parent = subscription.map(|sub| {
        json!({
            "quote_details": null,
            "subscription_details": {"metadata": {}, "subscription": sub},
            "type": "subscription_details",
        })
    });
    fields.insert("parent".into(), parent.unwrap_or(Value::Null));
    v
}

/// A 2025+ `invoice_payment`: this payment intent paid this invoice.
pub fn invoice_payment(id: &str, invoice: &str, payment_intent: &str, created: i64) -> Value {
    json!({
        "id": id,
        "object": "invoice_payment",
        "amount_paid": 1500,
        "amount_requested": 1500,
        "created": created,
        "currency": "eur",
        "invoice": invoice,
        "is_default": true,
        "livemode": false,
        "payment": {"payment_intent": payment_intent, "type": "payment_intent"},
        "status": "paid",
        "status_transitions": {"canceled_at": null, "paid_at": created},
    })
}

/// A payment intent.
pub fn payment_intent(
    id: &str,
    customer: &str,
    status: &str,
    latest_charge: Option<&str>,
    created: i64,
) -> Value {
    json!({
        "id": id,
        "object": "payment_intent",
        "amount": 1500,
        "created": created,
        "currency": "eur",
        "customer": customer,
        "last_payment_error": null,
        "latest_charge": latest_charge,
        "livemode": false,
        "metadata": {},
        "receipt_email": null,
        "status": status,
    })
}

/// `base` with `patch` merged in: objects merge key by key, anything else replaces.
pub fn with(base: Value, patch: Value) -> Value {
    match (base, patch) {
        (Value::Object(mut base), Value::Object(patch)) => {
            for (key, value) in patch {
                let merged = match base.remove(&key) {
                    Some(old) => with(old, value),
                    None => value,
                };
                base.insert(key, merged);
            }
            Value::Object(base)
        }
        (_, patch) => patch,
    }
}
