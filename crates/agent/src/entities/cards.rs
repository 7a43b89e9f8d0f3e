//! The last four digits of a card, as customers quote them from a statement
//! or a receipt: "card ending 4242", "**** 4242", "Endziffern 4242", "尾号4242".

use std::sync::LazyLock;

use regex::Regex;

use super::message::Message;
use super::scan::{Claims, word_after};

/// What announces the last four digits, then the digits.
pub(super) static LAST4: LazyLock<Regex> = LazyLock::new(|| {
    let cues = [
        r"(?-u:\b)(?:card\s+)?(?:ending|ends|ended)(?:\s+(?:in|with))?",
        r"(?-u:\b)last\s+(?:4|four)(?:\s+digits)?(?:\s+of\s+(?:my|the)\s+card)?(?:\s+(?:are|is|were))?",
        r"(?-u:\b)(?:endet|endend|enden)\s+auf|endziffern|endnummer",
        r"(?-u:\b)letzten\s+(?:4|vier)\s+(?:ziffern|stellen)(?:\s+(?:sind|lauten))?",
        r"(?-u:\b)(?:terminad[ao]|acabad[ao]|termina|acaba)\s+en",
        // No ASCII word boundary can stand before the "ú".
        r"[uú]ltimos\s+(?:4|cuatro)\s+(?:d[ií]gitos|n[uú]meros)(?:\s+(?:son|es))?",
        r"(?-u:\b)(?:se\s+terminant|finissant|termin[ée]e|se\s+termine|finit)\s+par",
        r"(?-u:\b)(?:4|quatre)\s+derniers\s+chiffres(?:\s+(?:sont|de\s+(?:ma|la)\s+carte))?",
        r"尾号(?:为|是)?|(?:后|末)(?:四|4)位(?:数字)?(?:为|是)?|尾数(?:为|是)?",
        // A masked card number: "**** 4242", "xxxx-4242", "•••• •••• •••• 4242".
        r"(?:[*•xX]{4}[ \-]?){1,3}",
    ];
    let pattern = format!(r"(?i)(?:{})\s*[:：#\-]?\s*[0-9]{{4}}", cues.join("|"));
    Regex::new(&pattern).expect("last4 pattern")
});

/// Every card's last four digits in the message outside claimed spans, claiming
/// what it reads.
pub(super) fn last4(message: &Message<'_>, claims: &mut Claims) -> Vec<(usize, String)> {
    let text = message.text;
    let mut found = Vec::new();
    message.each_match(&LAST4, |cue| {
        // The pattern ends in the four digits.
        let digits = cue.end() - 4..cue.end();
        if word_after(text, digits.end) || !claims.is_free(&digits) {
            return false;
        }
        found.push((digits.start, text[digits.clone()].to_owned()));
        claims.claim(cue.range());
        true
    });
    found
}
