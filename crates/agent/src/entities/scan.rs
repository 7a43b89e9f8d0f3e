//! What every extractor shares: boundaries around a match, and the spans
//! that earlier extractors have already claimed.

use std::ops::Range;

/// Spans of the message already read as some entity, kept sorted and
/// merged so that a long message with many entities is checked in
/// logarithmic time.
#[derive(Debug, Default)]
pub(super) struct Claims(Vec<Range<usize>>);

impl Claims {
    /// Whether no claimed span overlaps `span`.
    pub(super) fn is_free(&self, span: &Range<usize>) -> bool {
        let next = self.0.partition_point(|claimed| claimed.end <= span.start);
        self.0
            .get(next)
            .is_none_or(|claimed| span.end <= claimed.start)
    }

    /// Marks `span` as read.
    pub(super) fn claim(&mut self, span: Range<usize>) {
        let first = self.0.partition_point(|claimed| claimed.end < span.start);
        let last = self.0.partition_point(|claimed| claimed.start <= span.end);
        let merged = if first < last {
            self.0[first].start.min(span.start)..self.0[last - 1].end.max(span.end)
        } else {
            span
        };
        self.0.splice(first..last.max(first), [merged]);
    }
}

/// The byte index of the character after the one at `at` (past the end if none).
pub(super) fn next_char(text: &str, at: usize) -> usize {
    text.get(at..)
        .and_then(|rest| rest.chars().next())
        .map_or(text.len() + 1, |c| at + c.len_utf8())
}

/// Whether an ASCII letter, digit or `_` ends `text[..at]`: a match starting
/// at `at` would then be the tail of a longer word or number.
pub(super) fn word_before(text: &str, at: usize) -> bool {
    text.get(..at)
        .and_then(|head| head.chars().next_back())
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether an ASCII letter or digit starts `text[at..]`.
pub(super) fn word_after(text: &str, at: usize) -> bool {
    text.get(at..)
        .and_then(|tail| tail.chars().next())
        .is_some_and(|c| c.is_ascii_alphanumeric())
}

/// Whether an ASCII digit starts `text[at..]`.
pub(super) fn digit_after(text: &str, at: usize) -> bool {
    text.as_bytes().get(at).is_some_and(u8::is_ascii_digit)
}

/// Whether `text[at..]` goes on as a number would: a digit, or one of
/// `. , - :` and then a digit (`1042.50`, `1042-7`, `10:30`).
pub(super) fn number_goes_on(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    match bytes.get(at) {
        Some(b) if b.is_ascii_digit() => true,
        Some(b'.' | b',' | b'-' | b':') => digit_after(text, at + 1),
        _ => false,
    }
}

/// The values in order of where they were found, each once.
pub(super) fn unique_in_order<T: PartialEq>(mut found: Vec<(usize, T)>) -> Vec<T> {
    found.sort_by_key(|(at, _)| *at);
    let mut values: Vec<T> = Vec::with_capacity(found.len());
    for (_, value) in found {
        if !values.contains(&value) {
            values.push(value);
        }
    }
    values
}

/// The ASCII digits of `digits` as a number, or `None` if there are none or
/// the number overflows.
pub(super) fn parse_digits(digits: &str) -> Option<i64> {
    let mut value: i64 = 0;
    let mut seen = false;
    for b in digits.bytes().filter(u8::is_ascii_digit) {
        value = value.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
        seen = true;
    }
    seen.then_some(value)
}

/// The runs of ASCII digits and of letters in `text`, in order, skipping
/// everything else: "3rd of March, 2026" gives "3", "rd", "of", "March", "2026".
pub(super) fn runs(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let start = rest.find(|c: char| c.is_ascii_digit() || c.is_alphabetic())?;
        let tail = &rest[start..];
        let digits = tail.starts_with(|c: char| c.is_ascii_digit());
        let len = tail
            .find(|c: char| {
                if digits {
                    !c.is_ascii_digit()
                } else {
                    !c.is_alphabetic()
                }
            })
            .unwrap_or(tail.len());
        rest = &tail[len..];
        Some(&tail[..len])
    })
}

#[cfg(test)]
mod tests {
    use super::Claims;

    #[test]
    fn claimed_spans_merge_and_keep_other_spans_free() {
        let mut claims = Claims::default();
        for span in [10..20, 30..40, 18..25, 50..60, 40..45] {
            claims.claim(span);
        }

        assert_eq!(claims.0, vec![10..25, 30..45, 50..60]);
        for free in [0..10, 25..30, 45..50, 60..99] {
            assert!(claims.is_free(&free), "{free:?}");
        }
        for taken in [9..11, 24..31, 44..46, 55..56, 0..99] {
            assert!(!claims.is_free(&taken), "{taken:?}");
        }
    }
}
