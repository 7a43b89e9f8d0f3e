//! Edge cases that cut across languages.

use super::*;

#[test]
fn stripe_ids_of_every_kind_are_read_exactly() {
    let ids = [
        "ch_3MmlLrLkdIwHu7ix0snN0B15",
        "py_1NbQ2bLkdIwHu7ix0AbCdEfG",
        "pi_3NkQ2bLkdIwHu7ix1Ab2Cd3E",
        "in_1MtHbELkdIwHu7ixl4OzzPMv",
        "sub_1MowQVLkdIwHu7ixeRlqHVzs",
        "re_1Nispe2eZvKYlo2Cd31jOCgZ",
        "dp_1MtHbELkdIwHu7ixabcdEFGH",
        "cus_NffrFeUfNV2Hib",
        "evt_1NG8Du2eZvKYlo2CUI79vXWy",
    ];
    let text = ids.join(", ");

    let entities = read(Lang::En, &text);

    assert_eq!(entities.stripe_ids, strings(&ids));
    assert_eq!(
        entities,
        Entities {
            stripe_ids: strings(&ids),
            ..Entities::default()
        }
    );
}

#[test]
fn almost_stripe_ids_are_not_read() {
    let text = "CH_3MmlLrLkdIwHu7ix0snN0B15 ch_1234567 main_12345678 xpi_3NkQ2bLkdIwHu7ix";

    assert_eq!(read(Lang::En, text).stripe_ids, Vec::<String>::new());
}

#[test]
fn a_client_secret_yields_its_payment_intent() {
    let text = "secret: pi_3NkQ2bLkdIwHu7ix1Ab2Cd3E_secret_abcDEF123";

    assert_eq!(
        read(Lang::En, text).stripe_ids,
        strings(&["pi_3NkQ2bLkdIwHu7ix1Ab2Cd3E"])
    );
}

#[test]
fn emails_are_lowercased_trimmed_and_listed_once() {
    let text = "Write to <Anna.M+shop@Mail.Example.co.uk>, or mailto:ops@shop.io. \
                Again: anna.m+shop@mail.example.co.uk ...and not@this or @nobody.com";

    assert_eq!(
        read(Lang::En, text).emails,
        strings(&["anna.m+shop@mail.example.co.uk", "ops@shop.io"])
    );
}

#[test]
fn digits_inside_emails_and_ids_are_nothing_else() {
    let text = "order1042@shop.com #cus_NffrFeUfNV2Hib 4242eur@x.de ending-4242@x.de";

    let entities = read(Lang::En, text);

    assert_eq!(entities.order_numbers, Vec::<String>::new());
    assert_eq!(entities.amounts, vec![]);
    assert_eq!(entities.last4, Vec::<String>::new());
    assert_eq!(
        entities.emails,
        strings(&["order1042@shop.com", "4242eur@x.de", "ending-4242@x.de"])
    );
}

#[test]
fn yen_is_yuan_for_a_chinese_customer_only() {
    let cases = [
        (Lang::En, "¥4,900", money(4900, "jpy")),
        (Lang::De, "¥4,900", money(4900, "jpy")),
        (Lang::Zh, "¥4,900", money(490_000, "cny")),
        (Lang::Zh, "¥49.90", money(4990, "cny")),
        // The yen has no minor unit: decimals round.
        (Lang::En, "¥49.90", money(50, "jpy")),
        (Lang::En, "₩ 12,000", money(12_000, "krw")),
        (Lang::En, "4900円", money(4900, "jpy")),
    ];
    for (lang, text, expected) in cases {
        assert_eq!(
            read(lang, text).amounts,
            vec![expected],
            "{text} in {lang:?}"
        );
    }
}

#[test]
fn huge_numbers_are_not_amounts_and_do_not_overflow() {
    let text = "99999999999999999999999 € and 999999999999999,99 € and order #99999999999999999999";

    let entities = read(Lang::En, text);

    assert_eq!(entities.amounts, vec![money(99_999_999_999_999_999, "eur")]);
    assert_eq!(entities.order_numbers, strings(&["99999999999999999999"]));
}

#[test]
fn quoted_replies_and_line_breaks_are_read_like_any_text() {
    let text = "Still nothing!\n\n> On 3 March 2026, support wrote:\n> Your order\n> #1042 \
                of 49,90 € is on its way.\n> \n> -- \n> shop@example.com";

    let entities = read(Lang::En, text);

    assert_eq!(entities.order_numbers, strings(&["1042"]));
    assert_eq!(entities.amounts, vec![money(4990, "eur")]);
    assert_eq!(entities.dates, vec![day(2026, 3, 3)]);
    assert_eq!(entities.emails, strings(&["shop@example.com"]));
}

#[test]
fn a_message_without_entities_yields_none() {
    for text in [
        "",
        " ",
        "Hello, where is my parcel?",
        "\u{0}\u{FFFF}",
        "🙂🙂🙂",
        "#",
        "@",
        "_",
    ] {
        assert_eq!(read(Lang::En, text), Entities::default(), "{text:?}");
    }
}

#[test]
fn last_weekday_on_that_weekday_is_a_week_back() {
    let monday = day(2026, 3, 9);

    assert_eq!(
        extract("last Monday", Lang::En, monday).dates,
        vec![day(2026, 3, 2)]
    );
    assert_eq!(
        extract("上周一", Lang::Zh, monday).dates,
        vec![day(2026, 3, 2)]
    );
    assert_eq!(
        extract("上周日", Lang::Zh, monday).dates,
        vec![day(2026, 3, 8)]
    );
}

#[test]
fn a_date_without_year_is_the_latest_one_up_to_the_ticket() {
    assert_eq!(read(Lang::En, "on Feb 29").dates, vec![day(2024, 2, 29)]);
    assert_eq!(read(Lang::En, "on March 11").dates, vec![day(2026, 3, 11)]);
    assert_eq!(
        extract("1. Januar", Lang::De, day(2026, 1, 1)).dates,
        vec![day(2026, 1, 1)]
    );
    assert_eq!(
        extract("31. Dezember", Lang::De, day(2026, 1, 1)).dates,
        vec![day(2025, 12, 31)]
    );
    assert_eq!(
        extract("on the 31st", Lang::En, day(2026, 3, 11)).dates,
        vec![day(2026, 1, 31)]
    );
}

#[test]
fn ambiguous_numeric_dates_follow_the_customers_locale() {
    let text = "03/04/2026";

    assert_eq!(read(Lang::En, text).dates, vec![day(2026, 3, 4)]);
    assert_eq!(read(Lang::De, text).dates, vec![day(2026, 4, 3)]);
    assert_eq!(read(Lang::Es, text).dates, vec![day(2026, 4, 3)]);
    assert_eq!(read(Lang::Fr, text).dates, vec![day(2026, 4, 3)]);
    assert_eq!(read(Lang::En, "03.04.2026").dates, vec![day(2026, 4, 3)]);
}

#[test]
fn several_entities_of_each_kind_keep_their_order() {
    let text = "Orders #2001, #2002 and #2001 again: 10 € on 1 March, $20.00 yesterday, \
                cards ending in 1111 and ending in 2222; a@x.io, b@y.io";

    let entities = read(Lang::En, text);

    assert_eq!(entities.order_numbers, strings(&["2001", "2002"]));
    assert_eq!(
        entities.amounts,
        vec![money(1000, "eur"), money(2000, "usd")]
    );
    assert_eq!(entities.dates, vec![day(2026, 3, 1), day(2026, 3, 10)]);
    assert_eq!(entities.last4, strings(&["1111", "2222"]));
    assert_eq!(entities.emails, strings(&["a@x.io", "b@y.io"]));
}

#[test]
fn entities_serialize_with_iso_dates() {
    let entities = read(Lang::En, "order #1042, 49,90 € on 3 March 2026");

    let json = serde_json::to_value(&entities).expect("entities serialize");

    assert_eq!(
        json,
        serde_json::json!({
            "order_numbers": ["1042"],
            "amounts": [{"minor": 4990, "currency": "eur"}],
            "dates": ["2026-03-03"],
            "last4": [],
            "stripe_ids": [],
            "emails": [],
        })
    );
}

#[test]
fn long_hostile_messages_are_read_without_stalling() {
    let n = 40_000;
    let messages = [
        format!("{}@example.com-", "a".repeat(n)),
        format!("x{} €", "000 ".repeat(n / 4)),
        "€1€".repeat(n / 5),
        "#1042-".repeat(n / 6),
        "3 March ".repeat(n / 8),
        format!("order{}1042x", " ".repeat(n)),
        "a@b.co ch_12345678 order #1 49 € 3.3. yesterday ".repeat(n / 48),
    ];
    let _ = read(Lang::En, "warm up the patterns");

    for text in messages {
        let start = std::time::Instant::now();
        let _ = read(Lang::En, &text);
        // Linear work takes milliseconds even unoptimized; quadratic takes minutes.
        assert!(
            start.elapsed() < std::time::Duration::from_secs(2),
            "{:.40}…",
            text
        );
    }
}

/// Run with `cargo test --release -p paydesk-agent entities -- --ignored --nocapture`.
#[test]
#[ignore = "timing; meaningful in release mode only"]
fn a_typical_message_is_read_in_microseconds() {
    let text = "Hello, I was charged twice for my order #1042 on March 3rd: 49,90 € each time \
                on my Visa ending in 4242. Could you please refund one of the charges? \
                The receipt says ch_3MmlLrLkdIwHu7ix0snN0B15. You can reach me at \
                jane.doe@example.com. Thanks, Jane";
    let _ = read(Lang::En, text);

    // The fastest of many batches: other work on the machine only adds time.
    let per_message = (0..50)
        .map(|_| {
            let start = std::time::Instant::now();
            for _ in 0..200 {
                std::hint::black_box(read(Lang::En, std::hint::black_box(text)));
            }
            start.elapsed() / 200
        })
        .min()
        .expect("fifty batches");

    println!(
        "{} chars: {per_message:?} per message",
        text.chars().count()
    );
    assert!(
        per_message < std::time::Duration::from_micros(20),
        "{per_message:?}"
    );
}
