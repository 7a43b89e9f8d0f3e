//! Rules 7–11: charged after cancelling, cancelling, failed payments,
//! invoices and disputes.

use super::target::target;
use super::{Context, Understanding, Verdict};
use crate::decision::{Action, Outcome, Team};
use crate::policy::{CancelMode, Policy};
use crate::reply::{Money, ReplyFacts, Situation};

/// Rule 7: a paid invoice created after the subscription was cancelled → refund its charge.
pub fn charged_after_cancel(ctx: &Context, policy: &Policy, mut facts: ReplyFacts) -> Verdict {
    let h = ctx.history;
    let cancelled: Vec<_> = h
        .subscriptions
        .iter()
        .filter_map(|s| s.canceled_at.map(|at| (s, at)))
        .collect();
    if cancelled.is_empty() {
        return Verdict::escalated(Team::Billing, Situation::ChargedAfterCancelEscalated, facts)
            .because("no cancellation on record");
    }
    let late = h
        .invoices
        .iter()
        .filter(|i| i.status == "paid")
        .find_map(|i| {
            let (sub, at) = cancelled
                .iter()
                .find(|(s, _)| i.subscription.as_deref() == Some(s.id.as_str()))?;
            (i.created.unwrap_or(0) > *at).then_some((i, *sub, *at))
        });
    let Some((invoice, sub, at)) = late else {
        return Verdict::escalated(Team::Billing, Situation::ChargedAfterCancelEscalated, facts)
            .because("no paid invoice was created after a cancellation");
    };
    let charge = invoice
        .charge
        .as_deref()
        .and_then(|id| h.charges.iter().find(|c| c.id == id));
    let found = format!(
        "{} was paid after {} was cancelled at {at}",
        invoice.id, sub.id
    );
    let Some(charge) = charge else {
        return Verdict::escalated(Team::Billing, Situation::ChargedAfterCancelEscalated, facts)
            .because(found)
            .because("its charge is not on record");
    };
    let remaining = charge.amount - charge.amount_refunded;
    facts.amount = Some(Money {
        amount: remaining,
        currency: charge.currency.clone(),
    });
    facts.date = charge.created;
    let refused = if !policy.subscriptions.refund_after_cancel {
        Some("subscriptions.refund_after_cancel is off".to_string())
    } else if charge.disputed {
        Some(format!("{} is disputed", charge.id))
    } else if remaining <= 0 {
        Some(format!("{} is already refunded", charge.id))
    } else {
        None
    };
    if let Some(why) = refused {
        facts.amount = None;
        return Verdict::escalated(Team::Billing, Situation::ChargedAfterCancelEscalated, facts)
            .because(found)
            .because(why);
    }
    let mut v = Verdict::resolved(Situation::ChargedAfterCancelRefunded, facts).because(found);
    v.actions.push(Action::Refund {
        charge: charge.id.clone(),
        amount: remaining,
        currency: charge.currency.clone(),
    });
    v
}

/// Rule 8: cancel the one active subscription per the policy's mode.
pub fn cancel(ctx: &Context, policy: &Policy, mut facts: ReplyFacts) -> Verdict {
    let active: Vec<_> = ctx
        .history
        .subscriptions
        .iter()
        .filter(|s| {
            matches!(
                s.status.as_str(),
                "active" | "trialing" | "past_due" | "unpaid" | "paused"
            )
        })
        .collect();
    match active.as_slice() {
        [] => {
            Verdict::resolved(Situation::CancelNoneActive, facts).because("no active subscription")
        }
        [sub] => {
            let at_period_end = policy.subscriptions.cancel_mode == CancelMode::PeriodEnd;
            if sub.cancel_at_period_end && at_period_end {
                facts.date = sub.current_period_end;
                return Verdict::resolved(Situation::CancelAtPeriodEnd, facts).because(format!(
                    "{} is already set to cancel at the end of its period",
                    sub.id
                ));
            }
            let situation = if at_period_end {
                Situation::CancelAtPeriodEnd
            } else {
                Situation::CancelImmediately
            };
            facts.date = if at_period_end {
                sub.current_period_end
            } else {
                None
            };
            let mut v = Verdict::resolved(situation, facts).because(format!(
                "cancel {} ({}) per subscriptions.cancel_mode",
                sub.id,
                if at_period_end {
                    "at period end"
                } else {
                    "immediately"
                }
            ));
            v.actions.push(Action::CancelSubscription {
                subscription: sub.id.clone(),
                at_period_end,
            });
            v
        }
        several => {
            facts.count = Some(several.len() as i64);
            Verdict::new(
                Outcome::NeedsInfo,
                None,
                Situation::NeedsInfoWhichSubscription,
                facts,
            )
            .because(format!(
                "{} active subscriptions: asked which one",
                several.len()
            ))
        }
    }
}

/// Rule 9: a link to update the payment method, with the open invoice if there is one.
pub fn payment_update(ctx: &Context, mut facts: ReplyFacts) -> Verdict {
    let Some(customer) = ctx.customer else {
        return Verdict::escalated(Team::Billing, Situation::InvoiceNotFound, facts)
            .because("a guest checkout has no Stripe customer to update");
    };
    let open = ctx
        .history
        .invoices
        .iter()
        .filter(|i| i.status == "open")
        .max_by_key(|i| i.created);
    if let Some(inv) = open {
        facts.amount = Some(Money {
            amount: inv.amount_due - inv.amount_paid,
            currency: inv.currency.clone(),
        });
        // A retry date already past at the ticket's time is not a promise we can make.
        facts.next_retry = inv.next_payment_attempt.filter(|t| *t > ctx.now);
        facts.url = inv.hosted_invoice_url.clone();
    }
    let mut v = Verdict::resolved(Situation::PaymentUpdateLink, facts).because(match open {
        Some(inv) => format!(
            "open invoice {} after {} attempt(s)",
            inv.id, inv.attempt_count
        ),
        None => "no open invoice: a link to update the card".to_string(),
    });
    v.actions.push(Action::PaymentUpdateLink {
        customer: customer.to_string(),
        invoice: open.map(|i| i.id.clone()),
    });
    v
}

/// Rule 10: the invoice (or the receipt) of the payment meant.
pub fn invoice(u: &Understanding, ctx: &Context, mut facts: ReplyFacts) -> Verdict {
    let Some((charge, how)) = target(u, ctx) else {
        return Verdict::escalated(Team::Billing, Situation::InvoiceNotFound, facts)
            .because("no payment matches the message");
    };
    facts.amount = Some(Money {
        amount: charge.amount,
        currency: charge.currency.clone(),
    });
    facts.date = charge.created;
    facts.order_id = charge.order_id.clone();
    let invoice = charge
        .invoice
        .as_deref()
        .and_then(|id| ctx.history.invoices.iter().find(|i| i.id == id));
    let (action, url) = match invoice {
        Some(inv) => (
            Action::SendInvoice {
                invoice: Some(inv.id.clone()),
                charge: None,
            },
            inv.hosted_invoice_url.clone(),
        ),
        None => (
            Action::SendInvoice {
                invoice: None,
                charge: Some(charge.id.clone()),
            },
            charge.receipt_url.clone(),
        ),
    };
    if url.is_none() {
        return Verdict::escalated(Team::Billing, Situation::InvoiceNotFound, facts).because(
            format!(
                "{} ({how}) has no invoice or receipt link on record",
                charge.id
            ),
        );
    }
    facts.url = url;
    let mut v =
        Verdict::resolved(Situation::InvoiceSent, facts).because(format!("{} ({how})", charge.id));
    v.actions.push(action);
    v
}

/// Rule 11: disputes go to the disputes team with the evidence deadline; never refund.
pub fn dispute(ctx: &Context, facts: ReplyFacts) -> Verdict {
    let open = ctx
        .history
        .disputes
        .iter()
        .filter(|d| {
            matches!(
                d.status.as_str(),
                "needs_response"
                    | "warning_needs_response"
                    | "under_review"
                    | "warning_under_review"
            )
        })
        .min_by_key(|d| d.due_by);
    let v = Verdict::escalated(Team::Disputes, Situation::DisputeEscalated, facts)
        .because("disputes are handled by a person");
    match open {
        Some(d) => v.because(format!(
            "dispute {} on {} ({}), evidence due by {}",
            d.id,
            d.charge.as_deref().unwrap_or("?"),
            d.status,
            d.due_by
                .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
                .map_or("unknown".to_string(), |t| t
                    .format("%Y-%m-%d %H:%M UTC")
                    .to_string())
        )),
        None => v.because("no open dispute on record yet"),
    }
}
