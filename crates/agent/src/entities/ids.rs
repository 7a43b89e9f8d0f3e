//! Identifiers written exactly: Stripe object ids and email addresses.

use std::sync::LazyLock;

use regex::Regex;

use super::message::Message;
use super::scan::{Claims, word_after, word_before};

/// A Stripe id: a known object prefix and at least eight alphanumerics.
/// Case-sensitive, as Stripe writes them.
pub(super) static STRIPE_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:ch|py|pi|in|sub|re|dp|cus|evt)_[A-Za-z0-9]{8,}").expect("stripe id pattern")
});

/// An address `local@domain.tld`, with the characters mail systems accept
/// unquoted in the local part.
pub(super) static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    let label = r"[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?";
    let pattern = format!(r"[A-Za-z0-9._%+\-]+@{label}(?:\.{label})*\.[A-Za-z]{{2,24}}");
    Regex::new(&pattern).expect("email pattern")
});

/// Every Stripe id in the message, claiming what it reads.
pub(super) fn stripe_ids(message: &Message<'_>, claims: &mut Claims) -> Vec<(usize, String)> {
    let text = message.text;
    let mut found = Vec::new();
    message.each_match(&STRIPE_ID, |id| {
        // `in_` inside `main_12345678` is no id.
        if word_before(text, id.start()) || !claims.is_free(&id.range()) {
            return false;
        }
        claims.claim(id.range());
        found.push((id.start(), id.as_str().to_owned()));
        true
    });
    found
}

/// Every email address in the message outside claimed spans, lowercased,
/// claiming what it reads.
pub(super) fn emails(message: &Message<'_>, claims: &mut Claims) -> Vec<(usize, String)> {
    let text = message.text;
    let mut found = Vec::new();
    message.each_match(&EMAIL, |email| {
        // A sentence's dots are not part of the address: "...see a@b.com".
        let local_start =
            email.start() + (email.as_str().len() - email.as_str().trim_start_matches('.').len());
        let span = local_start..email.end();
        let tld_runs_on = word_after(text, email.end()) || text[email.end()..].starts_with('-');
        if !tld_runs_on && claims.is_free(&span) && !text[span.clone()].starts_with('@') {
            found.push((span.start, text[span.clone()].to_ascii_lowercase()));
            claims.claim(span);
        }
        // Declined or not, go on after it: a match starting later inside the
        // address would end at the same place, and looking for each would
        // take quadratic time on a long local part.
        true
    });
    found
}
