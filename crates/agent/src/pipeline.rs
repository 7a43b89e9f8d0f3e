//! One ticket, end to end: understand → link → state as of the ticket →
//! decide → reply. The same function serves simulation and live traffic.
//! An optional language model ([`crate::llm`]) helps understand unsure
//! tickets and phrase replies; the rules decide either way.

use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use paydesk_domain::Snapshot;
use paydesk_domain::world::World;

use crate::decide::{Link, Understanding};
use crate::decision::Decision;
use crate::entities::extract;
use crate::kb::KnowledgeBase;
use crate::lang::{Detected, identify};
use crate::llm::Assistant;
use crate::policy::Policy;
use crate::ticket::{Ticket, TicketError};
use crate::understand::Classifier;
use crate::understand::text::own_words;

mod phases;

pub use phases::{Draft, Read, read};

/// Time spent per stage, summed over tickets.
#[derive(Debug, Clone, Copy, Default)]
pub struct StageTimes {
    pub understand: Duration,
    pub link: Duration,
    pub decide: Duration,
    pub reply: Duration,
}

impl StageTimes {
    /// (stage, time) of every stage.
    pub fn stages(&self) -> [(&'static str, Duration); 4] {
        [
            ("understand", self.understand),
            ("link", self.link),
            ("decide", self.decide),
            ("reply", self.reply),
        ]
    }
}

/// Shop orders, for linking an order number to the email that placed it.
pub trait Orders {
    /// The email of the order with this number or id, if known.
    fn email_of(&self, order: &str) -> Option<String>;
}

/// No orders file.
pub struct NoOrders;

impl Orders for NoOrders {
    fn email_of(&self, _: &str) -> Option<String> {
        None
    }
}

/// Reads the customer's last message (with the thread as context).
pub fn understand(ticket: &Ticket, now: i64) -> Result<Understanding, TicketError> {
    let (last, earlier) = ticket.customer_messages()?;
    let text = own_words(&last.body);
    let subject = ticket.subject.as_deref().unwrap_or("");
    let lang_text = if text.chars().count() < 12 && !subject.is_empty() {
        format!("{subject}\n{text}")
    } else {
        text.clone()
    };
    let language = identify(&lang_text);
    let lang = language.reply_lang();
    let classifier = Classifier::builtin();
    let mut prediction = classifier.predict(&format!("{subject}\n{text}"));
    // A short follow-up ("any news??") borrows the thread's earlier words.
    if !earlier.is_empty() && prediction.confidence < 0.6 {
        let context: Vec<String> = earlier.iter().map(|m| own_words(&m.body)).collect();
        let with_context =
            classifier.predict(&format!("{subject}\n{}\n{text}", context.join("\n")));
        if with_context.confidence > prediction.confidence {
            prediction = with_context;
        }
    }
    let today = chrono::DateTime::from_timestamp(now, 0)
        .map(|t| t.date_naive())
        .unwrap_or_default();
    let all_text = std::iter::once(subject.to_string())
        .chain(earlier.iter().map(|m| own_words(&m.body)))
        .chain(std::iter::once(text))
        .collect::<Vec<_>>()
        .join("\n");
    Ok(Understanding {
        lang,
        language: language.code(),
        intent: prediction.intent,
        confidence: prediction.confidence,
        entities: extract(&all_text, lang, today),
    })
}

/// The customer a ticket belongs to and how it was found, with their state as of `t`.
pub fn link(
    ticket: &Ticket,
    u: &Understanding,
    world: &World,
    orders: &dyn Orders,
    t: i64,
) -> (Option<String>, Link, Snapshot) {
    if let Some(email) = ticket.customer.email.as_deref().filter(|e| e.contains('@')) {
        if let Some(customer) = world.customer_by_email(email, t) {
            let snapshot = world.snapshot(&customer, t);
            return (Some(customer), Link::Email, snapshot);
        }
        let guest = world.guest_payments(email, t);
        if !guest.is_empty() {
            return (None, Link::Email, world.snapshot_of(&guest, t));
        }
    }
    let e = &u.entities;
    let by_id = e.stripe_ids.iter().find_map(|id| world.owner_of(id, t));
    let by_order = || {
        e.order_numbers.iter().find_map(|o| {
            world
                .payments_for_order(o, t)
                .iter()
                .find_map(|id| world.owner_of(id, t))
                .or_else(|| {
                    orders
                        .email_of(o)
                        .and_then(|email| world.customer_by_email(&email, t))
                })
        })
    };
    let by_email = || e.emails.iter().find_map(|m| world.customer_by_email(m, t));
    match by_id.or_else(by_order).or_else(by_email) {
        Some(customer) => {
            let snapshot = world.snapshot(&customer, t);
            (Some(customer), Link::Message, snapshot)
        }
        None => (None, Link::Unlinked, Snapshot::default()),
    }
}

/// Everything a decision needs besides the ticket.
pub struct Agent<'a> {
    pub world: &'a World,
    pub policy: &'a Policy,
    pub orders: &'a dyn Orders,
}

/// The assistant lent to every [`Agent::decide`] of the process, if any.
static LENT: RwLock<Option<Arc<Assistant>>> = RwLock::new(None);

/// Lends `assistant` to every [`Agent::decide`] in the process until the
/// returned guard is dropped, when the previous one is restored.
///
/// Simulation builds its agents itself, on its own threads; this gives them
/// the configured model without changing how simulation is called. Code that
/// builds its own [`Agent`] passes the model to [`Agent::decide_with`].
#[must_use = "the assistant is withdrawn when the guard is dropped"]
pub fn lend_assistant(assistant: Option<Arc<Assistant>>) -> Lent {
    let mut slot = LENT.write().unwrap_or_else(PoisonError::into_inner);
    Lent(std::mem::replace(&mut slot, assistant))
}

/// Withdraws a lent assistant when dropped.
pub struct Lent(Option<Arc<Assistant>>);

impl Drop for Lent {
    fn drop(&mut self) {
        *LENT.write().unwrap_or_else(PoisonError::into_inner) = self.0.take();
    }
}

/// The assistant lent by [`lend_assistant`], if any.
pub fn lent_assistant() -> Option<Arc<Assistant>> {
    LENT.read().unwrap_or_else(PoisonError::into_inner).clone()
}

/// What helps a decision besides the rules: a language model and a
/// knowledge base, each optional.
#[derive(Clone, Copy, Default)]
pub struct Help<'h> {
    /// Asked about unsure tickets and/or to phrase replies.
    pub assistant: Option<&'h Assistant>,
    /// Its passages relevant to an escalated ticket go into the reasons.
    pub kb: Option<&'h KnowledgeBase>,
}

impl Agent<'_> {
    /// Decides one ticket; `auto_refunds_90d` counts this customer's automatic refunds before it.
    /// A language model helps when one is lent by [`lend_assistant`].
    pub fn decide(
        &self,
        ticket: &Ticket,
        auto_refunds_90d: impl Fn(&str, i64) -> usize,
        times: &mut StageTimes,
    ) -> Result<Decision, TicketError> {
        let assistant = lent_assistant();
        self.decide_with(ticket, auto_refunds_90d, times, assistant.as_deref())
    }

    /// Like [`Agent::decide`], with this language model (or none).
    pub fn decide_with(
        &self,
        ticket: &Ticket,
        auto_refunds_90d: impl Fn(&str, i64) -> usize,
        times: &mut StageTimes,
        assistant: Option<&Assistant>,
    ) -> Result<Decision, TicketError> {
        let help = Help {
            assistant,
            kb: None,
        };
        self.decide_helped(ticket, auto_refunds_90d, times, help)
    }

    /// Decides one ticket with this help: [`read`], [`Agent::draft`], [`Draft::finish`].
    pub fn decide_helped(
        &self,
        ticket: &Ticket,
        auto_refunds_90d: impl Fn(&str, i64) -> usize,
        times: &mut StageTimes,
        help: Help<'_>,
    ) -> Result<Decision, TicketError> {
        let read = read(ticket, self.policy, help.assistant, times)?;
        let draft = self.draft(ticket, read, auto_refunds_90d, times, help.kb);
        Ok(draft.finish(help.assistant, times))
    }
}

/// The language of a text, for `classify`.
pub fn language_of(text: &str) -> Detected {
    identify(&own_words(text))
}
