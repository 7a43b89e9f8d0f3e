//! Amounts of money in each locale's notation: `49,90 €`, `€49.90`,
//! `1.234,56 €`, `1 234,56 €`, `USD49.90`, `¥4,900`, `49.90元`, `49 euros`,
//! and a bare `49,90` right after a word such as "amount" or "Betrag".

use std::ops::Range;
use std::sync::LazyLock;

use regex::{Match, Regex};

use super::Amount;
use super::currency::{code_of, exponent, prefix_pattern, suffix_pattern};
use super::message::Message;
use super::scan::{Claims, digit_after, parse_digits, word_after, word_before};
use crate::lang::Lang;

/// Digits with optional thousands groups (`.` `,` `'` or a space, as the
/// locales write them) and up to two decimals; `49,-` is German for 49 even.
const NUMBER: &str = r"(?:[0-9]{1,3}(?:[.,'’ \u{A0}\u{202F}\u{2009}][0-9]{3})+(?:[.,][0-9]{1,2})?|[0-9]{1,15}(?:[.,][0-9]{1,2})?)(?:,-{1,2})?";

/// A number that has decimals: without a currency only those read as money.
const DECIMAL: &str = r"(?:[0-9]{1,3}(?:[.,'’ \u{A0}\u{202F}\u{2009}][0-9]{3})+|[0-9]{1,15})(?:[.,][0-9]{1,2}|,-{1,2})";

/// At most one space between a currency and its number.
const SPACE: &str = r"[ \u{A0}\u{202F}\u{2009}]?";

/// A number with a currency before it, maybe also after it, or only after it.
pub(super) static MONEY: LazyLock<Regex> = LazyLock::new(|| {
    let (pre, suf) = (prefix_pattern(), suffix_pattern());
    let pattern =
        format!("(?i)(?:{pre}){SPACE}{NUMBER}(?:{SPACE}(?:{suf}))?|{NUMBER}{SPACE}(?:{suf})");
    Regex::new(&pattern).expect("money pattern")
});

/// A word that names an amount, then a number with decimals.
pub(super) static CUED: LazyLock<Regex> = LazyLock::new(|| {
    let cue = "amount|total|betrag|summe|importe|monto|montant|somme|金额|总额|总计|合计|扣款";
    let joiner = r"(?:\s+(?:of|von|de|du|was|is|war|ist|es|est|fue))?";
    Regex::new(&format!(r"(?i)(?:{cue}){joiner}\s*[:：]?\s*{DECIMAL}")).expect("cued pattern")
});

/// Every amount in the message outside claimed spans, claiming what it reads.
pub(super) fn amounts(
    message: &Message<'_>,
    lang: Lang,
    claims: &mut Claims,
) -> Vec<(usize, Amount)> {
    let text = message.text;
    let mut found = Vec::new();
    message.each_match(&MONEY, |money| {
        let amount = with_currency(text, money, lang).filter(|_| claims.is_free(&money.range()));
        let Some(amount) = amount else {
            return false;
        };
        claims.claim(money.range());
        found.push((money.start(), amount));
        true
    });
    message.each_match(&CUED, |cued| {
        // The cue words have no digits: the number starts at the first one.
        let Some(start) = cued.as_str().find(|c: char| c.is_ascii_digit()) else {
            return false;
        };
        let number = cued.start() + start..cued.end();
        if digit_after(text, number.end) || !claims.is_free(&number) {
            return false;
        }
        let Some(minor) = minor_units(&text[number.clone()], 2) else {
            return false;
        };
        found.push((
            number.start,
            Amount {
                minor,
                currency: None,
            },
        ));
        claims.claim(number);
        true
    });
    found
}

/// The amount a money match stands for, unless it is part of a longer word
/// or number (`USD` in `XUSD`, `49.90` in `49.901 €`).
fn with_currency(text: &str, money: Match<'_>, lang: Lang) -> Option<Amount> {
    let written = money.as_str();
    if written.starts_with(|c: char| c.is_ascii_alphanumeric()) && word_before(text, money.start())
    {
        return None;
    }
    let (prefix, number, suffix) = parts(written)?;
    let prefix = (!prefix.is_empty()).then_some(prefix);
    let mut suffix = (!suffix.is_empty()).then_some(suffix);
    let suffix_is_word = suffix.is_some_and(|s| s.ends_with(|c: char| c.is_ascii_alphabetic()));
    if suffix_is_word && word_after(text, money.end()) {
        // `49 eurozone` names no currency; `€49 eurozone` still has its `€`.
        prefix?;
        suffix = None;
    }
    if suffix.is_none() && digit_after(text, money.start() + number.end) {
        return None;
    }
    // `$49.90 USD`: the code after the number says more than the symbol before it.
    let suffix_code = suffix.filter(|s| s.len() == 3 && s.is_ascii());
    let currency = code_of(suffix_code.or(prefix).or(suffix)?, lang)?;
    let minor = minor_units(&written[number], exponent(currency))?;
    Some(Amount {
        minor,
        currency: Some(currency.to_owned()),
    })
}

/// The currency before the number, where the number is, and the currency
/// after it; the pattern has checked their shape, and no currency name has
/// a digit.
fn parts(written: &str) -> Option<(&str, Range<usize>, &str)> {
    let start = written.find(|c: char| c.is_ascii_digit())?;
    let mut end = written.rfind(|c: char| c.is_ascii_digit())? + 1;
    // German "49,-" and "49,--" end in dashes.
    if let Some(dashes) = written[end..].strip_prefix(',') {
        end += 1 + (dashes.len() - dashes.trim_start_matches('-').len());
    }
    Some((written[..start].trim(), start..end, written[end..].trim()))
}

/// A written number in minor units of a currency with `exponent` decimals,
/// rounding decimals the currency does not have; `None` on overflow.
fn minor_units(number: &str, exponent: u32) -> Option<i64> {
    let number = number.trim_end_matches('-').trim_end_matches(',');
    let (whole, fraction) = split_decimals(number);
    let written_decimals = fraction.len() as u32;
    let mut scaled = i128::from(parse_digits(whole)?) * 10_i128.pow(written_decimals);
    if !fraction.is_empty() {
        scaled += i128::from(parse_digits(fraction)?);
    }
    let minor = if exponent >= written_decimals {
        scaled * 10_i128.pow(exponent - written_decimals)
    } else {
        let divisor = 10_i128.pow(written_decimals - exponent);
        (scaled + divisor / 2) / divisor
    };
    i64::try_from(minor).ok()
}

/// The whole part and the decimals: the last `.` or `,` is a decimal point
/// only when one or two digits follow it (`49,90`, `1.234,5`); with three it
/// separates thousands (`4,900`, `1.234`).
fn split_decimals(number: &str) -> (&str, &str) {
    match number.rfind(['.', ',']) {
        Some(at) if (1..=2).contains(&(number.len() - at - 1)) => {
            (&number[..at], &number[at + 1..])
        }
        _ => (number, ""),
    }
}

#[cfg(test)]
mod tests {
    use super::minor_units;

    #[test]
    fn numbers_become_minor_units_in_every_notation() {
        let cases = [
            ("49,90", 2, Some(4990)),
            ("49.9", 2, Some(4990)),
            ("1.234,56", 2, Some(123_456)),
            ("1,234.56", 2, Some(123_456)),
            ("1 234,56", 2, Some(123_456)),
            ("1'234.50", 2, Some(123_450)),
            ("4,900", 0, Some(4900)),
            ("49,-", 2, Some(4900)),
            ("49.90", 0, Some(50)),
            ("49.9", 3, Some(49_900)),
            ("999999999999999", 2, Some(99_999_999_999_999_900)),
            ("999999999999999999999", 2, None),
        ];
        for (written, exponent, expected) in cases {
            assert_eq!(
                minor_units(written, exponent),
                expected,
                "{written} with {exponent}"
            );
        }
    }
}
