//! A message as the extractors read it: its text, and which of their
//! patterns occur in it at all. One pass of a [`RegexSet`] finds those, so
//! that the extractors skip the passes that cannot find anything: a typical
//! message holds two or three kinds of entity, and each pass skipped saves
//! about half a microsecond.

use std::sync::LazyLock;

use regex::{Match, Regex, RegexSet, SetMatches};

use super::scan::next_char;
use super::{amounts, cards, dates, ids, orders, relative};

/// Every pattern that [`Message::each_match`] runs over a whole message.
static PATTERNS: LazyLock<Vec<&'static Regex>> = LazyLock::new(|| {
    vec![
        &ids::STRIPE_ID,
        &ids::EMAIL,
        &amounts::MONEY,
        &amounts::CUED,
        &dates::WRITTEN,
        &dates::NUMERIC,
        &dates::CHINESE,
        &dates::NTH,
        &relative::WORDS,
        &relative::LAST_WEEKDAY,
        &relative::AGO,
        &cards::LAST4,
        &orders::PHONE,
        &orders::ORDER,
    ]
});

/// The [`PATTERNS`] as one set, which finds in one pass those that occur.
static PRESENT: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new(PATTERNS.iter().map(|re| re.as_str())).expect("patterns compiled alone")
});

/// A customer's message, with the patterns found in it.
pub(super) struct Message<'t> {
    /// The message as the customer wrote it.
    pub(super) text: &'t str,
    present: SetMatches,
}

impl<'t> Message<'t> {
    /// Reads which patterns occur in `text`.
    pub(super) fn new(text: &'t str) -> Self {
        Message {
            text,
            present: PRESENT.matches(text),
        }
    }

    /// Offers each match of `re` to `take`; when `take` declines, searches
    /// again from the next character, because a declined match (say
    /// `026 100 €` inside `2026 100 €`) can hide an acceptable one that
    /// starts inside it.
    pub(super) fn each_match(&self, re: &Regex, mut take: impl FnMut(Match<'t>) -> bool) {
        let known = PATTERNS
            .iter()
            .position(|pattern| std::ptr::eq(*pattern, re));
        if known.is_some_and(|index| !self.present.matched(index)) {
            return;
        }
        let text = self.text;
        let mut at = 0;
        while at <= text.len() {
            // Only the span: resolving capture groups costs far more than
            // finding the match, so each extractor reads its match itself.
            let Some(found) = re.find_at(text, at) else {
                break;
            };
            let next = next_char(text, found.start());
            at = if take(found) {
                found.end().max(next)
            } else {
                next
            };
        }
    }
}
