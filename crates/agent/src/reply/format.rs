//! Money and dates written the way a customer in each language expects them.
//!
//! Choices, per language (the tests pin each one):
//! - en: `€49.90`, `$49.90`, `£24.50`, `¥4,900`; other currencies `CHF 12.00`.
//! - de: `1.234,56 €`, `49,90 $`, `24,50 £`, `4.900 ¥`, `12,00 CHF`.
//! - fr: `1 234,56 €` grouped with U+202F (CLDR's narrow no-break space, so a
//!   number never wraps) and a regular space before the unit; CLDR's `$US`,
//!   `£GB` and `JPY` tell the currency apart for francophone customers outside
//!   France.
//! - es: `1234,56 €` but `12.345,67 €`: CLDR es groups only from five integer
//!   digits; CLDR's `US$`, `GBP`, `JPY`.
//! - zh: `€49.90`, `US$49.90`, `£24.50`; yuan as `49.90元` and yen as
//!   `4,900日元`, because `¥` alone is ambiguous between the two for a reader of
//!   Chinese; other currencies `CHF 12.00`.
//!
//! Dates are UTC calendar dates: `March 3, 2026`, `3. März 2026`,
//! `3 mars 2026` (`1er mars 2026`), `3 de marzo de 2026`, `2026年3月3日`.

use chrono::{DateTime, Datelike};

use super::Money;
use crate::lang::Lang;

/// Stripe's zero-decimal currencies: an amount is already in whole units.
const ZERO_DECIMAL: [&str; 16] = [
    "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv",
    "xaf", "xof", "xpf",
];

/// Stripe's three-decimal currencies: an amount is in thousandths.
const THREE_DECIMAL: [&str; 5] = ["bhd", "jod", "kwd", "omr", "tnd"];

/// How one language writes the digits of a number.
struct Digits {
    group: &'static str,
    decimal: char,
    /// CLDR's minimum grouping digits: es leaves `1234` ungrouped.
    min_grouping: usize,
}

fn digits(lang: Lang) -> Digits {
    match lang {
        Lang::En | Lang::Zh => Digits {
            group: ",",
            decimal: '.',
            min_grouping: 1,
        },
        Lang::De => Digits {
            group: ".",
            decimal: ',',
            min_grouping: 1,
        },
        Lang::Es => Digits {
            group: ".",
            decimal: ',',
            min_grouping: 2,
        },
        Lang::Fr => Digits {
            group: "\u{202f}",
            decimal: ',',
            min_grouping: 1,
        },
    }
}

/// Where the currency goes around the number.
enum Unit {
    Before(String),
    After(String),
}

fn unit(currency: &str, lang: Lang) -> Unit {
    let code = currency.to_ascii_uppercase();
    match lang {
        Lang::En => Unit::Before(match currency {
            "eur" => "€".into(),
            "usd" => "$".into(),
            "gbp" => "£".into(),
            "jpy" => "¥".into(),
            _ => format!("{code} "),
        }),
        Lang::Zh => match currency {
            "eur" => Unit::Before("€".into()),
            "usd" => Unit::Before("US$".into()),
            "gbp" => Unit::Before("£".into()),
            "cny" => Unit::After("元".into()),
            "jpy" => Unit::After("日元".into()),
            _ => Unit::Before(format!("{code} ")),
        },
        Lang::De | Lang::Es | Lang::Fr => {
            let symbol = match (lang, currency) {
                (_, "eur") => "€",
                (Lang::De, "usd") => "$",
                (Lang::De, "gbp") => "£",
                (Lang::De, "jpy") => "¥",
                (Lang::Fr, "usd") => "$US",
                (Lang::Fr, "gbp") => "£GB",
                (Lang::Es, "usd") => "US$",
                _ => &code,
            };
            Unit::After(format!(" {symbol}"))
        }
    }
}

/// How many digits of a currency's amount lie after the decimal separator.
fn decimals(currency: &str) -> u32 {
    if ZERO_DECIMAL.contains(&currency) {
        0
    } else if THREE_DECIMAL.contains(&currency) {
        3
    } else {
        2
    }
}

fn group(whole: u64, digits: &Digits) -> String {
    let plain = whole.to_string();
    if plain.len() < 3 + digits.min_grouping {
        return plain;
    }
    let mut out = String::new();
    for (i, c) in plain.chars().enumerate() {
        if i > 0 && (plain.len() - i).is_multiple_of(3) {
            out.push_str(digits.group);
        }
        out.push(c);
    }
    out
}

/// An amount in minor units written in the customer's language, with its currency.
pub fn format_money(money: &Money, lang: Lang) -> String {
    let currency = money.currency.to_ascii_lowercase();
    let decimals = decimals(&currency);
    let style = digits(lang);
    let scale = 10u64.pow(decimals);
    let minor = money.amount.unsigned_abs();
    let mut number = group(minor / scale, &style);
    if decimals > 0 {
        let fraction = minor % scale;
        number.push(style.decimal);
        number.push_str(&format!("{fraction:0width$}", width = decimals as usize));
    }
    let sign = if money.amount < 0 { "-" } else { "" };
    match unit(&currency, lang) {
        Unit::Before(unit) => format!("{sign}{unit}{number}"),
        Unit::After(unit) => format!("{sign}{number}{unit}"),
    }
}

const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DE_MONTHS: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];
const FR_MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const ES_MONTHS: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];

/// The UTC calendar date of a Unix time, written in the customer's language.
pub fn format_date(unix: i64, lang: Lang) -> String {
    // Beyond chrono's range (about ±262,000 years) no real payment can lie;
    // the raw number is still more honest than a made-up date.
    let Some(at) = DateTime::from_timestamp(unix, 0) else {
        return unix.to_string();
    };
    let (year, month, day) = (at.year(), at.month(), at.day());
    let index = month as usize - 1;
    match lang {
        Lang::En => format!("{} {day}, {year}", EN_MONTHS[index]),
        Lang::De => format!("{day}. {} {year}", DE_MONTHS[index]),
        // French writes the first of the month as an ordinal.
        Lang::Fr if day == 1 => format!("1er {} {year}", FR_MONTHS[index]),
        Lang::Fr => format!("{day} {} {year}", FR_MONTHS[index]),
        Lang::Es => format!("{day} de {} de {year}", ES_MONTHS[index]),
        Lang::Zh => format!("{year}年{month}月{day}日"),
    }
}
