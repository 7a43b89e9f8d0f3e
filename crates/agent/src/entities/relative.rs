//! Dates relative to the ticket's date: "yesterday", "vorgestern", "hoy",
//! "aujourd'hui", "昨天"; "last Monday", "el lunes pasado", "上周一";
//! "2 days ago", "vor 2 Tagen", "hace una semana", "il y a 3 jours", "两天前".

use std::sync::LazyLock;

use chrono::{Datelike, Days, NaiveDate};
use regex::Regex;

use super::dates::longest_first;
use super::message::Message;
use super::scan::{Claims, parse_digits, runs};
use crate::lang::Lang;

/// Weekday names, Monday first, in the four languages that spell them out.
const WEEKDAYS: [&str; 7] = [
    "monday montag lunes lundi",
    "tuesday dienstag martes mardi",
    "wednesday mittwoch miércoles miercoles mercredi",
    "thursday donnerstag jueves jeudi",
    "friday freitag viernes vendredi",
    "saturday samstag sonnabend sábado sabado samedi",
    "sunday sonntag domingo dimanche",
];

/// Counts spelled out, from one to ten, for "a week ago", "vor zwei Tagen".
const COUNTS: [&str; 10] = [
    "a an one einem einer un una uno une",
    "two zwei dos deux",
    "three drei tres trois",
    "four vier cuatro quatre",
    "five fünf funf cinco cinq",
    "six sechs seis",
    "seven sieben siete sept",
    "eight acht ocho huit",
    "nine neun nueve neuf",
    "ten zehn diez dix",
];

/// A day named by a word.
pub(super) static WORDS: LazyLock<Regex> = LazyLock::new(|| {
    let latin = r"the\s+day\s+before\s+yesterday|yesterday|today|vorgestern|gestern|heute|antes\s+de\s+ayer|anteayer|antier|ayer|hoy|avant[-\s]hier|hier|aujourd['’]?hui";
    Regex::new(&format!(
        r"(?i)(?-u:\b)(?:{latin})(?-u:\b)|大前天|前天|昨天|昨日|今天|今日"
    ))
    .expect("relative word pattern")
});

/// "last Monday" and its kin, or the Chinese "上周一".
pub(super) static LAST_WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    let day = longest_first(WEEKDAYS.iter().flat_map(|names| names.split_whitespace()));
    let before = r"(?:last|letzte[nmrs]?|vergangene[nmrs]?|pasado)";
    let after = r"(?:pasado|dernier)";
    Regex::new(&format!(
        r"(?i)(?-u:\b){before}\s+(?:{day})(?-u:\b)|(?-u:\b)(?:{day})\s+{after}(?-u:\b)|(?:上周|上星期|上个?礼拜|上個?禮拜)[一二三四五六日天1-7]"
    ))
    .expect("last weekday pattern")
});

/// "2 days ago", "vor 2 Tagen", "hace 2 días", "il y a 2 jours", "两天前".
pub(super) static AGO: LazyLock<Regex> = LazyLock::new(|| {
    let count = longest_first(COUNTS.iter().flat_map(|names| names.split_whitespace()));
    let count = format!(r"(?:[0-9]{{1,3}}|{count})");
    let unit = r"(?:days?|weeks?|tagen?|tage|wochen?|d[ií]as?|semanas?|jours?|semaines?)(?-u:\b)";
    Regex::new(&format!(
        r"(?i)(?-u:\b)(?:vor|hace|il\s+y\s+a)\s+{count}\s*{unit}|(?-u:\b){count}\s*{unit}\s+ago(?-u:\b)|(?:[0-9]{{1,3}}|[一二两三四五六七八九十]{{1,3}})\s*(?:天|日|周|个?星期|个?礼拜)前"
    ))
    .expect("ago pattern")
});

/// Every relative date in the message outside claimed spans, claiming what
/// it reads.
pub(super) fn relative_dates(
    message: &Message<'_>,
    lang: Lang,
    today: NaiveDate,
    claims: &mut Claims,
) -> Vec<(usize, NaiveDate)> {
    let mut found = Vec::new();
    let mut read = |re: &Regex, date_of: &dyn Fn(&str) -> Option<NaiveDate>| {
        message.each_match(re, |date| {
            let span = date.range();
            let date = date_of(&date.as_str().to_lowercase()).filter(|_| claims.is_free(&span));
            date.inspect(|date| {
                found.push((span.start, *date));
                claims.claim(span);
            })
            .is_some()
        });
    };
    read(&WORDS, &|word| {
        // In German "hier" means "here".
        let names_a_day = word != "hier" || lang == Lang::Fr;
        names_a_day.then(|| today.checked_sub_days(Days::new(days_back(word))))?
    });
    read(&LAST_WEEKDAY, &|written| last_weekday(written, today));
    read(&AGO, &|written| ago(written, today));
    found
}

/// How many days before the ticket a day word means.
fn days_back(word: &str) -> u64 {
    let before_yesterday = ["before", "vor", "ante", "antier", "avant", "前天"];
    if word == "大前天" {
        3
    } else if before_yesterday.iter().any(|w| word.contains(w)) {
        2
    } else if ["yester", "gestern", "ayer", "hier", "昨"]
        .iter()
        .any(|w| word.contains(w))
    {
        1
    } else {
        0
    }
}

/// The date of "last Monday": for a Western customer the most recent Monday
/// before today; "上周一" is the Monday of the previous calendar week.
fn last_weekday(written: &str, today: NaiveDate) -> Option<NaiveDate> {
    let today_index = u64::from(today.weekday().num_days_from_monday());
    if written.starts_with('上') {
        let index = match written.chars().next_back()? {
            '日' | '天' => 6,
            day => u64::try_from(count_of(day.encode_utf8(&mut [0; 4]))?)
                .ok()?
                .checked_sub(1)?,
        };
        let last_monday = today.checked_sub_days(Days::new(today_index + 7))?;
        return last_monday.checked_add_days(Days::new(index));
    }
    let index = runs(written).find_map(|name| {
        WEEKDAYS
            .iter()
            .position(|names| names.split_whitespace().any(|n| n == name))
    })?;
    let back = (today_index + 7 - u64::try_from(index).ok()?) % 7;
    today.checked_sub_days(Days::new(if back == 0 { 7 } else { back }))
}

/// The date of "2 days ago": the count is the word before the unit, or
/// the digits or Chinese numerals.
fn ago(written: &str, today: NaiveDate) -> Option<NaiveDate> {
    let units = [
        "day", "week", "tag", "woche", "día", "dia", "semana", "jour", "semaine",
    ];
    let is_unit = |word: &str| units.iter().any(|unit| word.starts_with(unit));
    let count = if let Some(digits) =
        runs(written).find(|run| run.starts_with(|c: char| c.is_ascii_digit()))
    {
        parse_digits(digits)?
    } else if written.ends_with('前') {
        chinese_count(written.trim_end_matches(|c: char| !"一二两三四五六七八九十".contains(c)))?
    } else {
        let words: Vec<&str> = written.split_whitespace().collect();
        let unit = words.iter().position(|word| is_unit(word))?;
        count_of(words.get(unit.checked_sub(1)?)?)?
    };
    let week = ["week", "woche", "sema", "周", "星期", "礼拜"]
        .iter()
        .any(|u| written.contains(u));
    let days = u64::try_from(count)
        .ok()?
        .checked_mul(if week { 7 } else { 1 })?;
    today.checked_sub_days(Days::new(days))
}

/// A count written in digits, as a word, or in Chinese numerals up to 99.
fn count_of(written: &str) -> Option<i64> {
    if written.starts_with(|c: char| c.is_ascii_digit()) {
        return parse_digits(written);
    }
    let word = written.to_lowercase();
    if let Some(index) = COUNTS
        .iter()
        .position(|names| names.split_whitespace().any(|n| n == word))
    {
        return i64::try_from(index + 1).ok();
    }
    chinese_count(written)
}

/// `三` → 3, `十` → 10, `十二` → 12, `二十` → 20, `二十三` → 23.
fn chinese_count(written: &str) -> Option<i64> {
    let digit = |c: char| {
        "一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|i| i as i64 + 1)
    };
    let digit = |c: char| if c == '两' { Some(2) } else { digit(c) };
    let chars: Vec<char> = written.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        [d] => digit(*d),
        ['十', ones] => Some(10 + digit(*ones)?),
        [tens, '十'] => Some(digit(*tens)? * 10),
        [tens, '十', ones] => Some(digit(*tens)? * 10 + digit(*ones)?),
        _ => None,
    }
}
