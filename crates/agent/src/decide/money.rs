//! Rules 3–6: refunds, refund status, duplicate and unrecognised charges.

use paydesk_domain::history::ChargeRow;

use super::target::target;
use super::{Context, Understanding, Verdict};
use crate::decision::{Action, Team};
use crate::policy::Policy;
use crate::reply::{Money, RefundFact, ReplyFacts, Situation};

fn money(amount: i64, currency: &str) -> Money {
    Money {
        amount,
        currency: currency.to_string(),
    }
}

fn describe(r: &ChargeRow) -> String {
    format!(
        "{} ({} {} on {})",
        r.id,
        r.amount,
        r.currency,
        r.created.unwrap_or(0)
    )
}

/// The refunds of a charge, newest first, as facts.
fn refunds_of(ctx: &Context, charge: Option<&str>) -> Vec<RefundFact> {
    ctx.history
        .refunds
        .iter()
        .filter(|r| charge.is_none() || r.charge.as_deref() == charge)
        .map(|r| RefundFact {
            amount: money(r.amount, &r.currency),
            status: r.status.clone(),
            date: r.created.unwrap_or(0),
        })
        .collect()
}

/// Rule 3: refund the target's remaining amount when every policy check passes.
pub fn refund_request(
    u: &Understanding,
    ctx: &Context,
    policy: &Policy,
    mut facts: ReplyFacts,
) -> Verdict {
    let Some((charge, how)) = target(u, ctx) else {
        return Verdict::escalated(Team::Billing, Situation::RefundEscalated, facts)
            .because("no succeeded charge of this customer matches the message");
    };
    facts.order_id = charge.order_id.clone();
    facts.last4 = charge.last4.clone();
    facts.date = charge.created;
    let remaining = charge.amount - charge.amount_refunded;
    if remaining <= 0 {
        facts.refunds = refunds_of(ctx, Some(&charge.id));
        facts.amount = Some(money(charge.amount_refunded, &charge.currency));
        if let Some(first) = facts.refunds.first() {
            facts.date = Some(first.date);
        }
        return Verdict::resolved(Situation::RefundAlreadyDone, facts).because(format!(
            "target {} ({how}) is already fully refunded",
            describe(charge)
        ));
    }
    facts.amount = Some(money(remaining, &charge.currency));
    let mut refused = Vec::new();
    let p = &policy.refunds;
    if !p.auto {
        refused.push("refunds.auto is off".to_string());
    }
    match p.max_amount.get(&charge.currency) {
        None => refused.push(format!("no refunds.max_amount for {}", charge.currency)),
        Some(max) if remaining > *max => {
            refused.push(format!("{remaining} exceeds refunds.max_amount {max}"))
        }
        Some(_) => {}
    }
    let age_days = (ctx.now - charge.created.unwrap_or(ctx.now)) / 86_400;
    if age_days > p.max_age_days {
        refused.push(format!(
            "charge is {age_days} days old, over refunds.max_age_days {}",
            p.max_age_days
        ));
    }
    if charge.disputed {
        refused.push("the charge is disputed".to_string());
    }
    if ctx.auto_refunds_90d >= p.max_per_customer_90d {
        refused.push(format!(
            "{} automatic refund(s) in the last 90 days, refunds.max_per_customer_90d is {}",
            ctx.auto_refunds_90d, p.max_per_customer_90d
        ));
    }
    if !refused.is_empty() {
        facts.amount = None;
        let mut v = Verdict::escalated(Team::Billing, Situation::RefundEscalated, facts)
            .because(format!("target {} ({how})", describe(charge)));
        v.reasons.extend(refused);
        return v;
    }
    let mut v = Verdict::resolved(Situation::RefundIssued, facts).because(format!(
        "target {} ({how}); refund {remaining} {} within policy",
        describe(charge),
        charge.currency
    ));
    v.actions.push(Action::Refund {
        charge: charge.id.clone(),
        amount: remaining,
        currency: charge.currency.clone(),
    });
    v
}

/// Rule 4: report each refund's status.
pub fn refund_status(u: &Understanding, ctx: &Context, mut facts: ReplyFacts) -> Verdict {
    let pointed = target(u, ctx)
        .filter(|(_, how)| !how.starts_with("the most recent"))
        .map(|(c, _)| c.id.clone());
    let mut refunds = refunds_of(ctx, pointed.as_deref());
    if refunds.is_empty() && pointed.is_some() {
        refunds = refunds_of(ctx, None);
    }
    if refunds.is_empty() {
        return Verdict::escalated(Team::Billing, Situation::RefundStatusUnknown, facts)
            .because("no refund on record for this customer");
    }
    refunds.truncate(5);
    let n = refunds.len();
    facts.refunds = refunds;
    Verdict::resolved(Situation::RefundStatusList, facts)
        .because(format!("{n} refund(s) on record"))
}

/// Rule 5: two succeeded charges of the same amount and currency within the window.
pub fn duplicate_charge(
    u: &Understanding,
    ctx: &Context,
    policy: &Policy,
    mut facts: ReplyFacts,
) -> Verdict {
    let window = policy.duplicates.window_minutes * 60;
    let mut charges: Vec<&ChargeRow> = ctx
        .history
        .charges
        .iter()
        .filter(|c| c.status == "succeeded")
        .collect();
    charges.sort_by_key(|c| (c.created, c.id.clone()));
    let pointed = target(u, ctx)
        .filter(|(_, how)| !how.starts_with("the most recent"))
        .map(|(c, _)| c.id.clone());
    let mut pairs = Vec::new();
    for (i, first) in charges.iter().enumerate() {
        for later in &charges[i + 1..] {
            let gap = later.created.unwrap_or(0) - first.created.unwrap_or(0);
            if later.amount == first.amount && later.currency == first.currency && gap <= window {
                pairs.push((*first, *later));
            }
        }
    }
    // The pair the message points at, else the most recent pair.
    let pair = pairs
        .iter()
        .rev()
        .find(|(a, b)| pointed.as_deref().is_none_or(|p| p == a.id || p == b.id))
        .or(pairs.last());
    let Some((first, later)) = pair else {
        return Verdict::escalated(Team::Billing, Situation::DuplicateNotFound, facts).because(
            format!(
                "no two succeeded charges of the same amount within {} minutes",
                policy.duplicates.window_minutes
            ),
        );
    };
    facts.amount = Some(money(later.amount, &later.currency));
    facts.date = later.created;
    facts.order_id = later.order_id.clone();
    let found = format!("{} duplicates {}", describe(later), describe(first));
    let mut refused = Vec::new();
    match policy.duplicates.max_amount.get(&later.currency) {
        None => refused.push(format!("no duplicates.max_amount for {}", later.currency)),
        Some(max) if later.amount > *max => refused.push(format!(
            "{} exceeds duplicates.max_amount {max}",
            later.amount
        )),
        Some(_) => {}
    }
    if later.amount_refunded > 0 {
        refused.push(format!("{} is already (partly) refunded", later.id));
    }
    if later.disputed {
        refused.push(format!("{} is disputed", later.id));
    }
    if !refused.is_empty() {
        let mut v =
            Verdict::escalated(Team::Billing, Situation::DuplicateEscalated, facts).because(found);
        v.reasons.extend(refused);
        return v;
    }
    let mut v = Verdict::resolved(Situation::DuplicateRefunded, facts).because(found);
    v.actions.push(Action::Refund {
        charge: later.id.clone(),
        amount: later.amount,
        currency: later.currency.clone(),
    });
    v
}

/// Rule 6: explain a charge of this customer; never refund.
pub fn unrecognized_charge(u: &Understanding, ctx: &Context, mut facts: ReplyFacts) -> Verdict {
    let Some((charge, how)) = target(u, ctx) else {
        return Verdict::escalated(Team::Risk, Situation::UnrecognizedEscalated, facts)
            .because("no charge of this customer matches the message");
    };
    facts.amount = Some(money(charge.amount, &charge.currency));
    facts.date = charge.created;
    facts.order_id = charge.order_id.clone();
    facts.last4 = charge.last4.clone();
    facts.descriptor = ctx
        .snapshot
        .charges
        .iter()
        .find(|c| c.id == charge.id)
        .and_then(|c| c.statement_descriptor.clone());
    Verdict::resolved(Situation::UnrecognizedExplained, facts).because(format!(
        "{} ({how}) explains the charge; never refunded automatically",
        describe(charge)
    ))
}
