//! Money and dates in each language's conventions.

use super::{FEBRUARY_20, MARCH_3};
use crate::lang::Lang;
use crate::reply::{Money, format_date, format_money};

fn money(amount: i64, currency: &str) -> Money {
    Money {
        amount,
        currency: currency.into(),
    }
}

/// Asserts each (minor units, currency) → text row in one language.
fn assert_money(lang: Lang, rows: &[(i64, &str, &str)]) {
    for &(amount, currency, expected) in rows {
        let written = format_money(&money(amount, currency), lang);
        assert_eq!(written, expected, "{amount} {currency} in {}", lang.code());
    }
}

#[test]
fn english_puts_the_symbol_first_and_the_code_for_other_currencies() {
    assert_money(
        Lang::En,
        &[
            (4990, "eur", "€49.90"),
            (4990, "usd", "$49.90"),
            (2450, "gbp", "£24.50"),
            (4900, "jpy", "¥4,900"),
            (1200, "chf", "CHF 12.00"),
            (123_456, "eur", "€1,234.56"),
            (123_456_789, "usd", "$1,234,567.89"),
            (5, "eur", "€0.05"),
        ],
    );
}

#[test]
fn german_uses_a_decimal_comma_and_puts_the_currency_last() {
    assert_money(
        Lang::De,
        &[
            (4990, "eur", "49,90 €"),
            (123_456, "eur", "1.234,56 €"),
            (4990, "usd", "49,90 $"),
            (2450, "gbp", "24,50 £"),
            (4900, "jpy", "4.900 ¥"),
            (1200, "chf", "12,00 CHF"),
        ],
    );
}

#[test]
fn french_groups_thousands_with_a_narrow_no_break_space() {
    assert_money(
        Lang::Fr,
        &[
            (4990, "eur", "49,90 €"),
            (123_456, "eur", "1\u{202f}234,56 €"),
            (123_456_789, "eur", "1\u{202f}234\u{202f}567,89 €"),
            (4990, "usd", "49,90 $US"),
            (2450, "gbp", "24,50 £GB"),
            (4900, "jpy", "4\u{202f}900 JPY"),
            (1200, "chf", "12,00 CHF"),
        ],
    );
}

#[test]
fn spanish_groups_thousands_only_from_five_digits() {
    assert_money(
        Lang::Es,
        &[
            (4990, "eur", "49,90 €"),
            (123_456, "eur", "1234,56 €"),
            (1_234_567, "eur", "12.345,67 €"),
            (4990, "usd", "49,90 US$"),
            (2450, "gbp", "24,50 GBP"),
            (4900, "jpy", "4900 JPY"),
            (1200, "chf", "12,00 CHF"),
        ],
    );
}

#[test]
fn chinese_names_yuan_and_yen_in_words_and_other_symbols_first() {
    assert_money(
        Lang::Zh,
        &[
            (4990, "eur", "€49.90"),
            (4990, "usd", "US$49.90"),
            (2450, "gbp", "£24.50"),
            (4990, "cny", "49.90元"),
            (4900, "jpy", "4,900日元"),
            (123_456, "eur", "€1,234.56"),
            (1200, "chf", "CHF 12.00"),
        ],
    );
}

#[test]
fn zero_decimal_currencies_are_whole_units_in_every_language() {
    let won = money(50_000, "krw");
    let expected = [
        "KRW 50,000",
        "50.000 KRW",
        "50.000 KRW",
        "50\u{202f}000 KRW",
        "KRW 50,000",
    ];
    for (lang, expected) in Lang::ALL.into_iter().zip(expected) {
        assert_eq!(format_money(&won, lang), expected, "{}", lang.code());
    }
}

#[test]
fn three_decimal_currencies_keep_their_thousandths() {
    assert_eq!(format_money(&money(12_345, "kwd"), Lang::En), "KWD 12.345");
    assert_eq!(format_money(&money(12_345, "kwd"), Lang::De), "12,345 KWD");
}

#[test]
fn currency_codes_are_read_case_insensitively() {
    assert_eq!(format_money(&money(4990, "EUR"), Lang::En), "€49.90");
    assert_eq!(format_money(&money(4900, "JPY"), Lang::Zh), "4,900日元");
}

#[test]
fn negative_amounts_keep_their_sign() {
    assert_eq!(format_money(&money(-4990, "eur"), Lang::En), "-€49.90");
    assert_eq!(format_money(&money(-4990, "eur"), Lang::De), "-49,90 €");
    assert_eq!(
        format_money(&money(i64::MIN, "jpy"), Lang::En),
        "-¥9,223,372,036,854,775,808"
    );
}

#[test]
fn dates_are_written_the_way_each_language_expects() {
    let expected = [
        (Lang::En, "March 3, 2026"),
        (Lang::De, "3. März 2026"),
        (Lang::Es, "3 de marzo de 2026"),
        (Lang::Fr, "3 mars 2026"),
        (Lang::Zh, "2026年3月3日"),
    ];
    for (lang, text) in expected {
        assert_eq!(format_date(MARCH_3, lang), text, "{}", lang.code());
    }
    assert_eq!(format_date(FEBRUARY_20, Lang::De), "20. Februar 2026");
}

#[test]
fn french_writes_the_first_of_the_month_as_an_ordinal() {
    let march_1 = 1_772_366_400; // 2026-03-01T12:00:00Z
    assert_eq!(format_date(march_1, Lang::Fr), "1er mars 2026");
    assert_eq!(format_date(march_1, Lang::En), "March 1, 2026");
}

#[test]
fn dates_are_utc_calendar_dates() {
    let last_second_of_march_3 = MARCH_3 + 86_399;
    assert_eq!(
        format_date(last_second_of_march_3, Lang::En),
        "March 3, 2026"
    );
    assert_eq!(
        format_date(last_second_of_march_3 + 1, Lang::En),
        "March 4, 2026"
    );
}

#[test]
fn a_time_beyond_the_calendar_is_shown_as_given() {
    assert_eq!(format_date(i64::MAX, Lang::En), i64::MAX.to_string());
}
