//! The agent's output: one decision per ticket (the `simulate` contract).

use serde::Serialize;

use crate::intent::Intent;

/// How a ticket ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Answered, with or without actions.
    Resolved,
    /// A person must decide; `team` says who.
    Escalated,
    /// We asked the customer for what we miss.
    NeedsInfo,
}

/// Who an escalated ticket goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Team {
    Billing,
    Disputes,
    Risk,
    Support,
}

impl Team {
    /// The team's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Team::Billing => "billing",
            Team::Disputes => "disputes",
            Team::Risk => "risk",
            Team::Support => "support",
        }
    }
}

/// Something the agent does with money or a subscription.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Action {
    /// Refund `amount` (minor units) of a charge.
    Refund {
        charge: String,
        amount: i64,
        currency: String,
    },
    /// Cancel a subscription, now or at the end of its period.
    CancelSubscription {
        subscription: String,
        at_period_end: bool,
    },
    /// Send the invoice's hosted link, or the charge's receipt when no invoice belongs to it.
    SendInvoice {
        #[serde(skip_serializing_if = "Option::is_none")]
        invoice: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        charge: Option<String>,
    },
    /// Send a link to update the payment method (and pay the open invoice, if any).
    PaymentUpdateLink {
        customer: String,
        invoice: Option<String>,
    },
}

/// One ticket's decision, as `simulate` writes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    pub ticket_id: String,
    pub language: String,
    pub intent: Intent,
    pub confidence: f64,
    pub customer: Option<String>,
    pub outcome: Outcome,
    pub actions: Vec<Action>,
    pub team: Option<Team>,
    /// The reply, in the customer's language.
    pub reply: String,
    /// Why: every check that led here, in English.
    pub reasons: Vec<String>,
    /// The same reply in English, for the person reviewing.
    pub reply_en: String,
}
