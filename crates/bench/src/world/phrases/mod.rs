//! What customers write, per language and intent: greetings, bodies with
//! slots (`{order}`, `{amount}`, `{date}`, `{last4}`), sign-offs and
//! follow-ups. Every sentence here is our own.

mod de;
mod en;
mod es;
mod fr;
mod zh;

use fastrand::Rng;

use super::locale::Lang;

/// The intents of DESIGN.md, in the order of [`Table::bodies`].
pub const INTENTS: [&str; 12] = [
    "refund_request",
    "refund_status",
    "duplicate_charge",
    "unrecognized_charge",
    "charged_after_cancel",
    "cancel_subscription",
    "payment_failed",
    "update_payment_method",
    "invoice_request",
    "dispute_notice",
    "order_status",
    "other",
];

/// One language's phrases.
pub struct Table {
    pub greet: &'static [&'static str],
    pub close: &'static [&'static str],
    pub follow_up: &'static [&'static str],
    pub agent: &'static [&'static str],
    pub subjects: [&'static [&'static str]; 12],
    pub bodies: [&'static [&'static str]; 12],
}

fn table(lang: Lang) -> &'static Table {
    match lang {
        Lang::En => &en::EN,
        Lang::De => &de::DE,
        Lang::Es => &es::ES,
        Lang::Fr => &fr::FR,
        Lang::Zh => &zh::ZH,
    }
}

/// The facts a message may quote.
#[derive(Default)]
pub struct Slots {
    pub name: String,
    pub order: Option<String>,
    pub amount: Option<String>,
    pub date: Option<String>,
    pub last4: Option<&'static str>,
}

/// A ticket's subject and its messages as (author, seconds after the first, body).
pub struct Written {
    pub subject: String,
    pub messages: Vec<(&'static str, i64, String)>,
}

/// Writes a customer's ticket about `intent` (an index into [`INTENTS`]).
pub fn write(rng: &mut Rng, lang: Lang, intent: usize, slots: &Slots) -> Written {
    let t = table(lang);
    let subject = pick(rng, t.subjects[intent]).to_string();
    let body = message(rng, t, intent, slots);
    if rng.u32(0..100) >= 12 {
        return Written {
            subject,
            messages: vec![("customer", 0, body)],
        };
    }
    // A thread: the first message, the shop's answer, then a short nudge.
    let hours = i64::from(rng.u32(2..72)) * 3600;
    Written {
        subject,
        messages: vec![
            ("customer", 0, body),
            ("agent", hours / 3, pick(rng, t.agent).to_string()),
            ("customer", hours, pick(rng, t.follow_up).to_string()),
        ],
    }
}

fn message(rng: &mut Rng, t: &Table, intent: usize, slots: &Slots) -> String {
    let fits = |s: &&str| {
        (slots.order.is_some() || !s.contains("{order}"))
            && (slots.amount.is_some() || !s.contains("{amount}"))
            && (slots.date.is_some() || !s.contains("{date}"))
            && (slots.last4.is_some() || !s.contains("{last4}"))
    };
    let bodies: Vec<&str> = t.bodies[intent].iter().copied().filter(fits).collect();
    let body = fill(pick(rng, &bodies), slots);
    let greet = pick(rng, t.greet);
    let close = fill(pick(rng, t.close), slots);
    let mut out = String::with_capacity(greet.len() + body.len() + close.len() + 4);
    if !greet.is_empty() {
        out.push_str(greet);
        let lower = body.starts_with(|c: char| c.is_lowercase());
        out.push_str(if lower && rng.bool() { " " } else { "\n" });
    }
    out.push_str(&body);
    if !close.is_empty() {
        out.push_str("\n\n");
        out.push_str(&close);
    }
    out
}

fn fill(text: &str, slots: &Slots) -> String {
    if !text.contains('{') {
        return text.to_string();
    }
    let mut out = text.replace("{name}", &slots.name);
    for (key, value) in [
        ("{order}", slots.order.as_deref()),
        ("{amount}", slots.amount.as_deref()),
        ("{date}", slots.date.as_deref()),
        ("{last4}", slots.last4),
    ] {
        if let Some(v) = value {
            out = out.replace(key, v);
        }
    }
    out
}

/// One item of a non-empty list.
pub fn pick<'a>(rng: &mut Rng, items: &[&'a str]) -> &'a str {
    items[rng.usize(0..items.len())]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_intent_and_fills_its_slots() {
        let mut rng = Rng::with_seed(7);
        let slots = Slots {
            name: "Ana".into(),
            order: Some("#1234".into()),
            amount: Some("12,90 €".into()),
            date: Some("3 mars".into()),
            last4: Some("4242"),
        };
        for lang in Lang::ALL {
            for intent in 0..INTENTS.len() {
                for _ in 0..20 {
                    let w = write(&mut rng, lang, intent, &slots);
                    let all: String = w.messages.iter().map(|m| m.2.as_str()).collect();
                    assert!(!all.contains('{'), "{lang:?} {intent}: {all}");
                    assert!(!w.subject.is_empty());
                }
            }
        }
    }
}
