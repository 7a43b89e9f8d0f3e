//! Order numbers: `#1042`, "order no. 1042", "Bestellnummer 1042",
//! "n.º de pedido 1042", "commande n°1042", "订单号：1042", and the numbers
//! listed after them ("orders 1042 and 1043"). Phone numbers are found here
//! only to keep them from being read as order numbers.

use std::sync::LazyLock;

use regex::Regex;

use super::message::Message;
use super::scan::{Claims, number_goes_on, word_after, word_before};

/// An order number: digits, maybe after a short letter prefix (`A-1042`).
const TOKEN: &str = r"((?:(?-i:[A-Za-z]){1,4}-?)?[0-9]{3,20})";

/// A word for "order" and what may follow it ("no.", "Nr.", "nº", "号"),
/// then the number (1); or `#` and the number (2).
pub(super) static ORDER: LazyLock<Regex> = LazyLock::new(|| {
    let keywords = [
        r"(?-u:\b)orders?(?:\s*(?:number|num\.?|no\.?|nr\.?|id|ref(?:erence)?))?",
        r"(?-u:\b)(?:bestellung(?:en|s?nummer)?|bestellnummer|bestell-?nr\.?)(?:\s*(?:nr\.?|nummer|no\.?))?",
        r"(?-u:\b)auftrag(?:s?nummer|s?-?nr\.?)?(?:\s*(?:nr\.?|nummer))?",
        r"(?-u:\b)(?:pedidos?|orden)(?:\s*(?:n\.?\s?[º°o]\.?|n[uú]m(?:ero)?\.?))?",
        r"(?-u:\b)(?:n\.?\s?[º°]|n[uú]m(?:ero)?\.?)\s*de\s+(?:pedido|orden)",
        r"(?-u:\b)commandes?(?:\s*(?:n\.?\s?[°º]\.?|no\.?|num[ée]ro|num\.?))?",
        r"(?-u:\b)(?:num[ée]ro|n\.?\s?[°º]|num\.?)\s*de\s+(?:la\s+|ma\s+|votre\s+)?commande",
        r"订单(?:编号|号码|编码|号)?|单号",
    ];
    // "订单号是1042": Chinese puts "is" between the word and the number.
    let pattern = format!(
        r"(?i)(?:{})\s*(?:是|为|為)?\s*[:：]?\s*[#＃]?\s*{TOKEN}|[#＃]\s?{TOKEN}",
        keywords.join("|")
    );
    Regex::new(&pattern).expect("order pattern")
});

/// Another number listed right after an order number (1).
pub(super) static LISTED: LazyLock<Regex> = LazyLock::new(|| {
    let joiner = r"(?:,|;|&|/|、|，|和|及|与|(?-u:\b)(?:and|und|y|et|or|oder|o|ou)(?-u:\b))";
    Regex::new(&format!(r"(?i)\A\s*{joiner}\s*[#＃]?\s*{TOKEN}")).expect("listed pattern")
});

/// Phone numbers: international, announced by a word, or North American.
pub(super) static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    let word = r"(?:phone|tel\.?|telephone|telefon|tel[eé]fono|t[eé]l[eé]phone|mobile|handy|m[oó]vil|portable|电话|手机)";
    Regex::new(&format!(
        r"(?i)\+[0-9]{{1,3}}(?:[ .\-/]?\(?[0-9]{{1,5}}\)?){{2,6}}|{word}\s*(?:number|nummer|nr\.?|no\.?|n[uú]mero|num[ée]ro)?\s*[:：]?\s*\+?[0-9][0-9 ()./\-]{{5,}}[0-9]|\(?[0-9]{{3}}\)?[ .\-][0-9]{{3}}[ .\-][0-9]{{4}}"
    ))
    .expect("phone pattern")
});

/// Chinese units that make a number a date or an amount: `2026年`, `3日`, `49元`.
const UNITS: &[char] = &['年', '月', '日', '号', '號', '天', '元', '块', '円'];

/// Claims every phone number in `text` outside claimed spans.
pub(super) fn claim_phones(message: &Message<'_>, claims: &mut Claims) {
    let text = message.text;
    message.each_match(&PHONE, |caps| {
        let span = caps.get_match().range();
        let free = !word_before(text, span.start) && claims.is_free(&span);
        if free {
            claims.claim(span);
        }
        free
    });
}

/// Every order number in `text` outside claimed spans, without `#` and in
/// upper case.
pub(super) fn order_numbers(message: &Message<'_>, claims: &Claims) -> Vec<(usize, String)> {
    let text = message.text;
    let mut found = Vec::new();
    message.each_match(&ORDER, |caps| {
        let Some(number) = caps.get(1).or_else(|| caps.get(2)) else {
            return false;
        };
        let start = caps.get_match().start();
        // `&#1042;` is an HTML entity and `page/#1042` a link, not an order.
        let glued = word_before(text, start) || text[..start].ends_with(['&', '/']);
        let hash_only = caps.get(2).is_some();
        if (hash_only && glued) || !is_order_number(text, number.range(), claims) {
            return false;
        }
        found.push((number.start(), number.as_str().to_ascii_uppercase()));
        let mut end = number.end();
        while let Some(next) = LISTED.captures(&text[end..]).and_then(|c| c.get(1)) {
            let span = end + next.start()..end + next.end();
            if !is_order_number(text, span.clone(), claims) {
                break;
            }
            found.push((span.start, text[span.clone()].to_ascii_uppercase()));
            end = span.end;
        }
        true
    });
    found
}

/// Whether the number at `span` stands alone and is not part of an amount,
/// a date, a phone number or card digits read before.
fn is_order_number(text: &str, span: std::ops::Range<usize>, claims: &Claims) -> bool {
    let unit_after = text[span.end..].starts_with(UNITS);
    !unit_after
        && !word_after(text, span.end)
        && !number_goes_on(text, span.end)
        && claims.is_free(&span)
}
