//! Dates written out: `3 March 2026`, `March 3rd`, `am 3. März`,
//! `el 3 de marzo`, `le 1er mars`, `3.3.2026`, `03.03.`, `03/03/2026`,
//! `2026-03-03`, `2026年3月3日`, `on the 3rd`. Relative dates ("yesterday")
//! are in `relative.rs`.

use std::sync::LazyLock;

use chrono::{Datelike, Months, NaiveDate};
use regex::Regex;

use super::message::Message;
use super::scan::{Claims, number_goes_on, parse_digits, runs, word_before};
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

/// Day then month ("3 March 2026", "am 3. März", "1er mars") or month
/// then day ("March 3rd, 2026").
pub(super) static WRITTEN: LazyLock<Regex> = LazyLock::new(|| {
    let month = longest_first(MONTHS.iter().flat_map(|names| names.split_whitespace()));
    let day_first = format!(
        r"[0-9]{{1,2}}(?:st|nd|rd|th|er|º|°|\.)?\s*(?:of\s+|de\s+)?(?:{month})(?-u:\b)\.?(?:,?\s*(?:del?\s+)?[0-9]{{4}})?"
    );
    let month_first = format!(
        r"(?-u:\b)(?:{month})(?-u:\b)\.?\s*[0-9]{{1,2}}(?:st|nd|rd|th)?(?:,?\s+[0-9]{{4}})?"
    );
    Regex::new(&format!("(?i){day_first}|{month_first}")).expect("written date pattern")
});

/// Year-month-day, day-month-year or month-day-year, or the German day and
/// month with trailing dots (`03.03.`).
pub(super) static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}",
        r"|[0-9]{1,2}[-/.][0-9]{1,2}[-/.](?:[0-9]{4}|[0-9]{2})",
        r"|[0-9]{1,2}\.[0-9]{1,2}\.",
    ))
    .expect("numeric date pattern")
});

/// `2026年3月3日`, `3月3号`.
pub(super) static CHINESE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:[0-9]{4}\s*年\s*)?[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*[日号號]")
        .expect("chinese date pattern")
});

/// A day of the month alone: "the 3rd", "el día 3".
pub(super) static NTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)the\s+[0-9]{1,2}(?:st|nd|rd|th)(?-u:\b)|(?-u:\b)el\s+d[ií]a\s+[0-9]{1,2}(?-u:\b)")
        .expect("nth day pattern")
});

/// Every written date in the message outside claimed spans, claiming what
/// it reads.
pub(super) fn dates(
    message: &Message<'_>,
    lang: Lang,
    today: NaiveDate,
    claims: &mut Claims,
) -> Vec<(usize, NaiveDate)> {
    let text = message.text;
    let mut found = Vec::new();
    let mut read = |re: &Regex, date_of: &dyn Fn(&str) -> Option<NaiveDate>| {
        message.each_match(re, |date| {
            let span = date.range();
            let isolated = !word_before(text, span.start) && !number_goes_on(text, span.end);
            let date = date_of(date.as_str()).filter(|_| isolated && claims.is_free(&span));
            date.inspect(|date| {
                found.push((span.start, *date));
                claims.claim(span);
            })
            .is_some()
        });
    };
    read(&WRITTEN, &|written| in_words(written, today));
    read(&NUMERIC, &|written| numeric(written, lang, today));
    read(&CHINESE, &|written| {
        let numbers: Vec<u32> = runs(written).filter_map(number).collect();
        match numbers[..] {
            [year, month, day] => on(Some(year), month, day, today),
            [month, day] => on(None, month, day, today),
            _ => None,
        }
    });
    read(&NTH, &|written| {
        most_recent_day(runs(written).find_map(number)?, today)
    });
    found
}

/// The date of a match of [`WRITTEN`]: its month name, its day (one or two
/// digits) and maybe its year (four).
fn in_words(written: &str, today: NaiveDate) -> Option<NaiveDate> {
    let (mut day, mut month, mut year) = (None, None, None);
    for run in runs(written) {
        match (run.len(), number(run)) {
            (1 | 2, Some(n)) => day = day.or(Some(n)),
            (4, Some(n)) => year = Some(n),
            (_, Some(_)) => {}
            (_, None) => month = month.or_else(|| month_of(run)),
        }
    }
    on(year, month?, day?, today)
}

/// The number of a month name, January being 1.
fn month_of(name: &str) -> Option<u32> {
    let name = name.to_lowercase();
    let index = MONTHS
        .iter()
        .position(|names| names.split_whitespace().any(|n| n == name))?;
    u32::try_from(index + 1).ok()
}

/// The date of a match of [`NUMERIC`]; with `/` or `-` an English or Chinese
/// customer writes the month first, everyone else the day, unless the
/// numbers only fit the other way round.
fn numeric(written: &str, lang: Lang, today: NaiveDate) -> Option<NaiveDate> {
    let mut separators = written.chars().filter(|c| matches!(c, '-' | '/' | '.'));
    let separator = separators.next()?;
    if separators.next() != Some(separator) {
        return None;
    }
    let mut parts = written.split(['-', '/', '.']);
    let (first, second, third) = (parts.next()?, parts.next()?, parts.next()?);
    if first.len() == 4 {
        let year = year_of(number(first)?, today)?;
        return NaiveDate::from_ymd_opt(year, number(second)?, number(third)?);
    }
    let (first, second, year) = (number(first)?, number(second)?, number(third));
    let month_first = separator != '.' && matches!(lang, Lang::En | Lang::Zh);
    let (day, month) = match (month_first, first > 12, second > 12) {
        (_, true, false) => (first, second),
        (_, false, true) => (second, first),
        (true, _, _) => (second, first),
        (false, _, _) => (first, second),
    };
    on(year, month, day, today)
}

/// The date of `day` and `month`: in `year` when written (and plausible),
/// otherwise the most recent such date on or before `today`, since customers
/// write about the past.
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

/// A run of ASCII digits as a number.
fn number(digits: &str) -> Option<u32> {
    digits
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| u32::try_from(parse_digits(digits)?).ok())?
}

/// Regex alternation of `names`, longest first so that `march` wins over `mar`.
pub(super) fn longest_first<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let mut names: Vec<&str> = names.collect();
    names.sort_by_key(|name| std::cmp::Reverse(name.chars().count()));
    names.join("|")
}
