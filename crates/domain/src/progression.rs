//! How far along its lifecycle a state of an object is.
//!
//! Stripe's `created` has one-second resolution, and webhooks arrive in any
//! order. When two states of one object carry the same `created` second, the
//! one further along its lifecycle is the newer: a refund goes `pending` →
//! `succeeded`, never back; a dispute `needs_response` → `under_review` →
//! `won`/`lost`. Arrival order never decides.

use crate::objects::{Charge, Customer, Dispute, Invoice, InvoicePayment, PaymentIntent};
use crate::objects::{Refund, Subscription};

/// Rank of a refund state.
pub fn refund(r: &Refund) -> i64 {
    match r.status.as_str() {
        "pending" | "requires_action" => 1,
        "succeeded" | "failed" | "canceled" => 2,
        _ => 0,
    }
}

/// Rank of a dispute state: inquiries (`warning_*`) come before chargebacks.
pub fn dispute(d: &Dispute) -> i64 {
    match d.status.as_str() {
        "warning_needs_response" => 1,
        "warning_under_review" => 2,
        "warning_closed" => 3,
        "needs_response" => 4,
        "under_review" => 5,
        "won" | "lost" | "prevented" => 6,
        _ => 0,
    }
}

/// Rank of a charge state: status, then capture, dispute, and money refunded so far.
pub fn charge(c: &Charge) -> i64 {
    let status = match c.status.as_str() {
        "pending" => 1,
        "succeeded" | "failed" => 2,
        _ => 0,
    };
    let refunded = c.amount_refunded.clamp(0, (1 << 40) - 1);
    ((status * 4 + i64::from(c.disputed) * 2 + i64::from(c.refunded)) << 40) | refunded
}

/// Rank of a payment intent state.
pub fn payment_intent(p: &PaymentIntent) -> i64 {
    match p.status.as_str() {
        "requires_payment_method" => 1,
        "requires_confirmation" => 2,
        "requires_action" => 3,
        "processing" => 4,
        "requires_capture" => 5,
        "succeeded" | "canceled" => 6,
        _ => 0,
    }
}

/// Rank of a subscription state: status, then whether it is set to cancel.
pub fn subscription(s: &Subscription) -> i64 {
    let status = match s.status.as_str() {
        "incomplete" => 1,
        "trialing" => 2,
        "active" => 3,
        "past_due" => 4,
        "unpaid" | "paused" => 5,
        "canceled" | "incomplete_expired" => 6,
        _ => 0,
    };
    status * 2 + i64::from(s.cancel_at_period_end || s.cancel_at.is_some())
}

/// Rank of an invoice state: status, then payment attempts made.
pub fn invoice(i: &Invoice) -> i64 {
    let status = match i.status.as_str() {
        "draft" => 1,
        "open" => 2,
        "paid" | "void" | "uncollectible" => 3,
        "deleted" => 4,
        _ => 0,
    };
    let status = if i.deleted { 4 } else { status };
    (status << 32) | i.attempt_count.clamp(0, u32::MAX as i64)
}

/// Rank of an invoice payment state.
pub fn invoice_payment(p: &InvoicePayment) -> i64 {
    match p.status.as_str() {
        "open" => 1,
        "paid" | "canceled" | "failed" => 2,
        _ => 0,
    }
}

/// Rank of a customer state: deletion is final.
pub fn customer(c: &Customer) -> i64 {
    i64::from(c.deleted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifecycles_only_move_forward() {
        let r = |s: &str| {
            refund(&Refund {
                status: s.into(),
                ..Default::default()
            })
        };
        assert!(r("pending") < r("succeeded"));
        let d = |s: &str| {
            dispute(&Dispute {
                status: s.into(),
                ..Default::default()
            })
        };
        assert!(d("needs_response") < d("under_review") && d("under_review") < d("won"));
        assert!(d("warning_closed") < d("needs_response"));
        let s = |st: &str, c: bool| {
            subscription(&Subscription {
                status: st.into(),
                cancel_at_period_end: c,
                ..Default::default()
            })
        };
        assert!(s("active", false) < s("active", true) && s("active", true) < s("canceled", false));
    }

    #[test]
    fn a_charge_ranks_higher_as_money_is_refunded() {
        let c = |refunded: i64, full: bool| {
            charge(&Charge {
                status: "succeeded".into(),
                amount: 1000,
                amount_refunded: refunded,
                refunded: full,
                ..Default::default()
            })
        };
        assert!(c(0, false) < c(500, false) && c(500, false) < c(1000, true));
    }
}
