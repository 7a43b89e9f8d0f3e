//! The actions on tickets and chat: open a ticket for a team, note the
//! customer's open tickets, close them, post to the chat webhook.

use paydesk_store::{NewJob, StoredEvent, TicketFilter};
use serde_json::{Value, json};

use super::{PlaybookError, PlaybookReport, Playbooks, Rule};
use crate::tickets::{Author, Status, Ticket};

/// What `close_ticket` did to one ticket.
#[derive(Clone, Copy)]
enum Closing {
    Untouched,
    Closed,
    KeptOpen,
}

impl Playbooks {
    /// `do = "open_ticket"`: a ticket for the rule's team, once per event.
    pub(super) async fn open_ticket(
        &self,
        stored: &StoredEvent,
        object: &Value,
        rule: &Rule,
        now: i64,
        report: &mut PlaybookReport,
    ) -> Result<(), PlaybookError> {
        let id = format!("event-{}", stored.id);
        let mut ticket = system_ticket(&id, now, rule.config.team.clone());
        ticket.customer = customer_of(object);
        ticket.subject = Some(format!("{}: {}", stored.event_type, describe(object)));
        ticket.tag(&stored.event_type);
        link_object(&mut ticket, object);
        ticket.push(
            Author::Note,
            &note_text(stored, object),
            now,
            Some("paydesk"),
        );
        if self.tickets.insert(&ticket).await? {
            report.tickets_opened += 1;
        }
        Ok(())
    }

    /// `do = "note_open_ticket"`: a note on each of the customer's open tickets.
    pub(super) async fn note_open_tickets(
        &self,
        stored: &StoredEvent,
        object: &Value,
        now: i64,
        report: &mut PlaybookReport,
    ) -> Result<(), PlaybookError> {
        let Some(customer) = customer_of(object) else {
            return Ok(());
        };
        let filter = TicketFilter {
            customer: Some(customer),
            limit: 100,
            ..TicketFilter::default()
        };
        for row in self.tickets.store().tickets(&filter).await? {
            if row.status == "closed" || row.status == "solved" {
                continue;
            }
            if self
                .note_once(&row.id, stored, &note_text(stored, object), now)
                .await?
            {
                report.notes_added += 1;
            }
        }
        Ok(())
    }

    /// `do = "close_ticket"`: closes the customer's tickets linked to the
    /// event's object, each with a note naming the event, once per event.
    /// A ticket a person has answered is left open with a note instead: the
    /// person decides when their conversation ends.
    pub(super) async fn close_tickets(
        &self,
        stored: &StoredEvent,
        object: &Value,
        rule: &Rule,
        now: i64,
        report: &mut PlaybookReport,
    ) -> Result<(), PlaybookError> {
        let Some(customer) = customer_of(object) else {
            return Ok(());
        };
        let linked = closing_ids(object);
        let filter = TicketFilter {
            customer: Some(customer),
            limit: 100,
            ..TicketFilter::default()
        };
        let marker = format!("[{}]", stored.id);
        let what = note_text(stored, object);
        for row in self.tickets.store().tickets(&filter).await? {
            if row.status == "closed" {
                continue;
            }
            let mut outcome = Closing::Untouched;
            self.tickets
                .modify(&row.id, |t| {
                    outcome = Closing::Untouched;
                    let seen = t.messages.iter().any(|m| m.body.contains(&marker));
                    if seen || t.status == Status::Closed || !t.links.iter().any(|l| linked.contains(l)) {
                        return Ok(());
                    }
                    let by_person = t.messages.iter().any(|m| {
                        m.author == Author::Agent && m.by.as_deref() != Some("paydesk")
                    });
                    let text = if by_person {
                        outcome = Closing::KeptOpen;
                        format!("{what}: rule `{}` would close this ticket, but a person is handling it, so it stays open. {marker}", rule.config.name)
                    } else {
                        outcome = Closing::Closed;
                        t.status = Status::Closed;
                        format!("{what}: closed by rule `{}`. {marker}", rule.config.name)
                    };
                    t.push(Author::Note, &text, now, Some("paydesk"));
                    Ok(())
                })
                .await?;
            match outcome {
                Closing::Closed => report.tickets_closed += 1,
                Closing::KeptOpen => report.tickets_kept_open += 1,
                Closing::Untouched => {}
            }
        }
        Ok(())
    }

    /// `do = "chat"`: a post to the chat webhook, once per rule and event.
    pub(super) async fn chat(
        &self,
        stored: &StoredEvent,
        object: &Value,
        rule: &Rule,
        now: i64,
        report: &mut PlaybookReport,
    ) -> Result<(), PlaybookError> {
        let job = NewJob {
            key: format!("playbook:{}:{}", rule.config.name, stored.id),
            kind: "chat.post".to_owned(),
            subject: format!("event:{}", stored.id),
            payload: json!({"url": self.chat_url, "text": note_text(stored, object)}),
            due_at_ms: now * 1000,
        };
        if self.tickets.store().enqueue(&[job], now * 1000).await?[0].new {
            report.chat_posts += 1;
        }
        Ok(())
    }

    /// Adds a note about this event to a ticket, unless one is there already.
    pub(super) async fn note_once(
        &self,
        id: &str,
        stored: &StoredEvent,
        text: &str,
        now: i64,
    ) -> Result<bool, PlaybookError> {
        let marker = format!("[{}]", stored.id);
        let mut added = false;
        self.tickets
            .modify(id, |t| {
                added = !t.messages.iter().any(|m| m.body.contains(&marker));
                if added {
                    t.push(
                        Author::Note,
                        &format!("{text} {marker}"),
                        now,
                        Some("paydesk"),
                    );
                }
                Ok(())
            })
            .await?;
        Ok(added)
    }
}

/// A ticket paydesk opens itself: nobody wrote, so the agent has nothing to answer.
pub(super) fn system_ticket(id: &str, now: i64, team: Option<String>) -> Ticket {
    let mut ticket = Ticket::new(id, now);
    ticket.team = team;
    ticket.agent_paused = true;
    ticket
}

pub(super) fn customer_of(object: &Value) -> Option<String> {
    match &object["customer"] {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("id").and_then(Value::as_str).map(str::to_owned),
        _ if object["object"] == "customer" => object["id"].as_str().map(str::to_owned),
        _ => None,
    }
}

pub(super) fn link_object(ticket: &mut Ticket, object: &Value) {
    for field in ["id", "charge", "invoice", "subscription", "payment_intent"] {
        if let Some(id) = object[field].as_str() {
            ticket.link(id);
        }
    }
}

/// `in_… 4900 eur paid`.
pub(super) fn describe(object: &Value) -> String {
    let mut parts = vec![object["id"].as_str().unwrap_or("?").to_owned()];
    if let Some(amount) = object["amount"].as_i64().or(object["amount_due"].as_i64()) {
        parts.push(format!(
            "{amount} {}",
            object["currency"].as_str().unwrap_or("")
        ));
    }
    if let Some(status) = object["status"].as_str() {
        parts.push(status.to_owned());
    }
    parts.join(" ")
}

pub(super) fn note_text(stored: &StoredEvent, object: &Value) -> String {
    format!("{}: {}", stored.event_type, describe(object))
}

/// The ids a ticket must be linked to for `close_ticket` to close it: the
/// event's object and the payment it is about (a refund's charge, an
/// invoice's charge and payment intent); not the customer or subscription,
/// which would close every conversation of the customer.
fn closing_ids(object: &Value) -> Vec<String> {
    ["id", "charge", "invoice", "payment_intent"]
        .iter()
        .filter_map(|field| object[*field].as_str().map(str::to_owned))
        .collect()
}
