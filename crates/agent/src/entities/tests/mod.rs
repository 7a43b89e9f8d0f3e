//! Tests of [`extract`](super::extract) through its public surface: one file
//! per language, tables of what customers write and what must be read from
//! it, then edge cases and properties over arbitrary text.
//!
//! Every test's ticket is dated Wednesday 11 March 2026.

mod de;
mod edge;
mod en;
mod es;
mod fr;
mod properties;
mod zh;

use chrono::NaiveDate;

use super::{Amount, Entities, extract};
use crate::lang::Lang;

/// The ticket's date: Wednesday 11 March 2026.
fn today() -> NaiveDate {
    day(2026, 3, 11)
}

fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a valid test date")
}

/// An amount in `currency` ("" for none).
fn money(minor: i64, currency: &str) -> Amount {
    let currency = (!currency.is_empty()).then(|| currency.to_owned());
    Amount { minor, currency }
}

fn read(lang: Lang, text: &str) -> Entities {
    extract(text, lang, today())
}

/// Checks one field over a table of messages, reporting every case that
/// differs rather than stopping at the first.
fn check<T: PartialEq + std::fmt::Debug>(
    lang: Lang,
    cases: &[(&str, Vec<T>)],
    field: impl Fn(Entities) -> Vec<T>,
) {
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|(text, expected)| {
            let got = field(read(lang, text));
            (got != *expected)
                .then(|| format!("{text:?}\n    expected {expected:?}\n    got      {got:?}"))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

fn check_orders(lang: Lang, cases: &[(&str, &[&str])]) {
    let cases: Vec<_> = cases
        .iter()
        .map(|(t, e)| (*t, e.iter().map(|s| s.to_string()).collect()))
        .collect();
    check(lang, &cases, |e| e.order_numbers);
}

fn check_amounts(lang: Lang, cases: &[(&str, &[(i64, &str)])]) {
    let cases: Vec<_> = cases
        .iter()
        .map(|(t, e)| (*t, e.iter().map(|(m, c)| money(*m, c)).collect()))
        .collect();
    check(lang, &cases, |e| e.amounts);
}

/// A date as year, month, day.
type Ymd = (i32, u32, u32);

fn check_dates(lang: Lang, cases: &[(&str, &[Ymd])]) {
    let cases: Vec<_> = cases
        .iter()
        .map(|(t, e)| (*t, e.iter().map(|(y, m, d)| day(*y, *m, *d)).collect()))
        .collect();
    check(lang, &cases, |e| e.dates);
}

fn check_last4(lang: Lang, cases: &[(&str, &[&str])]) {
    let cases: Vec<_> = cases
        .iter()
        .map(|(t, e)| (*t, e.iter().map(|s| s.to_string()).collect()))
        .collect();
    check(lang, &cases, |e| e.last4);
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|s| s.to_string()).collect()
}
