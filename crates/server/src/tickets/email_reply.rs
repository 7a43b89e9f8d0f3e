//! Replies on email tickets: a ticket opened with `"channel":"email"` gets
//! each reply posted on its thread (the agent's, a person's) also as an
//! `email.send` job to the ticket's address, when an SMTP server is
//! configured. The job is keyed by what it answers — `{decision}:reply:email`
//! for the agent, `{ticket}:reply{seq}:email` for a person — so one answer is
//! one email however often its delivery is retried.

use paydesk_store::NewJob;
use serde_json::json;

use super::{Channel, Ticket, TicketError, Tickets};

/// Longest subject taken from the customer's first message when the ticket has none.
const SUBJECT_CHARS: usize = 60;

impl Tickets {
    /// Queues `body` as an email to the ticket's customer under `key`, if
    /// the ticket is answered by email; returns whether a new job was queued.
    pub async fn email_reply(
        &self,
        ticket: &Ticket,
        key: String,
        body: &str,
        now: i64,
    ) -> Result<bool, TicketError> {
        if !self.email_replies || ticket.channel != Channel::Email {
            return Ok(false);
        }
        let Some(to) = &ticket.email else {
            return Ok(false);
        };
        let job = NewJob {
            key,
            kind: crate::email::KIND.to_owned(),
            subject: format!("ticket:{}", ticket.id),
            payload: json!({
                "to": to,
                "subject": format!("Re: {}", subject_of(ticket)),
                "text": body,
                "ticket": ticket.id,
            }),
            due_at_ms: now * 1000,
        };
        let new = self.store.enqueue(&[job], now * 1000).await?[0].new;
        if new {
            self.wake.notify_one();
        }
        Ok(new)
    }
}

/// The ticket's subject, else the start of the customer's first message.
fn subject_of(ticket: &Ticket) -> String {
    if let Some(subject) = ticket.subject.as_deref().filter(|s| !s.trim().is_empty()) {
        return subject.trim().to_owned();
    }
    let first = ticket
        .messages
        .iter()
        .find(|m| m.author == super::Author::Customer)
        .map_or("", |m| m.body.lines().next().unwrap_or(""));
    first.chars().take(SUBJECT_CHARS).collect()
}
