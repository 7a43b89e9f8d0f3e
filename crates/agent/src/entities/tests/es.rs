//! A Spanish-speaking customer.

use super::*;

const ES: Lang = Lang::Es;

#[test]
fn spanish_order_numbers() {
    check_orders(
        ES,
        &[
            ("pedido 1042", &["1042"]),
            ("pedido nº 1042", &["1042"]),
            ("pedido n° 1042", &["1042"]),
            ("n.º de pedido 1042", &["1042"]),
            ("número de pedido: 1042", &["1042"]),
            ("numero de pedido 1042", &["1042"]),
            ("mi pedido #1042 y el 1043", &["1042"]),
            ("pedidos 1042 y 1043", &["1042", "1043"]),
            ("pedido del 3/3/2026", &[]),
            ("pedido 49,90 €", &[]),
        ],
    );
}

#[test]
fn spanish_amounts() {
    check_amounts(
        ES,
        &[
            ("49,90 €", &[(4990, "eur")]),
            ("1.234,56 €", &[(123_456, "eur")]),
            ("49 dólares", &[(4900, "usd")]),
            ("49 dolares", &[(4900, "usd")]),
            ("49 euros", &[(4900, "eur")]),
            ("US$ 49.90", &[(4990, "usd")]),
            ("importe: 49,90", &[(4990, "")]),
            ("el importe de 49,90", &[(4990, "")]),
        ],
    );
}

#[test]
fn spanish_dates() {
    check_dates(
        ES,
        &[
            ("el 3 de marzo", &[(2026, 3, 3)]),
            ("el 3 de marzo de 2025", &[(2025, 3, 3)]),
            ("el 3 de agosto", &[(2025, 8, 3)]),
            ("el 1º de marzo", &[(2026, 3, 1)]),
            ("3/3/2026", &[(2026, 3, 3)]),
            ("4/3/2026", &[(2026, 3, 4)]),
            ("el día 3", &[(2026, 3, 3)]),
            ("ayer", &[(2026, 3, 10)]),
            ("anteayer", &[(2026, 3, 9)]),
            ("antes de ayer", &[(2026, 3, 9)]),
            ("hoy", &[(2026, 3, 11)]),
            ("el lunes pasado", &[(2026, 3, 9)]),
            ("el miercoles pasado", &[(2026, 3, 4)]),
            ("el pasado sábado", &[(2026, 3, 7)]),
            ("hace 2 días", &[(2026, 3, 9)]),
            ("hace una semana", &[(2026, 3, 4)]),
            ("playeras", &[]),
        ],
    );
}

#[test]
fn spanish_card_digits() {
    check_last4(
        ES,
        &[
            ("tarjeta terminada en 4242", &["4242"]),
            ("acabada en 4242", &["4242"]),
            ("la tarjeta termina en 4242", &["4242"]),
            ("últimos 4 dígitos: 4242", &["4242"]),
            ("ultimos cuatro digitos 4242", &["4242"]),
        ],
    );
}

#[test]
fn spanish_message_with_everything() {
    let text = "Hola, en el pedido nº 1042 del 3 de marzo me cobraron 49,90 € dos veces \
                con la tarjeta terminada en 4242 (in_1MtHbELkdIwHu7ixl4OzzPMv). \
                Mi correo: Lucia.Garcia@Correo.es";

    let entities = read(ES, text);

    assert_eq!(
        entities,
        Entities {
            order_numbers: strings(&["1042"]),
            amounts: vec![money(4990, "eur")],
            dates: vec![day(2026, 3, 3)],
            last4: strings(&["4242"]),
            stripe_ids: strings(&["in_1MtHbELkdIwHu7ixl4OzzPMv"]),
            emails: strings(&["lucia.garcia@correo.es"]),
        }
    );
}
