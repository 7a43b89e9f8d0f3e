//! Dates written out: `3 March 2026`, `March 3rd`, `am 3. März`,
//! `el 3 de marzo`, `le 1er mars`, `3.3.2026`, `03.03.`, `03/03/2026`,
//! `2026-03-03`, `2026年3月3日`, `on the 3rd`. Relative dates ("yesterday")
//! are in `relative.rs`.

use std::sync::LazyLock;

use chrono::{Datelike, Months, NaiveDate};
use regex::{Captures, Regex};

use super::message::Message;
use super::scan::{Claims, number_goes_on, parse_digits, word_before};
use crate::lang::Lang;

/// Month names and abbreviations, January first, in the five languages and
/// with and without accents because customers often type without them.
/// "ago" (Spanish for August) is left out: it is the English word in
/// "2 days ago".
const MONTHS: [&str; 12] = [
    "january jan januar jänner janner enero ene janvier janv",
    "february feb februar febrero février fevrier févr fevr",
    "march mar märz marz maerz mär mrz marzo mars",
    "april apr abril avril avr",
    "may mai mayo",
    "june jun juni junio juin",
    "july jul juli julio juillet juil",
    "august aug agosto août aout",
    "september sep sept septiembre setiembre septembre",
    "october oct oktober okt octubre octobre",
    "november nov noviembre novembre",
    "december dec dezember dez diciembre dic décembre decembre déc",
];

/// Day then month (1 day, 2 month, 3 year) or month then day (4, 5, 6).
pub(super) static WRITTEN: LazyLock<Regex> = LazyLock::new(|| {
    let month = longest_first(MONTHS.iter().flat_map(|names| names.split_whitespace()));
    let day_first = format!(
        r"([0-9]{{1,2}})(?:st|nd|rd|th|er|º|°|\.)?\s*(?:of\s+|de\s+)?({month})(?-u:\b)\.?(?:,?\s*(?:del?\s+)?([0-9]{{4}}))?"
    );
    let month_first = format!(
        r"(?-u:\b)({month})(?-u:\b)\.?\s*([0-9]{{1,2}})(?:st|nd|rd|th)?(?:,?\s+([0-9]{{4}}))?"
    );
    Regex::new(&format!("(?i){day_first}|{month_first}")).expect("written date pattern")
});

/// Year-month-day (1-5), day-month-year or month-day-year (6-10), or the
/// German day and month with trailing dots, `03.03.` (11, 12).
pub(super) static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"([0-9]{4})([-/.])([0-9]{1,2})([-/.])([0-9]{1,2})",
        r"|([0-9]{1,2})([-/.])([0-9]{1,2})([-/.])([0-9]{4}|[0-9]{2})",
        r"|([0-9]{1,2})\.([0-9]{1,2})\.",
    ))
    .expect("numeric date pattern")
});

/// `2026年3月3日`, `3月3号`: year (1), month (2), day (3).
pub(super) static CHINESE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:([0-9]{4})\s*年\s*)?([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*[日号號]")
        .expect("chinese date pattern")
});

/// A day of the month alone: "the 3rd" (1), "el día 3" (2).
pub(super) static NTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)the\s+([0-9]{1,2})(?:st|nd|rd|th)(?-u:\b)|(?-u:\b)el\s+d[ií]a\s+([0-9]{1,2})(?-u:\b)")
        .expect("nth day pattern")
});

/// Every written date in `text` outside claimed spans, claiming what it reads.
pub(super) fn dates(
    message: &Message<'_>,
    lang: Lang,
    today: NaiveDate,
    claims: &mut Claims,
) -> Vec<(usize, NaiveDate)> {
    let text = message.text;
    let mut found = Vec::new();
    let mut read = |re: &Regex, date_of: &dyn Fn(&Captures<'_>) -> Option<NaiveDate>| {
        message.each_match(re, |caps| {
            let span = caps.get_match().range();
            let isolated = !word_before(text, span.start) && !number_goes_on(text, span.end);
            let date = date_of(caps).filter(|_| isolated && claims.is_free(&span));
            date.inspect(|date| {
                found.push((span.start, *date));
                claims.claim(span);
            })
            .is_some()
        });
    };
    read(&WRITTEN, &|caps| written(caps, today));
    read(&NUMERIC, &|caps| numeric(caps, lang, today));
    read(&CHINESE, &|caps| {
        on(number(caps, 1), number(caps, 2)?, number(caps, 3)?, today)
    });
    read(&NTH, &|caps| {
        most_recent_day(number(caps, 1).or(number(caps, 2))?, today)
    });
    found
}

/// The date of a match of [`WRITTEN`].
fn written(caps: &Captures<'_>, today: NaiveDate) -> Option<NaiveDate> {
    let (day, month, year) = match caps.get(1) {
        Some(_) => (number(caps, 1)?, caps.get(2)?, number(caps, 3)),
        None => (number(caps, 5)?, caps.get(4)?, number(caps, 6)),
    };
    let month = month.as_str().to_lowercase();
    let month = MONTHS
        .iter()
        .position(|names| names.split_whitespace().any(|name| name == month))?;
    on(year, u32::try_from(month).ok()? + 1, day, today)
}

/// The date of a match of [`NUMERIC`]; with `/` or `-` an English or Chinese
/// customer writes the month first, everyone else the day, unless the
/// numbers only fit the other way round.
fn numeric(caps: &Captures<'_>, lang: Lang, today: NaiveDate) -> Option<NaiveDate> {
    if caps.get(1).is_some() {
        if caps.get(2)?.as_str() != caps.get(4)?.as_str() {
            return None;
        }
        let year = year_of(number(caps, 1)?, today)?;
        return NaiveDate::from_ymd_opt(year, number(caps, 3)?, number(caps, 5)?);
    }
    if caps.get(11).is_some() {
        return on(None, number(caps, 12)?, number(caps, 11)?, today);
    }
    let separator = caps.get(7)?.as_str();
    if separator != caps.get(9)?.as_str() {
        return None;
    }
    let (first, second) = (number(caps, 6)?, number(caps, 8)?);
    let month_first = separator != "." && matches!(lang, Lang::En | Lang::Zh);
    let (day, month) = match (month_first, first > 12, second > 12) {
        (_, true, false) => (first, second),
        (_, false, true) => (second, first),
        (true, _, _) => (second, first),
        (false, _, _) => (first, second),
    };
    on(number(caps, 10), month, day, today)
}

/// The date of `day` and `month`: in `year` when written, otherwise the most
/// recent such date on or before `today`, since customers write about the past.
fn on(year: Option<u32>, month: u32, day: u32, today: NaiveDate) -> Option<NaiveDate> {
    match year.and_then(|year| year_of(year, today)) {
        Some(year) => NaiveDate::from_ymd_opt(year, month, day),
        // Eight years back always reaches a leap year for 29 February.
        None => (0..=8)
            .filter_map(|back| NaiveDate::from_ymd_opt(today.year() - back, month, day))
            .find(|date| *date <= today),
    }
}

/// A written year as a full year: `26` is 2026 (or 1926 if 2026 is more than
/// a year ahead); years far from now are not taken as years at all.
fn year_of(written: u32, today: NaiveDate) -> Option<i32> {
    let written = i32::try_from(written).ok()?;
    let year = match written {
        0..=99 if 2000 + written <= today.year() + 1 => 2000 + written,
        0..=99 => 1900 + written,
        _ => written,
    };
    (1970..=2100).contains(&year).then_some(year)
}

/// The most recent `day` of a month on or before `today`.
fn most_recent_day(day: u32, today: NaiveDate) -> Option<NaiveDate> {
    let first = today.with_day(1)?;
    (0..12)
        .filter_map(|back| first.checked_sub_months(Months::new(back))?.with_day(day))
        .find(|date| *date <= today)
}

/// Capture group `group` as a number.
fn number(caps: &Captures<'_>, group: usize) -> Option<u32> {
    let digits = caps.get(group)?.as_str();
    u32::try_from(parse_digits(digits)?).ok()
}

/// Regex alternation of `names`, longest first so that `march` wins over `mar`.
pub(super) fn longest_first<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let mut names: Vec<&str> = names.collect();
    names.sort_by_key(|name| std::cmp::Reverse(name.chars().count()));
    names.join("|")
}
