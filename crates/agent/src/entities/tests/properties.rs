//! Properties over arbitrary text: extraction never panics, and what it
//! returns always has the promised shape.

use proptest::prelude::*;

use super::*;

/// Pieces of real messages, so that random text often comes close to an
/// entity: digits, separators, currencies, cue words, multi-byte characters.
const PIECES: &[&str] = &[
    "0",
    "1",
    "4",
    "9",
    "42",
    "1042",
    "2026",
    " ",
    "\n",
    ".",
    ",",
    ":",
    "/",
    "-",
    "#",
    "＃",
    "@",
    "_",
    "'",
    "’",
    "\u{A0}",
    "\u{202F}",
    "€",
    "$",
    "£",
    "¥",
    "￥",
    "元",
    "円",
    "EUR",
    "usd",
    "euros",
    "order",
    "Bestellung",
    "pedido nº",
    "commande n°",
    "订单号",
    "：",
    "年",
    "月",
    "日",
    "号",
    "前",
    "天",
    "上周",
    "一",
    "March",
    "März",
    "mars",
    "de",
    "the",
    "ago",
    "days",
    "vor",
    "hace",
    "il y a",
    "yesterday",
    "hier",
    "ending in",
    "尾号",
    "****",
    "ch_",
    "cus_",
    "abcDEF12",
    "x@y.io",
    "é",
    "ß",
    "🙂",
    "\u{0}",
    ",-",
    "amount",
    "金额",
];

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|pieces| pieces.concat())
}

fn any_lang() -> impl Strategy<Value = Lang> {
    prop::sample::select(Lang::ALL.to_vec())
}

fn any_day() -> impl Strategy<Value = NaiveDate> {
    (1971..2099_i32, 1..=12_u32, 1..=28_u32).prop_map(|(y, m, d)| day(y, m, d))
}

fn assert_well_formed(entities: &Entities) {
    let all_unique = |values: &[String]| {
        values
            .iter()
            .enumerate()
            .all(|(i, v)| !values[..i].contains(v))
    };
    for values in [
        &entities.order_numbers,
        &entities.last4,
        &entities.stripe_ids,
        &entities.emails,
    ] {
        assert!(all_unique(values), "{values:?} has a repeated value");
    }
    for number in &entities.order_numbers {
        assert!(!number.is_empty() && !number.contains('#'), "{number:?}");
        assert!(number.ends_with(|c: char| c.is_ascii_digit()), "{number:?}");
    }
    for last4 in &entities.last4 {
        assert!(
            last4.len() == 4 && last4.bytes().all(|b| b.is_ascii_digit()),
            "{last4:?}"
        );
    }
    for email in &entities.emails {
        assert!(
            email.contains('@') && *email == email.to_lowercase(),
            "{email:?}"
        );
    }
    for amount in &entities.amounts {
        assert!(amount.minor >= 0, "{amount:?}");
        if let Some(currency) = &amount.currency {
            assert!(
                currency.len() == 3 && currency.bytes().all(|b| b.is_ascii_lowercase()),
                "{amount:?}"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC*", lang in any_lang(), today in any_day()) {
        assert_well_formed(&extract(&text, lang, today));
    }

    #[test]
    fn arbitrary_characters_never_panic(text in any::<String>(), lang in any_lang(), today in any_day()) {
        assert_well_formed(&extract(&text, lang, today));
    }

    #[test]
    fn text_close_to_entities_never_panics(text in soup(), lang in any_lang(), today in any_day()) {
        assert_well_formed(&extract(&text, lang, today));
    }

    #[test]
    fn relative_dates_never_lie_after_the_ticket(text in soup(), lang in any_lang(), today in any_day()) {
        let entities = extract(&text, lang, today);
        let undated = !text.chars().any(|c| c.is_ascii_digit());
        if undated {
            prop_assert!(entities.dates.iter().all(|date| *date <= today), "{:?}", entities.dates);
        }
    }
}
