//! The three phases of a decision, so that a caller can run the slow ones
//! (a language model's answers) apart from the quick one that reads the
//! payment state: [`read`] (understand; may ask the model), [`Agent::draft`]
//! (link, decide, reply, knowledge base; pure) and [`Draft::finish`]
//! (phrase; may ask the model). [`Agent::decide_helped`] runs all three.

use std::time::Instant;

use chrono::NaiveDate;
use paydesk_domain::{CustomerSummary, history_of};

use super::{Agent, StageTimes, link, understand};
use crate::decide::{Context, Understanding, Verdict, decide};
use crate::decision::{Decision, Outcome};
use crate::kb::KnowledgeBase;
use crate::lang::Lang;
use crate::llm::Assistant;
use crate::policy::Policy;
use crate::reply::render;
use crate::ticket::{Ticket, TicketError};
use crate::understand::text::own_words;

/// A ticket understood, before the payment state is read.
#[derive(Debug, Clone)]
pub struct Read {
    /// What was understood (the model's proposal taken in, if it was asked).
    pub understanding: Understanding,
    /// The ticket's time (Unix seconds).
    pub now: i64,
    /// Reasons to record from the model.
    notes: Vec<String>,
    /// The subject and the customer's own words of the thread.
    thread: String,
    /// The customer's own words of the last message.
    last: String,
}

/// Understands a ticket, asking the model when the classifier is unsure
/// (per `policy`); the model's failures keep the built-in result.
pub fn read(
    ticket: &Ticket,
    policy: &Policy,
    assistant: Option<&Assistant>,
    times: &mut StageTimes,
) -> Result<Read, TicketError> {
    let now = ticket.time()?;
    let started = Instant::now();
    let mut understanding = understand(ticket, now)?;
    let (thread, last) = customer_text(ticket)?;
    let notes = assistant
        .and_then(|a| a.understand(&mut understanding, &thread, policy))
        .into_iter()
        .collect();
    times.understand += started.elapsed();
    Ok(Read {
        understanding,
        now,
        notes,
        thread,
        last,
    })
}

/// The subject and the customer's own words of a thread, and of its last message.
fn customer_text(ticket: &Ticket) -> Result<(String, String), TicketError> {
    let (last, earlier) = ticket.customer_messages()?;
    let thread: Vec<String> = ticket
        .subject
        .iter()
        .cloned()
        .chain(earlier.iter().map(|m| own_words(&m.body)))
        .chain(std::iter::once(own_words(&last.body)))
        .collect();
    Ok((thread.join("\n"), own_words(&last.body)))
}

/// A decision whose template reply the model may still phrase.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The decision as the rules made it.
    pub decision: Decision,
    lang: Lang,
    today: NaiveDate,
    last: String,
}

impl Agent<'_> {
    /// Links, decides and renders the reply of a ticket already [`read`];
    /// an escalated ticket gets the knowledge base's relevant passages in
    /// its reasons, for the person. No I/O.
    pub fn draft(
        &self,
        ticket: &Ticket,
        read: Read,
        auto_refunds_90d: impl Fn(&str, i64) -> usize,
        times: &mut StageTimes,
        kb: Option<&KnowledgeBase>,
    ) -> Draft {
        let Read {
            understanding: u,
            now,
            notes,
            thread,
            last,
        } = read;
        let (customer, verdict) = self.verdict(ticket, &u, now, auto_refunds_90d, times);
        let started = Instant::now();
        let mut reasons = verdict.reasons;
        reasons.extend(notes);
        if verdict.outcome == Outcome::Escalated
            && let Some(kb) = kb
        {
            reasons.extend(kb.relevant(&u, &thread).iter().map(|p| p.reason()));
        }
        times.decide += started.elapsed();
        let started = Instant::now();
        let (reply, reply_en) = match render(verdict.situation, u.lang, &verdict.facts) {
            Ok(r) => (r.text, r.english),
            // Templates are checked by tests for every situation and language; never send a broken reply.
            Err(e) => (String::new(), format!("(no reply: {e})")),
        };
        times.reply += started.elapsed();
        let today = chrono::DateTime::from_timestamp(now, 0)
            .map(|t| t.date_naive())
            .unwrap_or_default();
        Draft {
            decision: Decision {
                ticket_id: ticket.id.clone(),
                language: u.language.to_string(),
                intent: u.intent,
                confidence: (f64::from(u.confidence) * 1000.0).round() / 1000.0,
                customer,
                outcome: verdict.outcome,
                actions: verdict.actions,
                team: verdict.team,
                reply,
                reasons,
                reply_en,
            },
            lang: u.lang,
            today,
            last,
        }
    }
}

impl Agent<'_> {
    /// Links the ticket and decides by the rules: the customer and the verdict.
    fn verdict(
        &self,
        ticket: &Ticket,
        u: &Understanding,
        now: i64,
        auto_refunds_90d: impl Fn(&str, i64) -> usize,
        times: &mut StageTimes,
    ) -> (Option<String>, Verdict) {
        let started = Instant::now();
        let (customer, link, snapshot) = link(ticket, u, self.world, self.orders, now);
        times.link += started.elapsed();
        let started = Instant::now();
        let fallback = CustomerSummary {
            id: customer.clone(),
            email: ticket.customer.email.clone(),
            name: ticket.customer.name.clone(),
        };
        let history = history_of(&snapshot, fallback);
        let name = ticket
            .customer
            .name
            .clone()
            .or_else(|| snapshot.customer.as_ref().and_then(|c| c.name.clone()));
        let ctx = Context {
            customer: customer.as_deref(),
            link,
            snapshot: &snapshot,
            history: &history,
            now,
            auto_refunds_90d: customer.as_deref().map_or(0, |c| auto_refunds_90d(c, now)),
            name,
        };
        let verdict = decide(u, &ctx, self.policy);
        times.decide += started.elapsed();
        (customer, verdict)
    }
}

impl Draft {
    /// Whether [`Draft::finish`] would ask this model to phrase the reply.
    pub fn wants_phrasing(&self, assistant: Option<&Assistant>) -> bool {
        assistant.is_some_and(|a| a.phrases_replies()) && !self.decision.reply.trim().is_empty()
    }

    /// The decision, its reply phrased by the model when that is its job and
    /// the phrasing passes the fact check; the template's reply otherwise.
    pub fn finish(self, assistant: Option<&Assistant>, times: &mut StageTimes) -> Decision {
        let started = Instant::now();
        let mut decision = self.decision;
        let phrasing =
            assistant.and_then(|a| a.phrase(&decision.reply, &self.last, self.lang, self.today));
        if let Some(phrasing) = phrasing {
            if let Some(text) = phrasing.text {
                decision.reply = text;
            }
            decision.reasons.push(phrasing.reason);
        }
        times.reply += started.elapsed();
        decision
    }
}
