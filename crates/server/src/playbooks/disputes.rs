//! `do = "dispute_ticket"`: one ticket per dispute, kept to the dispute's
//! latest mirrored state, or the customer's own open ticket when the rule
//! says `update_open_ticket`.

use paydesk_agent::lang::Lang;
use paydesk_agent::reply::{Money, format_money};
use paydesk_domain::ObjectState;
use paydesk_store::history::objects;
use paydesk_store::{StoredEvent, TicketFilter};
use serde_json::Value;

use super::actions::system_ticket;
use super::{PlaybookError, PlaybookReport, Playbooks, Rule};
use crate::tickets::{Author, Status};

/// Dispute statuses after which nothing more happens.
fn dispute_closed(status: &str) -> bool {
    matches!(status, "won" | "lost" | "warning_closed")
}

impl Playbooks {
    /// One ticket per dispute, kept to the dispute's latest mirrored state.
    pub(super) async fn dispute(
        &self,
        stored: &StoredEvent,
        object: &Value,
        rule: &Rule,
        now: i64,
        report: &mut PlaybookReport,
    ) -> Result<(), PlaybookError> {
        let Some(dispute_id) = object["id"]
            .as_str()
            .filter(|id| id.starts_with("du_") || id.starts_with("dp_"))
        else {
            return Ok(());
        };
        // The latest mirrored state, not this event's: order of arrival does
        // not matter (the mirror is written with the event, so it has it).
        let store = self.tickets.store();
        let dispute = match objects(&**store, &[dispute_id], i64::MAX).await?.pop() {
            Some(ObjectState::Dispute(d)) => Some(d),
            _ => None,
        };
        let charge = match dispute.as_ref().and_then(|d| d.charge.as_deref()) {
            Some(id) => match objects(&**store, &[id], i64::MAX).await?.pop() {
                Some(ObjectState::Charge(c)) => Some(c),
                _ => None,
            },
            None => None,
        };
        let Some(dispute) = dispute else {
            return Ok(());
        };
        let closed = dispute_closed(&dispute.status);
        let id = format!("dispute-{dispute_id}");
        let due = dispute
            .due_by
            .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
            .map_or("none".to_owned(), |t| {
                t.format("%Y-%m-%d %H:%M UTC").to_string()
            });
        let amount = format_money(
            &Money {
                amount: dispute.amount,
                currency: dispute.currency.clone(),
            },
            Lang::En,
        );
        let order = charge.as_ref().and_then(|c| c.order_id.clone());
        let customer = charge.as_ref().and_then(|c| c.customer.clone());
        let team = rule.config.team.clone().or(Some("disputes".into()));
        let links: Vec<String> = [
            Some(dispute_id.to_owned()),
            dispute.charge.clone(),
            customer.clone(),
            order.clone(),
        ]
        .into_iter()
        .flatten()
        .collect();
        let earlier = match &customer {
            Some(c) => self.customer_words(c).await?,
            None => Vec::new(),
        };
        let mut summary = format!(
            "Dispute opened: reason {}, amount {amount}, evidence due {due}, charge {}, order {}.",
            dispute.reason.as_deref().unwrap_or("none"),
            dispute.charge.as_deref().unwrap_or("unknown"),
            order.as_deref().unwrap_or("unknown"),
        );
        if !earlier.is_empty() {
            summary.push_str("\nThe customer's earlier messages:\n");
            summary.push_str(&earlier.join("\n"));
        }
        let id = match self
            .open_ticket_for_dispute(dispute_id, &id, customer.as_deref(), rule)
            .await?
        {
            // The customer is already talking to us: the dispute joins that ticket.
            Some(open) => {
                let marker = format!("[dispute {dispute_id}]");
                let mut added = false;
                self.tickets
                    .modify(&open, |t| {
                        added = !t.messages.iter().any(|m| m.body.contains(&marker));
                        if added {
                            t.push(
                                Author::Note,
                                &format!("{summary} {marker}"),
                                now,
                                Some("paydesk"),
                            );
                        }
                        t.team = team.clone();
                        t.tag("dispute");
                        for link in &links {
                            t.link(link);
                        }
                        Ok(())
                    })
                    .await?;
                if added {
                    report.notes_added += 1;
                }
                open
            }
            None => {
                let mut ticket = system_ticket(&id, now, team);
                ticket.customer = customer.clone();
                ticket.subject = Some(format!(
                    "Dispute {dispute_id}: {} — {amount}, evidence due {due}",
                    dispute.reason.as_deref().unwrap_or("no reason given")
                ));
                ticket.tag("dispute");
                for link in &links {
                    ticket.link(link);
                }
                ticket.push(Author::Note, &summary, now, Some("paydesk"));
                if self.tickets.insert(&ticket).await? {
                    report.tickets_opened += 1;
                }
                id
            }
        };
        // Bring it to the dispute's current state, once per event.
        let marker = format!("[{}]", stored.id);
        let mut became_closed = false;
        self.tickets
            .modify(&id, |t| {
                if !t.messages.iter().any(|m| m.body.contains(&marker)) {
                    let text = format!(
                        "{}: dispute status {}{} {marker}",
                        stored.event_type,
                        dispute.status,
                        if closed { " — closed" } else { "" }
                    );
                    t.push(Author::Note, &text, now, Some("paydesk"));
                }
                t.tags.retain(|tag| !tag.starts_with("dispute_status:"));
                t.tag(&format!("dispute_status:{}", dispute.status));
                if closed && t.status != Status::Closed {
                    t.status = Status::Closed;
                    became_closed = true;
                } else if !closed && t.status == Status::Closed {
                    // Only a reversal in Stripe reopens a dispute.
                    t.status = Status::Open;
                }
                Ok(())
            })
            .await?;
        if became_closed {
            report.tickets_closed += 1;
        }
        Ok(())
    }

    /// The customer's own open ticket a dispute goes onto (rules with
    /// `update_open_ticket`), decided once per dispute and remembered (meta
    /// `playbooks.dispute.{id}`): a dispute that already has its own ticket
    /// keeps it, and later events follow the first choice.
    async fn open_ticket_for_dispute(
        &self,
        dispute_id: &str,
        own_id: &str,
        customer: Option<&str>,
        rule: &Rule,
    ) -> Result<Option<String>, PlaybookError> {
        let store = self.tickets.store();
        let key = format!("playbooks.dispute.{dispute_id}");
        if let Some(chosen) = store.meta(&key).await? {
            return Ok(Some(chosen));
        }
        let Some(customer) = customer.filter(|_| rule.config.update_open_ticket) else {
            return Ok(None);
        };
        if store.ticket(own_id).await?.is_some() {
            return Ok(None);
        }
        let filter = TicketFilter {
            customer: Some(customer.to_owned()),
            limit: 100,
            ..TicketFilter::default()
        };
        // Most recently updated first; paydesk's own tickets are not conversations.
        let open = store.tickets(&filter).await?.into_iter().find(|row| {
            matches!(row.status.as_str(), "open" | "pending")
                && !row.id.starts_with("dispute-")
                && !row.id.starts_with("event-")
        });
        let Some(open) = open else {
            return Ok(None);
        };
        store.set_meta(&key, &open.id).await?;
        Ok(Some(open.id))
    }

    /// The customer's last few messages on their other tickets.
    async fn customer_words(&self, customer: &str) -> Result<Vec<String>, PlaybookError> {
        let filter = TicketFilter {
            customer: Some(customer.to_owned()),
            limit: 20,
            ..TicketFilter::default()
        };
        let mut words = Vec::new();
        for ticket in self.tickets.list(&filter).await? {
            for m in ticket
                .messages
                .iter()
                .filter(|m| m.author == Author::Customer)
            {
                let at = chrono::DateTime::from_timestamp(m.at, 0)
                    .map_or(String::new(), |t| t.format("%Y-%m-%d").to_string());
                words.push(format!(
                    "- {at} (ticket {}): {}",
                    ticket.id,
                    m.body.chars().take(300).collect::<String>()
                ));
            }
        }
        words.truncate(10);
        Ok(words)
    }
}
