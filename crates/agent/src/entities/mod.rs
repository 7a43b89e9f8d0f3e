//! What a customer's message mentions that can link it to payments: order
//! numbers, amounts, dates, card digits, Stripe ids and email addresses.
//!
//! Each kind is read by its own file. [`extract`] runs them from the most
//! exact to the loosest, and each claims the text it reads, so the digits of
//! an email, an amount, a date, a phone number or a card are never read
//! again as an order number.
//!
//! - `ids`: Stripe ids and emails.
//! - `amounts` (with `currency`): money in each locale's notation.
//! - `dates` and `relative`: written and relative dates.
//! - `cards`: the last four digits of a card.
//! - `orders`: order numbers (and phone numbers, to keep them out).
//! - `message`: the text, which patterns occur in it, and matching.
//! - `scan`: boundaries and claimed spans, shared by all.

mod amounts;
mod cards;
mod currency;
mod dates;
mod ids;
mod message;
mod orders;
mod relative;
mod scan;
#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use crate::lang::Lang;
use message::Message;
use scan::{Claims, unique_in_order};

/// An amount of money a customer wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Amount {
    /// In minor units of the currency (JPY has none: `¥4,900` is 4900).
    pub minor: i64,
    /// Lowercase ISO 4217 code, when written or implied by a symbol.
    pub currency: Option<String>,
}

/// What a message mentions that can link it to payments, each value once, in
/// order of appearance.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Entities {
    /// Order numbers without `#`, letters upper-cased: "1042", "A-1042".
    pub order_numbers: Vec<String>,
    /// Amounts of money.
    pub amounts: Vec<Amount>,
    /// Dates, relative ones resolved against the ticket's date.
    #[serde(serialize_with = "iso_dates")]
    pub dates: Vec<NaiveDate>,
    /// Last four digits of a card.
    pub last4: Vec<String>,
    /// Stripe ids: `ch_…`, `py_…`, `pi_…`, `in_…`, `sub_…`, `re_…`, `dp_…`, `cus_…`, `evt_…`.
    pub stripe_ids: Vec<String>,
    /// Email addresses, lowercased.
    pub emails: Vec<String>,
}

/// Finds the entities in a message; relative dates resolve against `today` (the ticket's date).
pub fn extract(text: &str, lang: Lang, today: NaiveDate) -> Entities {
    let message = Message::new(text);
    let mut claims = Claims::default();
    let stripe_ids = ids::stripe_ids(&message, &mut claims);
    let emails = ids::emails(&message, &mut claims);
    let amounts = amounts::amounts(&message, lang, &mut claims);
    let mut dates = dates::dates(&message, lang, today, &mut claims);
    dates.extend(relative::relative_dates(&message, lang, today, &mut claims));
    let last4 = cards::last4(&message, &mut claims);
    orders::claim_phones(&message, &mut claims);
    let order_numbers = orders::order_numbers(&message, &claims);
    Entities {
        order_numbers: unique_in_order(order_numbers),
        amounts: unique_in_order(amounts),
        dates: unique_in_order(dates),
        last4: unique_in_order(last4),
        stripe_ids: unique_in_order(stripe_ids),
        emails: unique_in_order(emails),
    }
}

/// Dates as `YYYY-MM-DD`, without relying on chrono's optional serde support.
fn iso_dates<S: Serializer>(dates: &[NaiveDate], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(dates.iter().map(|date| date.format("%Y-%m-%d").to_string()))
}
