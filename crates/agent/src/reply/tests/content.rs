//! What particular replies say: exactly the facts given, nothing else.

use super::{MARCH_3, MARCH_10, MARCH_28, eur, full_facts, minimal_facts, refund};
use crate::lang::Lang;
use crate::reply::{Money, ReplyFacts, Situation, format_date, format_money, render};

fn text(situation: Situation, lang: Lang, facts: &ReplyFacts) -> String {
    render(situation, lang, facts).unwrap().text
}

#[test]
fn a_refund_reply_states_the_exact_amount_refunded() {
    let facts = ReplyFacts {
        amount: Some(Money {
            amount: 123_456,
            currency: "eur".into(),
        }),
        ..minimal_facts()
    };
    let expected = [
        "€1,234.56",
        "1.234,56 €",
        "1234,56 €",
        "1\u{202f}234,56 €",
        "€1,234.56",
    ];
    for (lang, amount) in Lang::ALL.into_iter().zip(expected) {
        let reply = text(Situation::RefundIssued, lang, &facts);
        assert!(
            reply.contains(amount),
            "{}: {amount} in\n{reply}",
            lang.code()
        );
    }
}

#[test]
fn a_refund_reply_names_the_order_the_card_and_the_charge_date() {
    let facts = full_facts();
    for lang in Lang::ALL {
        let reply = text(Situation::RefundIssued, lang, &facts);
        for fact in ["#1042", "4242", &format_date(MARCH_3, lang)] {
            assert!(reply.contains(fact), "{}: {fact} in\n{reply}", lang.code());
        }
    }
}

#[test]
fn the_refund_status_list_gives_each_refund_its_own_line() {
    let facts = ReplyFacts {
        refunds: vec![
            refund(2500, "succeeded", MARCH_3),
            refund(1200, "pending", MARCH_10),
        ],
        ..minimal_facts()
    };
    for lang in Lang::ALL {
        let reply = text(Situation::RefundStatusList, lang, &facts);
        let items: Vec<&str> = reply.lines().filter(|l| l.starts_with("- ")).collect();
        assert_eq!(items.len(), 2, "{}:\n{reply}", lang.code());
        for (item, refund) in items.iter().zip(&facts.refunds) {
            assert!(item.contains(&format_money(&refund.amount, lang)), "{item}");
            assert!(item.contains(&format_date(refund.date, lang)), "{item}");
        }
    }
}

#[test]
fn each_refund_status_reads_differently_in_every_language() {
    for lang in Lang::ALL {
        let lines: Vec<String> = ["pending", "succeeded", "failed"]
            .into_iter()
            .map(|status| {
                let facts = ReplyFacts {
                    refunds: vec![refund(990, status, MARCH_3)],
                    ..minimal_facts()
                };
                text(Situation::RefundStatusList, lang, &facts)
            })
            .collect();
        assert_ne!(lines[0], lines[1], "{}", lang.code());
        assert_ne!(lines[1], lines[2], "{}", lang.code());
        assert_ne!(lines[0], lines[2], "{}", lang.code());
    }
}

#[test]
fn canceled_and_unknown_refund_statuses_read_as_not_completed() {
    for lang in Lang::ALL {
        let reply_for = |status: &str| {
            let facts = ReplyFacts {
                refunds: vec![refund(990, status, MARCH_3)],
                ..minimal_facts()
            };
            text(Situation::RefundStatusList, lang, &facts)
        };
        assert_eq!(
            reply_for("canceled"),
            reply_for("failed"),
            "{}",
            lang.code()
        );
        assert_eq!(
            reply_for("requires_action"),
            reply_for("failed"),
            "{}",
            lang.code()
        );
    }
}

#[test]
fn an_already_refunded_payment_lists_its_refunds() {
    let facts = ReplyFacts {
        refunds: vec![refund(4990, "succeeded", MARCH_3)],
        ..full_facts()
    };
    for lang in Lang::ALL {
        let reply = text(Situation::RefundAlreadyDone, lang, &facts);
        let item = reply
            .lines()
            .find(|l| l.starts_with("- "))
            .expect("a refund line");
        assert!(item.contains(&format_money(&eur(4990), lang)), "{item}");
        assert!(item.contains(&format_date(MARCH_3, lang)), "{item}");
    }
}

#[test]
fn a_dispute_reply_never_reveals_the_evidence_deadline() {
    let facts = ReplyFacts {
        date: Some(MARCH_28),
        ..full_facts()
    };
    for lang in Lang::ALL {
        let reply = text(Situation::DisputeEscalated, lang, &facts);
        assert!(
            !reply.contains(&format_date(MARCH_28, lang)),
            "{}:\n{reply}",
            lang.code()
        );
        assert!(
            reply.contains(&format_money(&eur(4990), lang)),
            "{}:\n{reply}",
            lang.code()
        );
    }
}

#[test]
fn an_update_link_reply_gives_the_link_and_the_next_attempt() {
    let facts = full_facts();
    for lang in Lang::ALL {
        let reply = text(Situation::PaymentUpdateLink, lang, &facts);
        assert!(
            reply.lines().any(|l| l == "https://pay.example.com/i/abc"),
            "{reply}"
        );
        assert!(
            reply.contains(&format_date(MARCH_10, lang)),
            "{}:\n{reply}",
            lang.code()
        );
        assert!(
            reply.contains(&format_money(&eur(4990), lang)),
            "{}:\n{reply}",
            lang.code()
        );
    }
}

#[test]
fn an_unrecognized_charge_is_explained_with_its_statement_descriptor() {
    let facts = full_facts();
    for lang in Lang::ALL {
        let reply = text(Situation::UnrecognizedExplained, lang, &facts);
        for fact in [
            "PAYDESK*SHOP",
            &format_money(&eur(4990), lang),
            &format_date(MARCH_3, lang),
        ] {
            assert!(reply.contains(fact), "{}: {fact} in\n{reply}", lang.code());
        }
    }
}

#[test]
fn asking_which_subscription_counts_them() {
    let facts = full_facts();
    for lang in Lang::ALL {
        let reply = text(Situation::NeedsInfoWhichSubscription, lang, &facts);
        assert!(reply.contains('3'), "{}:\n{reply}", lang.code());
    }
}

#[test]
fn a_descriptor_is_quoted_as_written_not_escaped() {
    let facts = ReplyFacts {
        descriptor: Some("A&B <SHOP>".into()),
        ..minimal_facts()
    };
    let reply = text(Situation::UnrecognizedExplained, Lang::En, &facts);
    assert!(reply.contains("“A&B <SHOP>”"), "{reply}");
}
