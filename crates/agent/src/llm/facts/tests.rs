//! A phrasing may change the words of a reply, never its facts.

use super::*;
use crate::reply::{Money, ReplyFacts, Situation, format_date, format_money, render};

const MARCH_3: i64 = 1_772_524_800; // 2026-03-03T08:00:00Z

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 5).unwrap()
}

fn eur(amount: i64) -> Money {
    Money {
        amount,
        currency: "eur".into(),
    }
}

/// The German template reply for a refund of 49,90 € made for a payment of March 3.
fn refund_issued() -> String {
    let facts = ReplyFacts {
        name: Some("Anna Weber".into()),
        amount: Some(eur(4990)),
        date: Some(MARCH_3),
        ..ReplyFacts::default()
    };
    render(Situation::RefundIssued, Lang::De, &facts)
        .unwrap()
        .text
}

/// A German phrasing of [`refund_issued`] that states `amount` and optionally a link.
fn phrasing(amount: i64, link: &str) -> String {
    format!(
        "Hallo Anna,\n\nvielen Dank für Ihre Geduld. Wir haben Ihnen {} für Ihre Zahlung vom {} erstattet.{link} \
         Bis das Geld auf Ihrem Konto sichtbar ist, kann es je nach Bank fünf bis zehn Werktage dauern.\n\n\
         Freundliche Grüße\nIhr Support-Team",
        format_money(&eur(amount), Lang::De),
        format_date(MARCH_3, Lang::De),
    )
}

#[test]
fn a_faithful_phrasing_passes() {
    let template = refund_issued();
    assert_eq!(
        check(&template, &phrasing(4990, ""), Lang::De, today()),
        Ok(())
    );
}

#[test]
fn a_phrasing_that_invents_a_refund_amount_is_refused() {
    let template = refund_issued();
    let err = check(&template, &phrasing(5990, ""), Lang::De, today()).unwrap_err();
    assert!(err.contains("amount"), "{err}");
}

#[test]
fn a_phrasing_that_invents_a_link_is_refused() {
    let template = refund_issued();
    for link in [
        " Details: https://refunds.example-pay.com/r/4990",
        " Mehr dazu unter www.example-help.de.",
        " Siehe hilfe.example.org/erstattung",
    ] {
        let err = check(&template, &phrasing(4990, link), Lang::De, today()).unwrap_err();
        assert!(err.contains("link"), "{link}: {err}");
    }
}

#[test]
fn a_phrasing_that_drops_the_link_or_adds_a_number_is_refused() {
    let facts = ReplyFacts {
        url: Some("https://invoice.stripe.com/i/acct_1/inv_9".into()),
        ..ReplyFacts::default()
    };
    let template = render(Situation::PaymentUpdateLink, Lang::En, &facts)
        .unwrap()
        .text;
    let without = "Hello,\n\nplease update your card with the secure link we will send you shortly.\n\nBest regards";
    assert!(
        check(&template, without, Lang::En, today())
            .unwrap_err()
            .contains("link")
    );
    let with_number = format!(
        "Hello,\n\nplease use this secure link to update your card within 48 hours:\n{}\n\nBest regards",
        "https://invoice.stripe.com/i/acct_1/inv_9"
    );
    let err = check(&template, &with_number, Lang::En, today()).unwrap_err();
    assert!(err.contains("48"), "{err}");
}

#[test]
fn a_phrasing_that_claims_a_status_or_another_language_is_refused() {
    let facts = ReplyFacts {
        amount: Some(eur(4990)),
        ..ReplyFacts::default()
    };
    let template = render(Situation::RefundEscalated, Lang::De, &facts)
        .unwrap()
        .text;
    let claims = format!(
        "Guten Tag,\n\nIhre Zahlung über {} wurde bereits erstattet und unsere Buchhaltung meldet sich bald.\n\nFreundliche Grüße",
        format_money(&eur(4990), Lang::De)
    );
    let err = check(&template, &claims, Lang::De, today()).unwrap_err();
    assert!(err.contains("erstattet"), "{err}");
    let english = "Hello,\n\nthank you for your message. Our billing team will review your refund request and get back to you soon.\n\nBest regards";
    let err = check(&template, english, Lang::De, today()).unwrap_err();
    assert!(err.contains("in en"), "{err}");
}

#[test]
fn numbers_and_links_are_read_in_every_notation() {
    assert_eq!(
        numbers("am 03.03.2026, ４９,９０ €"),
        ["2026", "3", "49", "90"].map(String::from).into()
    );
    assert_eq!(
        links("Link: https://pay.example.com/x?y=1. Oder www.shop.de!"),
        ["https://pay.example.com/x?y=1", "www.shop.de"]
    );
    assert!(status_words("Die Zahlung wurde erstattet.").contains("erstattet"));
    assert!(status_words("退款已取消").contains("已取消"));
    assert!(status_words("Erstattung geprüft").is_empty());
}
