//! A French-speaking customer.

use super::*;

const FR: Lang = Lang::Fr;

#[test]
fn french_order_numbers() {
    check_orders(
        FR,
        &[
            ("commande 1042", &["1042"]),
            ("commande n°1042", &["1042"]),
            ("ma commande n° 1042", &["1042"]),
            ("numéro de commande 1042", &["1042"]),
            ("numero de commande : 1042", &["1042"]),
            ("n° de commande 1042", &["1042"]),
            ("commande #1042", &["1042"]),
            ("commandes 1042 et 1043", &["1042", "1043"]),
            ("commande du 3/03/2026", &[]),
            ("commande 1 234,56 €", &[]),
        ],
    );
}

#[test]
fn french_amounts() {
    check_amounts(
        FR,
        &[
            ("49,90 €", &[(4990, "eur")]),
            ("1 234,56 €", &[(123_456, "eur")]),
            ("1\u{202F}234,56\u{A0}€", &[(123_456, "eur")]),
            ("49 euros", &[(4900, "eur")]),
            ("24,50 £", &[(2450, "gbp")]),
            ("49 dollars", &[(4900, "usd")]),
            ("montant : 49,90", &[(4990, "")]),
            ("un montant de 49,90", &[(4990, "")]),
            ("j'ai commandé 3 livres", &[]),
        ],
    );
}

#[test]
fn french_dates() {
    check_dates(
        FR,
        &[
            ("le 3 mars", &[(2026, 3, 3)]),
            ("le 1er mars", &[(2026, 3, 1)]),
            ("le 3 fevrier 2026", &[(2026, 2, 3)]),
            ("le 15 aout", &[(2025, 8, 15)]),
            ("le 15 août", &[(2025, 8, 15)]),
            ("3/03/2026", &[(2026, 3, 3)]),
            ("hier", &[(2026, 3, 10)]),
            ("avant-hier", &[(2026, 3, 9)]),
            ("aujourd'hui", &[(2026, 3, 11)]),
            ("aujourd’hui", &[(2026, 3, 11)]),
            ("lundi dernier", &[(2026, 3, 9)]),
            ("il y a 3 jours", &[(2026, 3, 8)]),
            ("il y a une semaine", &[(2026, 3, 4)]),
        ],
    );
}

#[test]
fn french_card_digits() {
    check_last4(
        FR,
        &[
            ("carte se terminant par 4242", &["4242"]),
            ("carte finissant par 4242", &["4242"]),
            ("les 4 derniers chiffres : 4242", &["4242"]),
            ("carte terminée par 4242", &["4242"]),
        ],
    );
}

#[test]
fn french_message_with_everything() {
    let text = "Bonjour,\r\nma commande n°1042 du 3 mars a été débitée deux fois : 49,90 € \
                sur la carte se terminant par 4242 (py_1NbQ2bLkdIwHu7ix0AbCdEfG).\r\n\
                « Répondez à Claire@Exemple.fr »";

    let entities = read(FR, text);

    assert_eq!(
        entities,
        Entities {
            order_numbers: strings(&["1042"]),
            amounts: vec![money(4990, "eur")],
            dates: vec![day(2026, 3, 3)],
            last4: strings(&["4242"]),
            stripe_ids: strings(&["py_1NbQ2bLkdIwHu7ix0AbCdEfG"]),
            emails: strings(&["claire@exemple.fr"]),
        }
    );
}
