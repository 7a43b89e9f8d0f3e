//! How the simulated merchant's objects look as Stripe JSON at each stage,
//! and what the history must show for them from then on.

use serde_json::{Value, json};

use super::{Kind, Object, World};
use crate::conformance::build::{self, with};

impl World {
    /// (event type, Stripe object, projection for the oracle) of object `i` now.
    pub(super) fn render(&self, i: usize) -> (&'static str, Value, Value) {
        let o = &self.objects[i];
        match o.kind {
            Kind::Charge => render_charge(o),
            Kind::Refund => self.render_refund(o),
            Kind::Dispute => self.render_dispute(o),
            Kind::Subscription => self.render_subscription(o),
            Kind::Invoice => self.render_invoice(o),
        }
    }

    fn parent_id(&self, o: &Object) -> String {
        self.objects[o.parent.expect("refunds and disputes have a charge")]
            .id
            .clone()
    }

    fn render_refund(&self, o: &Object) -> (&'static str, Value, Value) {
        let (event_type, status) = match (o.stage, o.bad_ending) {
            (0, _) => ("refund.created", "pending"),
            (_, true) => ("refund.updated", "failed"),
            _ => ("refund.updated", "succeeded"),
        };
        let refund = build::refund(&o.id, &self.parent_id(o), o.amount, status, o.created);
        (event_type, refund, json!({"status": status}))
    }

    fn render_dispute(&self, o: &Object) -> (&'static str, Value, Value) {
        let (event_type, status) = match (o.stage, o.bad_ending) {
            (0, _) => ("charge.dispute.created", "needs_response"),
            (1, _) => ("charge.dispute.updated", "under_review"),
            (_, true) => ("charge.dispute.closed", "lost"),
            _ => ("charge.dispute.closed", "won"),
        };
        let dispute = build::dispute(&o.id, &self.parent_id(o), o.amount, status, o.created);
        (event_type, dispute, json!({"status": status}))
    }

    fn render_subscription(&self, o: &Object) -> (&'static str, Value, Value) {
        let customer = o.owner.id().expect("the guest never subscribes");
        let (event_type, status) = match o.stage {
            0 => ("customer.subscription.created", "active"),
            1 => ("customer.subscription.updated", "active"),
            _ => ("customer.subscription.deleted", "canceled"),
        };
        let ending = o.stage >= 1;
        let canceled_at = if o.stage == 2 {
            json!(self.now)
        } else {
            Value::Null
        };
        let stage = json!({"cancel_at_period_end": ending, "canceled_at": canceled_at});
        let sub = with(
            build::subscription(&o.id, &customer, status, o.created),
            stage,
        );
        (
            event_type,
            sub,
            json!({"status": status, "cancel_at_period_end": ending}),
        )
    }

    fn render_invoice(&self, o: &Object) -> (&'static str, Value, Value) {
        let customer = o.owner.id().unwrap();
        let (event_type, status, attempts) = match o.stage {
            0 => ("invoice.created", "draft", 0),
            1 => ("invoice.finalized", "open", 0),
            2 => ("invoice.payment_failed", "open", 1),
            _ => ("invoice.paid", "paid", 2),
        };
        let paid_by = self
            .objects
            .iter()
            .find(|c| c.kind == Kind::Charge && c.invoice.as_ref() == Some(&o.id));
        let charge = paid_by.filter(|_| status == "paid").map(|c| c.id.clone());
        let retry = if o.stage == 2 {
            json!(self.now + 3 * 86_400)
        } else {
            Value::Null
        };
        let stage = json!({"attempt_count": attempts, "attempted": attempts > 0, "next_payment_attempt": retry,
                           "amount_paid": if status == "paid" { 1500 } else { 0 }});
        let invoice = if o.api_2025 {
            with(
                build::invoice_2025(
                    &o.id,
                    &customer,
                    o.subscription.as_deref(),
                    status,
                    o.created,
                ),
                stage,
            )
        } else {
            let pi = charge.as_ref().map(|_| format!("pi_{}", o.id));
            let links =
                json!({"subscription": o.subscription, "charge": charge, "payment_intent": pi});
            with(
                with(build::invoice(&o.id, &customer, status, o.created), stage),
                links,
            )
        };
        let row = json!({"status": status, "attempt_count": attempts, "subscription": o.subscription, "charge": charge});
        (event_type, invoice, row)
    }
}

fn render_charge(o: &Object) -> (&'static str, Value, Value) {
    let status = if o.stage == 0 { "pending" } else { "succeeded" };
    let event_type = match (o.stage, o.refunded) {
        (0, _) => "charge.pending",
        (_, 0) => "charge.succeeded",
        _ => "charge.refunded",
    };
    // A 2025+ charge does not name its invoice; the invoice payment links them.
    let invoice = if o.api_2025 {
        Value::Null
    } else {
        json!(o.invoice)
    };
    let stage = json!({
        "status": status,
        "paid": status == "succeeded",
        "amount_refunded": o.refunded,
        "refunded": o.refunded == o.amount,
        "payment_intent": o.invoice.as_ref().map(|inv| format!("pi_{inv}")),
        "invoice": invoice,
        "billing_details": {"email": o.owner.email()},
    });
    let charge = with(
        build::charge(&o.id, o.owner.id().as_deref(), o.amount, o.created),
        stage,
    );
    (
        event_type,
        charge,
        json!({"status": status, "invoice": o.invoice}),
    )
}
