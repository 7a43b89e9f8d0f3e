//! Rule 2: the charge a message means — the one it points at (Stripe id,
//! order number, amount, date, card digits), else the most recent succeeded one.

use paydesk_domain::history::ChargeRow;
use paydesk_domain::world::order_key;

use super::{Context, Understanding};

/// The charge meant, and how it was found (for the reasons).
pub fn target<'a>(u: &Understanding, ctx: &'a Context) -> Option<(&'a ChargeRow, String)> {
    let rows = &ctx.history.charges;
    let e = &u.entities;
    // Strong pointers: an id or an order number that matches nothing means
    // "not this customer's charge" — never fall back to another one.
    for id in &e.stripe_ids {
        let by_intent = |r: &&ChargeRow| {
            ctx.snapshot
                .charges
                .iter()
                .any(|c| c.id == r.id && c.payment_intent.as_deref() == Some(id.as_str()))
        };
        if let Some(r) = rows
            .iter()
            .find(|r| &r.id == id)
            .or_else(|| rows.iter().find(by_intent))
        {
            return Some((r, format!("the message names {id}")));
        }
    }
    if !e
        .stripe_ids
        .iter()
        .any(|id| id.starts_with("ch_") || id.starts_with("py_") || id.starts_with("pi_"))
        && !e.order_numbers.is_empty()
    {
        let wanted: Vec<String> = e.order_numbers.iter().map(|o| order_key(o)).collect();
        return rows
            .iter()
            .filter(|r| {
                r.order_id
                    .as_deref()
                    .is_some_and(|o| wanted.contains(&order_key(o)))
            })
            .max_by_key(|r| (r.status == "succeeded", r.created))
            .map(|r| {
                (
                    r,
                    format!(
                        "order {} in the message",
                        r.order_id.clone().unwrap_or_default()
                    ),
                )
            });
    }
    if e.stripe_ids
        .iter()
        .any(|id| id.starts_with("ch_") || id.starts_with("py_") || id.starts_with("pi_"))
    {
        return None;
    }
    let mut candidates: Vec<&ChargeRow> = rows.iter().filter(|r| r.status == "succeeded").collect();
    let mut how = Vec::new();
    narrow(&mut candidates, &mut how, "amount", |r| {
        e.amounts
            .iter()
            .any(|a| a.minor == r.amount && a.currency.as_deref().is_none_or(|c| c == r.currency))
    });
    narrow(&mut candidates, &mut how, "date", |r| {
        r.created
            .is_some_and(|t| e.dates.iter().any(|d| days_apart(*d, t) <= 1))
    });
    narrow(&mut candidates, &mut how, "card digits", |r| {
        r.last4.as_ref().is_some_and(|l| e.last4.contains(l))
    });
    let chosen = candidates
        .into_iter()
        .max_by_key(|r| (r.created, r.id.clone()))?;
    let how = if how.is_empty() {
        "the most recent succeeded charge".to_string()
    } else {
        format!(
            "the charge matching the {} in the message",
            how.join(" and ")
        )
    };
    Some((chosen, how))
}

/// Keeps the candidates that match a clue, when any do.
fn narrow(
    candidates: &mut Vec<&ChargeRow>,
    how: &mut Vec<&str>,
    clue: &'static str,
    matches: impl Fn(&ChargeRow) -> bool,
) {
    let matching: Vec<&ChargeRow> = candidates.iter().copied().filter(|r| matches(r)).collect();
    if !matching.is_empty() && matching.len() < candidates.len()
        || (!matching.is_empty() && candidates.len() == 1)
    {
        *candidates = matching;
        how.push(clue);
    }
}

fn days_apart(date: chrono::NaiveDate, unix: i64) -> i64 {
    let charged = chrono::DateTime::from_timestamp(unix, 0)
        .map(|t| t.date_naive())
        .unwrap_or(date);
    (charged - date).num_days().abs()
}
