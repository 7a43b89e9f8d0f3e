//! Support tickets about what happened in the world: each picks a customer
//! (or a stranger), an intent, the payment it is about, and a time after it.

use fastrand::Rng;
use serde::Serialize;

use super::locale::{Lang, rfc3339};
use super::people::{DAY, END, Pay, Person};
use super::phrases::{self, Slots};

#[derive(Serialize)]
struct TicketJson<'a> {
    id: String,
    created_at: String,
    channel: &'static str,
    customer: Sender<'a>,
    subject: String,
    messages: Vec<MessageJson>,
}

#[derive(Serialize)]
struct Sender<'a> {
    email: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
}

#[derive(Serialize)]
struct MessageJson {
    author: &'static str,
    at: String,
    body: String,
}

/// `count` tickets as (time, JSON line without id), in no particular order.
pub fn write_all(rng: &mut Rng, people: &[Person], count: u64) -> Vec<(i64, String)> {
    let mut out = Vec::with_capacity(count as usize);
    for n in 0..count {
        let p = &people[rng.usize(0..people.len())];
        let draw = rng.u32(0..100);
        let ticket = if draw < 90 {
            from_customer(rng, p, &p.email)
        } else {
            // Someone writing from another address: only a quoted order can link them.
            let stranger = format!(
                "{}.{n}@example.net",
                ["mail", "home", "inbox"][rng.usize(0..3)]
            );
            from_customer(rng, p, &stranger)
        };
        out.push(ticket);
    }
    out
}

/// A ticket by (or about) `p`, sent from `email`; (time, JSON with `"id":""`).
fn from_customer(rng: &mut Rng, p: &Person, email: &str) -> (i64, String) {
    let intent = rng.usize(0..phrases::INTENTS.len());
    let (at, pay) = anchor(rng, p, intent);
    let lang = if rng.u32(0..20) == 0 {
        Lang::En
    } else {
        p.lang
    };
    let mut slots = Slots {
        name: p.first.clone(),
        ..Slots::default()
    };
    let own = email == p.email;
    if let Some(pay) = pay {
        if !own || rng.u32(0..10) < 7 {
            slots.order = pay.order.clone();
        }
        if rng.bool() {
            slots.amount = Some(lang.money(pay.amount, p.currency, rng.u32(..)));
        }
        if rng.u32(0..10) < 4 {
            slots.date = Some(lang.date(pay.at, p.us()));
        }
    }
    if rng.u32(0..10) < 3 {
        slots.last4 = Some(p.last4);
    }
    let written = phrases::write(rng, lang, intent, &slots);
    let email = if own && rng.u32(0..12) == 0 {
        shout(email)
    } else {
        email.to_string()
    };
    let ticket = TicketJson {
        id: String::new(),
        created_at: rfc3339(at),
        channel: ["email", "email", "chat", "web"][rng.usize(0..4)],
        customer: Sender {
            email: &email,
            name: (rng.u32(0..10) > 0).then_some(p.name.as_str()),
        },
        subject: written.subject,
        messages: written
            .messages
            .into_iter()
            .map(|(author, after, body)| MessageJson {
                author,
                at: rfc3339(at + after),
                body,
            })
            .collect(),
    };
    (at, serde_json::to_string(&ticket).unwrap_or_default())
}

/// When the ticket is written and the payment it is about, for this intent.
fn anchor<'a>(rng: &mut Rng, p: &'a Person, intent: usize) -> (i64, Option<&'a Pay>) {
    let days = |rng: &mut Rng, lo: u32, hi: u32| {
        DAY * i64::from(rng.u32(lo..hi)) + i64::from(rng.u32(0..86_400))
    };
    let any = |rng: &mut Rng, keep: &dyn Fn(&Pay) -> bool| {
        let fits: Vec<&Pay> = p.pays.iter().filter(|x| keep(x)).collect();
        (!fits.is_empty()).then(|| fits[rng.usize(0..fits.len())])
    };
    let ok = |x: &Pay| x.ok;
    let chosen = match intent {
        // refund_request, unrecognized_charge, invoice_request
        0 | 3 | 8 => any(rng, &ok).map(|x| (x.at + days(rng, 0, 45), x)),
        1 => any(rng, &|x| x.refunded.is_some())
            .map(|x| (x.refunded.unwrap_or(x.at) + days(rng, 1, 12), x))
            .or_else(|| any(rng, &ok).map(|x| (x.at + days(rng, 3, 20), x))),
        2 => any(rng, &|x| x.duplicate)
            .map(|x| (x.at + days(rng, 0, 4), x))
            .or_else(|| any(rng, &ok).map(|x| (x.at + days(rng, 0, 6), x))),
        4 => p
            .subs
            .iter()
            .find_map(|s| s.charged_after_cancel.or(s.canceled.map(|c| c + 20 * DAY)))
            .map(|t| t + days(rng, 0, 6))
            .and_then(|t| p.pays.iter().rfind(|x| x.at <= t).map(|x| (t, x))),
        5 => p
            .subs
            .first()
            .map(|s| {
                s.created + days(rng, 5, 300).min(s.ended.unwrap_or(END) - s.created + 40 * DAY)
            })
            .and_then(|t| p.pays.iter().rfind(|x| x.at <= t).map(|x| (t, x))),
        6 => any(rng, &|x| !x.ok).map(|x| (x.at + days(rng, 0, 3), x)),
        9 => any(rng, &|x| x.disputed.is_some())
            .map(|x| (x.disputed.unwrap_or(x.at) + days(rng, 0, 5), x))
            .or_else(|| any(rng, &ok).map(|x| (x.at + days(rng, 10, 50), x))),
        10 => any(rng, &|x| x.ok && x.order.is_some()).map(|x| (x.at + days(rng, 2, 16), x)),
        _ => None,
    };
    match chosen {
        Some((t, x)) => (t.min(END + 30 * DAY), Some(x)),
        None => {
            let t = p.since + DAY + rng.i64(0..(END - p.since).max(DAY));
            (t, p.pays.iter().rfind(|x| x.at <= t))
        }
    }
}

/// The same address as some mail clients write it: `Anna.Weber@Example.de`.
fn shout(email: &str) -> String {
    let mut out = String::with_capacity(email.len());
    let mut up = true;
    for c in email.chars() {
        if up {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        up = matches!(c, '.' | '@');
    }
    out
}

/// Sorts tickets by time and numbers them `t-000001`… in that order.
pub fn number(mut tickets: Vec<(i64, String)>) -> Vec<u8> {
    tickets.sort_by_key(|t| t.0);
    let mut out = Vec::with_capacity(tickets.iter().map(|t| t.1.len() + 16).sum());
    for (i, (_, json)) in tickets.iter().enumerate() {
        let id = format!("\"id\":\"t-{:06}\"", i + 1);
        out.extend_from_slice(json.replacen("\"id\":\"\"", &id, 1).as_bytes());
        out.push(b'\n');
    }
    out
}
