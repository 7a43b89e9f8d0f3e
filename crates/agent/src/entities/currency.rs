//! Currencies as customers write them: symbols, ISO codes and words.

use crate::lang::Lang;

/// ISO codes read as written; RMB is the colloquial code for CNY. Codes
/// that are also common words (TRY, RON) are left out.
const CODES: &[&str] = &[
    "eur", "usd", "gbp", "jpy", "cny", "rmb", "chf", "cad", "aud", "nzd", "hkd", "sgd", "sek",
    "nok", "dkk", "pln", "czk", "huf", "inr", "krw", "mxn", "brl", "zar",
];

/// Symbols and words, each with its currency (`¥` is settled by language).
const NAMES: &[(&str, &str)] = &[
    ("€", "eur"),
    ("euro", "eur"),
    ("euros", "eur"),
    ("欧元", "eur"),
    ("$", "usd"),
    ("us$", "usd"),
    ("dollar", "usd"),
    ("dollars", "usd"),
    ("dólar", "usd"),
    ("dólares", "usd"),
    ("dolar", "usd"),
    ("dolares", "usd"),
    ("美元", "usd"),
    ("美金", "usd"),
    ("£", "gbp"),
    ("pound", "gbp"),
    ("pounds", "gbp"),
    ("livres sterling", "gbp"),
    ("libras esterlinas", "gbp"),
    ("英镑", "gbp"),
    ("円", "jpy"),
    ("yen", "jpy"),
    ("yenes", "jpy"),
    ("日元", "jpy"),
    ("元", "cny"),
    ("块", "cny"),
    ("人民币", "cny"),
    ("yuan", "cny"),
    ("renminbi", "cny"),
    ("franken", "chf"),
    ("c$", "cad"),
    ("ca$", "cad"),
    ("a$", "aud"),
    ("au$", "aud"),
    ("hk$", "hkd"),
    ("港元", "hkd"),
    ("港币", "hkd"),
    ("nz$", "nzd"),
    ("s$", "sgd"),
    ("r$", "brl"),
    ("mx$", "mxn"),
    ("₹", "inr"),
    ("₩", "krw"),
];

/// Currencies whose Stripe amounts have no minor unit.
const ZERO_DECIMAL: &[&str] = &[
    "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv",
    "xaf", "xof", "xpf",
];

/// Currencies whose Stripe amounts have three decimals.
const THREE_DECIMAL: &[&str] = &["bhd", "jod", "kwd", "omr", "tnd"];

/// Regex alternation for a currency written before the amount.
pub(super) fn prefix_pattern() -> String {
    let symbols = [
        "us$", "ca$", "au$", "hk$", "nz$", "mx$", "c$", "a$", "s$", "r$",
    ];
    let mut names: Vec<&str> = symbols.to_vec();
    names.extend(["€", "$", "£", "¥", "￥", "₹", "₩", "人民币"]);
    names.extend(CODES);
    alternation(&names)
}

/// Regex alternation for a currency written after the amount: words before
/// the codes they start with, so `49 euros` is not cut to `49 eur`.
pub(super) fn suffix_pattern() -> String {
    let mut names: Vec<&str> = NAMES.iter().map(|(name, _)| *name).collect();
    names.extend(["¥", "￥"]);
    names.extend(CODES);
    alternation(&names)
}

/// The lowercase ISO code a symbol, code or word names; `¥` is the yuan for
/// a Chinese customer and the yen for everyone else.
pub(super) fn code_of(written: &str, lang: Lang) -> Option<&'static str> {
    let written = written.trim().to_lowercase();
    if written == "¥" || written == "￥" {
        return Some(if lang == Lang::Zh { "cny" } else { "jpy" });
    }
    if written == "rmb" {
        return Some("cny");
    }
    if let Some(code) = CODES.iter().find(|code| **code == written) {
        return Some(code);
    }
    NAMES
        .iter()
        .find(|(name, _)| *name == written)
        .map(|(_, code)| *code)
}

/// Digits in the currency's minor unit, as Stripe counts them.
pub(super) fn exponent(code: &str) -> u32 {
    if ZERO_DECIMAL.contains(&code) {
        0
    } else if THREE_DECIMAL.contains(&code) {
        3
    } else {
        2
    }
}

/// `a|b|c`, longest first so that the regex prefers `us$` to `$`, `euros` to `euro`.
fn alternation(names: &[&str]) -> String {
    let mut names = names.to_vec();
    names.sort_by_key(|name| std::cmp::Reverse(name.chars().count()));
    names
        .iter()
        .map(|name| regex::escape(name))
        .collect::<Vec<_>>()
        .join("|")
}
