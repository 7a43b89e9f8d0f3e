//! Reply tests: locale formatting, every template in every language, and
//! the promise that a reply states only the facts it was given.

mod content;
mod format;
mod render;
mod templates;

use super::{Money, RefundFact, ReplyFacts};

/// 2026-03-03T00:00:00Z
const MARCH_3: i64 = 1_772_496_000;
/// 2026-03-10T09:00:00Z
const MARCH_10: i64 = 1_773_133_200;
/// 2026-02-20T10:00:00Z
const FEBRUARY_20: i64 = 1_771_581_600;
/// 2026-03-28T00:00:00Z
const MARCH_28: i64 = 1_774_656_000;

fn eur(amount: i64) -> Money {
    Money {
        amount,
        currency: "eur".into(),
    }
}

fn refund(amount: i64, status: &str, date: i64) -> RefundFact {
    RefundFact {
        amount: eur(amount),
        status: status.into(),
        date,
    }
}

/// Every fact a reply could state, for a German customer with a euro charge.
fn full_facts() -> ReplyFacts {
    ReplyFacts {
        name: Some("Anna Weber".into()),
        amount: Some(eur(4990)),
        date: Some(MARCH_3),
        order_id: Some("#1042".into()),
        last4: Some("4242".into()),
        descriptor: Some("PAYDESK*SHOP".into()),
        url: Some("https://pay.example.com/i/abc".into()),
        refunds: vec![
            refund(2500, "succeeded", FEBRUARY_20),
            refund(1200, "pending", MARCH_3),
            refund(990, "failed", MARCH_10),
        ],
        count: Some(3),
        next_retry: Some(MARCH_10),
    }
}

/// No facts at all: every template must still read well.
fn minimal_facts() -> ReplyFacts {
    ReplyFacts::default()
}
