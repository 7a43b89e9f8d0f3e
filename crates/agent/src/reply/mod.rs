//! Replies: one template per situation and language, filled only with facts
//! from the payment state, money and dates written in the customer's locale.
//!
//! The templates live in `crates/agent/templates/{en,de,es,fr,zh}.toml`; each
//! file holds a `greeting`, a `closing` and one body per [`Situation`]. They see
//! only [`ReplyFacts`] (and `lang`), so a reply cannot state an amount, a date
//! or a status the state does not hold.

mod format;
mod library;
mod situation;

#[cfg(test)]
mod tests;

pub use format::{format_date, format_money};
pub use situation::Situation;

use crate::lang::Lang;

/// Money in minor units of a currency (lowercase ISO 4217); JPY and other zero-decimal currencies have no minor unit.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Money {
    /// Minor units (cents), or whole units for zero-decimal currencies.
    pub amount: i64,
    /// Lowercase ISO 4217 code, as Stripe writes it.
    pub currency: String,
}

/// One refund as a reply states it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RefundFact {
    /// How much was refunded.
    pub amount: Money,
    /// Stripe's status: `pending`, `succeeded`, `failed`, `canceled` or `requires_action`.
    pub status: String,
    /// When the refund was created, Unix seconds.
    pub date: i64,
}

/// Every fact a reply may state. Templates use nothing else, so a reply can only say what the payment state holds.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct ReplyFacts {
    /// The customer's name as known; the greeting uses its first word.
    pub name: Option<String>,
    /// The main amount (refund made, charge explained, invoice amount).
    pub amount: Option<Money>,
    /// The main date, Unix seconds (charge, refund, period end); never shown for disputes.
    pub date: Option<i64>,
    /// The order number, shown as given (`#1042` or `1042`).
    pub order_id: Option<String>,
    /// The last four digits of the card.
    pub last4: Option<String>,
    /// The statement descriptor on the customer's bank statement.
    pub descriptor: Option<String>,
    /// An invoice, receipt or payment-update link.
    pub url: Option<String>,
    /// Refunds to report, one line each.
    pub refunds: Vec<RefundFact>,
    /// A count, e.g. of active subscriptions.
    pub count: Option<i64>,
    /// The next automatic payment attempt, Unix seconds.
    pub next_retry: Option<i64>,
}

/// A rendered reply and its English rendering for the person reviewing it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Reply {
    /// The reply in the customer's language.
    pub text: String,
    /// The same reply in English.
    pub english: String,
}

/// Why a reply could not be rendered; always names the language, and the situation where one applies.
#[derive(Debug, thiserror::Error)]
pub enum ReplyError {
    /// The language's file has no template for the situation.
    #[error("templates/{}.toml has no template for `{situation}`", .lang.code())]
    MissingTemplate { situation: Situation, lang: Lang },
    /// The language's template file does not parse.
    #[error("{detail}")]
    InvalidFile { lang: Lang, detail: String },
    /// A template (of the situation, or the greeting/closing) does not compile.
    #[error("templates/{}.toml, `{situation}`: {detail}", .lang.code())]
    InvalidTemplate {
        situation: Situation,
        lang: Lang,
        detail: String,
    },
    /// A template failed while rendering these facts.
    #[error("templates/{}.toml, `{situation}`: rendering failed", .lang.code())]
    Render {
        situation: Situation,
        lang: Lang,
        #[source]
        source: minijinja::Error,
    },
}

/// The subject line of an email paydesk sends unasked (a playbook's
/// message) in a situation, in a language; `None` for situations that
/// answer a customer's own message.
pub fn subject(situation: Situation, lang: Lang) -> Option<&'static str> {
    library::subject(situation, lang)
}

/// Renders the reply for a situation in a language, with its English rendering alongside.
pub fn render(situation: Situation, lang: Lang, facts: &ReplyFacts) -> Result<Reply, ReplyError> {
    let text = library::render_text(situation, lang, facts)?;
    let english = match lang {
        Lang::En => text.clone(),
        _ => library::render_text(situation, Lang::En, facts)?,
    };
    Ok(Reply { text, english })
}
