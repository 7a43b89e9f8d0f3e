//! An English-speaking customer.

use super::*;

const EN: Lang = Lang::En;

#[test]
fn english_order_numbers() {
    check_orders(
        EN,
        &[
            ("Where is my order #1042?", &["1042"]),
            ("order 1042 hasn't arrived", &["1042"]),
            ("Order no. 1042", &["1042"]),
            ("order number: 1042", &["1042"]),
            ("ORDER #a-1042 please", &["A-1042"]),
            ("Order ID: 55123", &["55123"]),
            ("orders 1042 and 1043", &["1042", "1043"]),
            ("#1042, #1043 and #1042 again", &["1042", "1043"]),
            ("my order, #1042.", &["1042"]),
            ("order\n1042", &["1042"]),
            // Numbers that are something else.
            ("I ordered 1042 items", &[]),
            ("order of $1042.50", &[]),
            ("order 100 USD", &[]),
            ("order 2026-03-03", &[]),
            ("order on 3 March 2026", &[]),
            ("call me at +1 555 123 4567", &[]),
            ("#555-123-4567", &[]),
            ("card ending #4242", &[]),
            ("&#1042; is a Cyrillic letter", &[]),
            ("see page/#1042", &[]),
            ("order 12", &[]),
        ],
    );
}

#[test]
fn english_amounts() {
    check_amounts(
        EN,
        &[
            ("I was charged $49.90", &[(4990, "usd")]),
            ("€49.90", &[(4990, "eur")]),
            ("€ 49,90", &[(4990, "eur")]),
            ("49.90 EUR", &[(4990, "eur")]),
            ("EUR 49.90", &[(4990, "eur")]),
            ("US$ 49.90", &[(4990, "usd")]),
            ("49.90 USD", &[(4990, "usd")]),
            ("USD49.90", &[(4990, "usd")]),
            ("$49.90 USD", &[(4990, "usd")]),
            ("£24.50", &[(2450, "gbp")]),
            ("¥4,900", &[(4900, "jpy")]),
            ("4,900 JPY", &[(4900, "jpy")]),
            ("1,234.56 USD", &[(123_456, "usd")]),
            ("$1,234", &[(123_400, "usd")]),
            ("49 dollars", &[(4900, "usd")]),
            ("49 euros", &[(4900, "eur")]),
            ("49 €", &[(4900, "eur")]),
            ("49.9 €", &[(4990, "eur")]),
            ("C$ 20.00", &[(2000, "cad")]),
            ("charged twice: $49.90 and $49.90", &[(4990, "usd")]),
            ("$49.90 and then £24.50.", &[(4990, "usd"), (2450, "gbp")]),
            ("The amount was 49.90", &[(4990, "")]),
            ("amount: 49.90 USD", &[(4990, "usd")]),
            // Not money.
            ("total 3 items", &[]),
            ("order 1042", &[]),
            ("49.90", &[]),
            ("$", &[]),
            ("50 eurozone", &[]),
            ("XUSD49.90", &[]),
        ],
    );
}

#[test]
fn english_dates() {
    check_dates(
        EN,
        &[
            ("I paid on March 3", &[(2026, 3, 3)]),
            ("on 3 March 2026", &[(2026, 3, 3)]),
            ("on Mar 3rd, 2025", &[(2025, 3, 3)]),
            ("the 3rd of March", &[(2026, 3, 3)]),
            ("on the 3rd", &[(2026, 3, 3)]),
            ("on the 20th", &[(2026, 2, 20)]),
            ("on December 24", &[(2025, 12, 24)]),
            ("on March 12", &[(2025, 3, 12)]),
            ("03/04/2026", &[(2026, 3, 4)]),
            ("13/03/2026", &[(2026, 3, 13)]),
            ("3/4/26", &[(2026, 3, 4)]),
            ("2026-03-03", &[(2026, 3, 3)]),
            ("yesterday", &[(2026, 3, 10)]),
            ("Today", &[(2026, 3, 11)]),
            ("the day before yesterday", &[(2026, 3, 9)]),
            ("last Monday", &[(2026, 3, 9)]),
            ("last Wednesday", &[(2026, 3, 4)]),
            ("2 days ago", &[(2026, 3, 9)]),
            ("three days ago", &[(2026, 3, 8)]),
            ("a week ago", &[(2026, 3, 4)]),
            ("between March 1 and March 3", &[(2026, 3, 1), (2026, 3, 3)]),
            (
                "yesterday, or was it March 3?",
                &[(2026, 3, 10), (2026, 3, 3)],
            ),
            // Not dates.
            ("Feb 30", &[]),
            ("in March 2026", &[]),
            ("in 2 days", &[]),
            ("3 marathons", &[]),
        ],
    );
}

#[test]
fn english_card_digits() {
    check_last4(
        EN,
        &[
            ("card ending 4242", &["4242"]),
            ("Visa ending in 4242", &["4242"]),
            ("last 4: 4242", &["4242"]),
            ("the last four digits are 1881", &["1881"]),
            ("**** 4242", &["4242"]),
            ("xxxx-4242", &["4242"]),
            ("XXXX XXXX XXXX 4242", &["4242"]),
            ("•••• 4242", &["4242"]),
            (
                "ending in 4242, the other ends with 4444",
                &["4242", "4444"],
            ),
            ("ending 42424", &[]),
            ("I have 4242 reasons", &[]),
        ],
    );
}

#[test]
fn english_message_with_everything() {
    let text = "Hi,\n\nI was charged twice for order #1042 on March 3 - $49.90 each time, \
                Visa ending in 4242. Receipt: ch_3MmlLrLkdIwHu7ix0snN0B15.\n\
                Please reply to Jane.Doe@Example.com.";

    let entities = read(EN, text);

    assert_eq!(
        entities,
        Entities {
            order_numbers: strings(&["1042"]),
            amounts: vec![money(4990, "usd")],
            dates: vec![day(2026, 3, 3)],
            last4: strings(&["4242"]),
            stripe_ids: strings(&["ch_3MmlLrLkdIwHu7ix0snN0B15"]),
            emails: strings(&["jane.doe@example.com"]),
        }
    );
}
