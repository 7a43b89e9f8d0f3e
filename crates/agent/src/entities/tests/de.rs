//! A German-speaking customer.

use super::*;

const DE: Lang = Lang::De;

#[test]
fn german_order_numbers() {
    check_orders(
        DE,
        &[
            ("Bestellung 1042", &["1042"]),
            ("Bestellnummer 1042", &["1042"]),
            ("Bestellnummer: 1042", &["1042"]),
            ("Auftrag #1042", &["1042"]),
            ("Auftragsnummer 77001", &["77001"]),
            ("Bestell-Nr. 1042", &["1042"]),
            ("Bestellung Nr. 1042", &["1042"]),
            ("meine Bestellungen 1042 und 1043", &["1042", "1043"]),
            // Numbers that are something else.
            ("Bestellung vom 3.3.2026", &[]),
            ("Bestellung 03.03.2026", &[]),
            ("Bestellung 1.234,56 €", &[]),
            ("Bestellung 100 Euro", &[]),
            ("Tel. 0170 1234567", &[]),
        ],
    );
}

#[test]
fn german_amounts() {
    check_amounts(
        DE,
        &[
            ("49,90 €", &[(4990, "eur")]),
            ("49,90€", &[(4990, "eur")]),
            ("€ 49,90", &[(4990, "eur")]),
            ("1.234,56 €", &[(123_456, "eur")]),
            ("49 Euro", &[(4900, "eur")]),
            ("49,- €", &[(4900, "eur")]),
            ("49 Dollar", &[(4900, "usd")]),
            ("CHF 49.90", &[(4990, "chf")]),
            ("Betrag: 49,90", &[(4990, "")]),
            ("Gesamtbetrag 1.234,50", &[(123_450, "")]),
            ("Betrag: 49,90 €", &[(4990, "eur")]),
            (
                "zweimal 49,90 € statt einmal 29,90 €",
                &[(4990, "eur"), (2990, "eur")],
            ),
            ("Summe 3 Artikel", &[]),
        ],
    );
}

#[test]
fn german_dates() {
    check_dates(
        DE,
        &[
            ("am 3. März", &[(2026, 3, 3)]),
            ("am 3. Maerz", &[(2026, 3, 3)]),
            ("am 3. marz 2025", &[(2025, 3, 3)]),
            ("am 24. Dezember", &[(2025, 12, 24)]),
            ("3.3.2026", &[(2026, 3, 3)]),
            ("am 03.03.", &[(2026, 3, 3)]),
            ("am 15.03.", &[(2025, 3, 15)]),
            ("03.03.26", &[(2026, 3, 3)]),
            ("gestern", &[(2026, 3, 10)]),
            ("vorgestern", &[(2026, 3, 9)]),
            ("heute", &[(2026, 3, 11)]),
            ("letzten Montag", &[(2026, 3, 9)]),
            ("am vergangenen Freitag", &[(2026, 3, 6)]),
            ("vor 2 Tagen", &[(2026, 3, 9)]),
            ("vor einer Woche", &[(2026, 3, 4)]),
            // "hier" is German for "here".
            ("hier ist meine Rechnung", &[]),
            ("um 14.30 Uhr", &[]),
        ],
    );
}

#[test]
fn german_card_digits() {
    check_last4(
        DE,
        &[
            ("Karte endet auf 4242", &["4242"]),
            ("Karte mit Endziffern 4242", &["4242"]),
            ("die letzten 4 Ziffern sind 4242", &["4242"]),
            ("**** 4242", &["4242"]),
        ],
    );
}

#[test]
fn german_message_with_everything() {
    let text = "Hallo,\nmeine Bestellung #1042 vom 3. März wurde zweimal abgebucht \
                (je 49,90 €), Karte endet auf 4242. Gestern kam pi_3NkQ2bLkdIwHu7ix1Ab2Cd3E dazu.\n\
                Grüße, max@beispiel.de";

    let entities = read(DE, text);

    assert_eq!(
        entities,
        Entities {
            order_numbers: strings(&["1042"]),
            amounts: vec![money(4990, "eur")],
            dates: vec![day(2026, 3, 3), day(2026, 3, 10)],
            last4: strings(&["4242"]),
            stripe_ids: strings(&["pi_3NkQ2bLkdIwHu7ix1Ab2Cd3E"]),
            emails: strings(&["max@beispiel.de"]),
        }
    );
}
