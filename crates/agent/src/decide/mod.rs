//! The decision rules of DESIGN.md: a pure function of what the message
//! says, the payment state as of the ticket, and the policy.

mod money;
mod subscriptions;
mod target;

use paydesk_domain::{CustomerHistory, Snapshot};

use crate::decision::{Action, Outcome, Team};
use crate::entities::Entities;
use crate::intent::Intent;
use crate::lang::Lang;
use crate::policy::Policy;
use crate::reply::{ReplyFacts, Situation};

/// What was understood of the customer's message.
#[derive(Debug, Clone)]
pub struct Understanding {
    /// The language the reply is written in.
    pub lang: Lang,
    /// ISO 639-1 code of the message's language; not `lang` when paydesk does not write it.
    pub language: &'static str,
    pub intent: Intent,
    pub confidence: f32,
    pub entities: Entities,
}

/// How the ticket was tied to a Stripe customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// The ticket's email is the customer's (or a payment's billing/receipt email).
    Email,
    /// Only through an order number or Stripe id quoted in the message.
    Message,
    /// Not at all.
    Unlinked,
}

/// The state a decision is made against, as of the ticket's time.
pub struct Context<'a> {
    /// The linked Stripe customer, if any (`None` for a guest checkout).
    pub customer: Option<&'a str>,
    pub link: Link,
    pub snapshot: &'a Snapshot,
    /// The same state with links resolved (refunded amounts, invoices of charges).
    pub history: &'a CustomerHistory,
    /// The ticket's time, Unix seconds.
    pub now: i64,
    /// Automatic refunds already made for this customer in the 90 days before `now`.
    pub auto_refunds_90d: usize,
    /// The customer's name, for the greeting.
    pub name: Option<String>,
}

/// What the agent decided, before the reply is written.
#[derive(Debug, Clone)]
pub struct Verdict {
    pub outcome: Outcome,
    pub team: Option<Team>,
    pub actions: Vec<Action>,
    pub situation: Situation,
    pub facts: ReplyFacts,
    pub reasons: Vec<String>,
}

impl Verdict {
    fn new(
        outcome: Outcome,
        team: Option<Team>,
        situation: Situation,
        facts: ReplyFacts,
    ) -> Verdict {
        Verdict {
            outcome,
            team,
            actions: Vec::new(),
            situation,
            facts,
            reasons: Vec::new(),
        }
    }

    fn resolved(situation: Situation, facts: ReplyFacts) -> Verdict {
        Verdict::new(Outcome::Resolved, None, situation, facts)
    }

    fn escalated(team: Team, situation: Situation, facts: ReplyFacts) -> Verdict {
        Verdict::new(Outcome::Escalated, Some(team), situation, facts)
    }

    fn because(mut self, reason: impl Into<String>) -> Verdict {
        self.reasons.push(reason.into());
        self
    }
}

/// Applies the decision rules.
pub fn decide(u: &Understanding, ctx: &Context, policy: &Policy) -> Verdict {
    let facts = ReplyFacts {
        name: ctx.name.clone(),
        ..ReplyFacts::default()
    };
    let mut verdict = if u.language != u.lang.code() {
        // Not understood well enough to act on: a person reads it.
        Verdict::escalated(Team::Support, Situation::OtherEscalated, facts).because(format!(
            "written in {}, which paydesk does not read: answered in English, passed to a person",
            u.language
        ))
    } else if u.confidence < policy.understanding.min_confidence {
        Verdict::escalated(Team::Support, Situation::OtherEscalated, facts).because(format!(
            "intent unclear: {} at confidence {:.2} is below understanding.min_confidence {:.2}",
            u.intent, u.confidence, policy.understanding.min_confidence
        ))
    } else if !u.intent.is_payment() {
        let situation = if u.intent == Intent::OrderStatus {
            Situation::OrderStatusEscalated
        } else {
            Situation::OtherEscalated
        };
        Verdict::escalated(Team::Support, situation, facts)
            .because(format!("{}: no payment action", u.intent))
    } else if ctx.link == Link::Unlinked {
        Verdict::new(
            Outcome::NeedsInfo,
            None,
            Situation::NeedsInfoUnlinked,
            facts,
        )
        .because("no Stripe customer or payment matches the ticket's email, order number or ids")
    } else if ctx.link == Link::Message && policy.identity.require_email_match {
        Verdict::escalated(Team::Billing, Situation::EscalatedIdentity, facts).because(
            "linked only through the message, and identity.require_email_match forbids acting on it",
        )
    } else {
        hold_uncertain_actions(by_intent(u, ctx, policy, facts), u, policy)
    };
    verdict.reasons.insert(
        0,
        format!(
            "intent {} ({:.2}), language {}",
            u.intent, u.confidence, u.language
        ),
    );
    fact_check(verdict)
}

/// The situations whose reply says money was returned.
const CLAIMS_REFUND: [Situation; 3] = [
    Situation::RefundIssued,
    Situation::DuplicateRefunded,
    Situation::ChargedAfterCancelRefunded,
];

/// Rule 13, enforced on every verdict whatever produced it: a reply may say
/// money was refunded only when this decision refunds exactly that amount,
/// and no decision acts twice on one charge.
pub fn fact_check(mut v: Verdict) -> Verdict {
    let refunds: Vec<(&str, i64, &str)> = v
        .actions
        .iter()
        .filter_map(|a| match a {
            Action::Refund {
                charge,
                amount,
                currency,
            } => Some((charge.as_str(), *amount, currency.as_str())),
            _ => None,
        })
        .collect();
    let claimed = v
        .facts
        .amount
        .as_ref()
        .map(|m| (m.amount, m.currency.as_str()));
    let consistent = match (CLAIMS_REFUND.contains(&v.situation), refunds.as_slice()) {
        (true, [(_, amount, currency)]) => claimed == Some((*amount, *currency)),
        (true, _) => false,
        (false, []) => true,
        (false, _) => false,
    };
    let mut charges: Vec<&str> = refunds.iter().map(|r| r.0).collect();
    charges.sort_unstable();
    let twice = charges.windows(2).any(|w| w[0] == w[1]);
    if consistent && !twice {
        return v;
    }
    let reason = format!(
        "fact check failed for {:?} with {} action(s): nothing done",
        v.situation,
        v.actions.len()
    );
    v.actions.clear();
    v.facts.amount = None;
    v.outcome = Outcome::Escalated;
    v.team = Some(Team::Billing);
    v.situation = Situation::RefundEscalated;
    v.reasons.push(reason);
    v
}

/// Money and cancellations need more certainty about what was asked than a reply does.
fn hold_uncertain_actions(v: Verdict, u: &Understanding, policy: &Policy) -> Verdict {
    let acts = v
        .actions
        .iter()
        .any(|a| matches!(a, Action::Refund { .. } | Action::CancelSubscription { .. }));
    let floor = policy.understanding.min_action_confidence;
    if !acts || u.confidence >= floor {
        return v;
    }
    let (team, situation) = match u.intent {
        Intent::DuplicateCharge => (Team::Billing, Situation::DuplicateEscalated),
        Intent::ChargedAfterCancel => (Team::Billing, Situation::ChargedAfterCancelEscalated),
        Intent::RefundRequest => (Team::Billing, Situation::RefundEscalated),
        _ => (Team::Support, Situation::OtherEscalated),
    };
    let facts = ReplyFacts {
        name: v.facts.name.clone(),
        ..ReplyFacts::default()
    };
    let mut held = Verdict::escalated(team, situation, facts);
    held.reasons = v.reasons;
    held.reasons.push(format!(
        "would act, but confidence {:.2} is below understanding.min_action_confidence {floor:.2}: a person decides",
        u.confidence
    ));
    held
}

fn by_intent(u: &Understanding, ctx: &Context, policy: &Policy, facts: ReplyFacts) -> Verdict {
    match u.intent {
        Intent::RefundRequest => money::refund_request(u, ctx, policy, facts),
        Intent::RefundStatus => money::refund_status(u, ctx, facts),
        Intent::DuplicateCharge => money::duplicate_charge(u, ctx, policy, facts),
        Intent::UnrecognizedCharge => money::unrecognized_charge(u, ctx, facts),
        Intent::ChargedAfterCancel => subscriptions::charged_after_cancel(ctx, policy, facts),
        Intent::CancelSubscription => subscriptions::cancel(ctx, policy, facts),
        Intent::PaymentFailed | Intent::UpdatePaymentMethod => {
            subscriptions::payment_update(ctx, facts)
        }
        Intent::InvoiceRequest => subscriptions::invoice(u, ctx, facts),
        Intent::DisputeNotice => subscriptions::dispute(ctx, facts),
        Intent::OrderStatus | Intent::Other => unreachable_payment(u.intent, facts),
    }
}

fn unreachable_payment(intent: Intent, facts: ReplyFacts) -> Verdict {
    // Handled before linking; kept total so a new intent cannot panic here.
    Verdict::escalated(Team::Support, Situation::OtherEscalated, facts)
        .because(format!("{intent}: no payment action"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reply::Money;

    fn verdict(situation: Situation, amount: Option<i64>, actions: Vec<Action>) -> Verdict {
        let facts = ReplyFacts {
            amount: amount.map(|a| Money {
                amount: a,
                currency: "eur".into(),
            }),
            ..Default::default()
        };
        let mut v = Verdict::resolved(situation, facts);
        v.actions = actions;
        v
    }

    fn refund(charge: &str, amount: i64) -> Action {
        Action::Refund {
            charge: charge.into(),
            amount,
            currency: "eur".into(),
        }
    }

    #[test]
    fn a_reply_can_never_claim_a_refund_that_is_not_made() {
        let claimed_without_action =
            fact_check(verdict(Situation::RefundIssued, Some(4990), vec![]));
        assert_eq!(claimed_without_action.situation, Situation::RefundEscalated);
        assert!(claimed_without_action.facts.amount.is_none());

        let wrong_amount = fact_check(verdict(
            Situation::DuplicateRefunded,
            Some(4990),
            vec![refund("ch_1", 100)],
        ));
        assert_eq!(wrong_amount.situation, Situation::RefundEscalated);
        assert!(wrong_amount.actions.is_empty());

        let silent_refund = fact_check(verdict(
            Situation::CancelNoneActive,
            None,
            vec![refund("ch_1", 100)],
        ));
        assert!(
            silent_refund.actions.is_empty(),
            "an action the reply does not state is dropped"
        );

        let twice = fact_check(verdict(
            Situation::RefundIssued,
            Some(100),
            vec![refund("ch_1", 100), refund("ch_1", 100)],
        ));
        assert!(twice.actions.is_empty());

        let honest = fact_check(verdict(
            Situation::RefundIssued,
            Some(4990),
            vec![refund("ch_1", 4990)],
        ));
        assert_eq!(
            (honest.situation, honest.actions.len()),
            (Situation::RefundIssued, 1)
        );
    }
}
