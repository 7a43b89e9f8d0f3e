//! Order numbers: `#1042`, "order no. 1042", "Bestellnummer 1042",
//! "n.º de pedido 1042", "commande n°1042", "订单号：1042", and the numbers
//! listed after them ("orders 1042 and 1043"). Phone numbers are found here
//! only to keep them from being read as order numbers.

use std::sync::LazyLock;

use regex::Regex;

use super::message::Message;
use super::scan::{Claims, number_goes_on, word_after, word_before};

/// An order number: digits, maybe after a short letter prefix (`A-1042`).
const TOKEN: &str = r"(?:(?-i:[A-Za-z]){1,4}-?)?[0-9]{3,20}";

/// A word for "order" and what may follow it ("no.", "Nr.", "nº", "号"),
/// then the number; or `#` and the number.
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

/// Another number listed right after an order number.
pub(super) static LISTED: LazyLock<Regex> = LazyLock::new(|| {
    let joiner = r"(?:,|;|&|/|、|，|和|及|与|(?-u:\b)(?:and|und|y|et|or|oder|o|ou)(?-u:\b))";
    Regex::new(&format!(r"(?i)\A\s*{joiner}\s*[#＃]?\s*{TOKEN}")).expect("listed pattern")
});

/// Phone numbers: international, announced by a word, or North American.
pub(super) static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    let word = r"(?:phone|tel\.?|telephone|telefon|tel[eé]fono|t[eé]l[eé]phone|mobile|handy|m[oó]vil|portable|电话|手机)";
    let forms = [
        r"\+[0-9]{1,3}(?:[ .\-/]?\(?[0-9]{1,5}\)?){2,6}".to_owned(),
        format!(
            r"{word}\s*(?:number|nummer|nr\.?|no\.?|n[uú]mero|num[ée]ro)?\s*[:：]?\s*\+?[0-9][0-9 ()./\-]{{5,}}[0-9]"
        ),
        r"\(?[0-9]{3}\)?[ .\-][0-9]{3}[ .\-][0-9]{4}".to_owned(),
    ];
    Regex::new(&format!("(?i){}", forms.join("|"))).expect("phone pattern")
});

/// Chinese units that make a number a date or an amount: `2026年`, `3日`, `49元`.
const UNITS: &[char] = &['年', '月', '日', '号', '號', '天', '元', '块', '円'];

/// Claims every phone number in the message outside claimed spans.
pub(super) fn claim_phones(message: &Message<'_>, claims: &mut Claims) {
    let text = message.text;
    message.each_match(&PHONE, |phone| {
        let free = !word_before(text, phone.start()) && claims.is_free(&phone.range());
        if free {
            claims.claim(phone.range());
        }
        free
    });
}

/// Every order number in the message outside claimed spans, without `#` and in
/// upper case.
pub(super) fn order_numbers(message: &Message<'_>, claims: &Claims) -> Vec<(usize, String)> {
    let text = message.text;
    let mut found = Vec::new();
    message.each_match(&ORDER, |order| {
        let number = order.start() + number_start(order.as_str())..order.end();
        // `&#1042;` is an HTML entity and `page/#1042` a link, not an order.
        let hash_only = order.as_str().starts_with(['#', '＃']);
        let glued = word_before(text, order.start()) || text[..order.start()].ends_with(['&', '/']);
        if (hash_only && glued) || !is_order_number(text, number.clone(), claims) {
            return false;
        }
        let mut end = number.end;
        found.push((number.start, text[number].to_ascii_uppercase()));
        while let Some(listed) = LISTED.find(&text[end..]) {
            let number = end + number_start(listed.as_str())..end + listed.end();
            if !is_order_number(text, number.clone(), claims) {
                break;
            }
            end = number.end;
            found.push((number.start, text[number].to_ascii_uppercase()));
        }
        true
    });
    found
}

/// Where the order number starts in a match that ends with it: its digits,
/// and the letters glued before them (`A-1042`, `WC1042`) unless they end
/// the keyword (`Bestellnummer1042`) or abbreviate "number" (`Nr1042`).
fn number_start(written: &str) -> usize {
    let bytes = written.as_bytes();
    let before = |at: usize| at.checked_sub(1).map(|i| bytes[i]);
    let mut digits = written.len();
    while before(digits).is_some_and(|b| b.is_ascii_digit()) {
        digits -= 1;
    }
    let letters_end = if before(digits) == Some(b'-') {
        digits - 1
    } else {
        digits
    };
    let mut letters = letters_end;
    while letters_end - letters < 4 && before(letters).is_some_and(|b| b.is_ascii_alphabetic()) {
        letters -= 1;
    }
    let prefix = written[letters..letters_end].to_ascii_lowercase();
    let part_of_word = before(letters).is_some_and(|b| b.is_ascii_alphabetic());
    let means_number = ["n", "no", "nr", "num", "id", "ref"].contains(&prefix.as_str());
    if prefix.is_empty() || part_of_word || means_number {
        digits
    } else {
        letters
    }
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
