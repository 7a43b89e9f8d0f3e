//! paydesk's own tickets and the live agent loop.
//!
//! A customer message (posted to the ticket API) runs the agent against the
//! live payment state; by the intent's mode in the policy, the decision is
//! carried out (actions and the reply as outbox jobs), queued for a person's
//! approval, or left as a draft note. A person's reply pauses the agent on
//! that ticket until it is asked back. Each customer message gets at most one
//! decision (`{ticket}:m{seq}`), whose id roots every idempotency key, and at
//! most one reply.
//!
//! # Layout
//! - [`model`]: the ticket document.
//! - [`live`]: the in-memory world the agent reads, kept up with the event log.
//! - [`deliver`]: the `ticket.reply` job (posts the reply once its actions are done).
//! - [`email_reply`]: replies on email tickets, as `email.send` jobs.

pub mod deliver;
pub mod email_reply;
pub mod live;
pub mod model;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use paydesk_agent::decision::{Action, Decision, Outcome};
use paydesk_agent::policy::{Mode, Policy};
use paydesk_agent::ticket::{Message, Ticket as AgentTicket, TicketCustomer};
use paydesk_store::{NewAudit, NewJob, Store, StoreError, TicketFilter};
use serde_json::{Value, json};
use tokio::sync::Notify;

pub use model::{Author, Channel, DecisionState, Status, StoredDecision, Ticket, TicketMessage};

/// How often a ticket update is retried when another writer got there first.
const UPDATE_TRIES: usize = 8;

/// Why a ticket operation failed.
#[derive(Debug, thiserror::Error)]
pub enum TicketError {
    /// No such ticket.
    #[error("no ticket {0}")]
    NotFound(String),
    /// The request does not fit the ticket's state.
    #[error("{0}")]
    Conflict(String),
    /// The input is unusable.
    #[error("{0}")]
    Invalid(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Others kept changing the ticket.
    #[error("ticket {0} is changing too fast; try again")]
    Busy(String),
}

/// A new ticket from the generic channel.
#[derive(Debug, Clone)]
pub struct NewTicket {
    /// Chosen by the caller (e.g. the form's id), else generated.
    pub id: Option<String>,
    /// The customer's email.
    pub email: Option<String>,
    /// The customer's name.
    pub name: Option<String>,
    /// The subject line.
    pub subject: Option<String>,
    /// The first message.
    pub body: String,
    /// How replies reach the customer.
    pub channel: Channel,
}

/// See [`Tickets::own_actions`].
#[derive(Default)]
struct OwnActions {
    refunds: HashMap<String, Vec<i64>>,
    acted_on: HashSet<String>,
}

/// The ticket service: what the API and the outbox call.
pub struct Tickets {
    store: Arc<dyn Store>,
    live: live::LiveWorld,
    policy: Arc<Policy>,
    portal_return_url: String,
    wake: Arc<Notify>,
    /// Replies on email tickets are emailed (an SMTP server is configured).
    email_replies: bool,
}

impl Tickets {
    /// `wake` is the outbox worker's, so jobs start without waiting for a poll.
    pub fn new(
        store: Arc<dyn Store>,
        policy: Arc<Policy>,
        portal_return_url: String,
        wake: Arc<Notify>,
    ) -> Tickets {
        Tickets {
            live: live::LiveWorld::new(store.clone()),
            store,
            policy,
            portal_return_url,
            wake,
            email_replies: false,
        }
    }

    /// With an SMTP server configured: replies on tickets whose channel is
    /// `email` are also emailed to the customer.
    pub fn with_email_replies(mut self, on: bool) -> Tickets {
        self.email_replies = on;
        self
    }

    /// The store.
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// The live payment state.
    pub fn live(&self) -> &live::LiveWorld {
        &self.live
    }

    /// Stores a ticket made by paydesk itself (a playbook); false when the id exists.
    pub async fn insert(&self, ticket: &Ticket) -> Result<bool, TicketError> {
        Ok(self.store.insert_ticket(&ticket.to_row(1)).await?)
    }

    /// One ticket.
    pub async fn get(&self, id: &str) -> Result<(Ticket, i64), TicketError> {
        let row = self
            .store
            .ticket(id)
            .await?
            .ok_or_else(|| TicketError::NotFound(id.to_owned()))?;
        let ticket: Ticket = serde_json::from_value(row.doc).map_err(|e| {
            TicketError::Store(StoreError::Corrupt {
                table: "tickets",
                detail: format!("ticket {id}: {e}"),
            })
        })?;
        Ok((ticket, row.version))
    }

    /// Tickets, most recently updated first.
    pub async fn list(&self, filter: &TicketFilter) -> Result<Vec<Ticket>, TicketError> {
        let rows = self.store.tickets(filter).await?;
        rows.into_iter()
            .map(|row| {
                serde_json::from_value(row.doc).map_err(|e| {
                    TicketError::Store(StoreError::Corrupt {
                        table: "tickets",
                        detail: format!("ticket {}: {e}", row.id),
                    })
                })
            })
            .collect()
    }

    /// Opens a ticket with the customer's first message and lets the agent answer.
    pub async fn create(&self, new: NewTicket, now: i64) -> Result<Ticket, TicketError> {
        if new.body.trim().is_empty() {
            return Err(TicketError::Invalid("`body` is empty".into()));
        }
        let id = match new.id {
            Some(id) if valid_id(&id) => id,
            Some(id) => {
                return Err(TicketError::Invalid(format!(
                    "`id` {id:?}: use 1–64 letters, digits, '-', '_' or '.'"
                )));
            }
            None => format!("tk_{now}_{:08x}", fastrand::u32(..)),
        };
        let mut ticket = Ticket::new(&id, now);
        ticket.email = new.email.map(|e| e.trim().to_lowercase());
        ticket.name = new.name;
        ticket.subject = new.subject;
        ticket.channel = new.channel;
        ticket.push(Author::Customer, &new.body, now, None);
        if !self.store.insert_ticket(&ticket.to_row(1)).await? {
            return Err(TicketError::Conflict(format!("ticket {id} already exists")));
        }
        self.audit(
            &id,
            "ticket",
            "opened",
            json!({"email": ticket.email.is_some()}),
            now,
        )
        .await?;
        self.customer_wrote(&id, now).await
    }

    /// Adds a customer message to a ticket (reopening it) and lets the agent answer.
    pub async fn add_customer_message(
        &self,
        id: &str,
        body: &str,
        now: i64,
    ) -> Result<Ticket, TicketError> {
        if body.trim().is_empty() {
            return Err(TicketError::Invalid("`body` is empty".into()));
        }
        self.modify(id, |t| {
            if t.status == Status::Closed {
                return Err(TicketError::Conflict(format!("ticket {} is closed", t.id)));
            }
            t.push(Author::Customer, body, now, None);
            t.status = Status::Open;
            // Anything still waiting for approval answered an older message.
            for d in &mut t.decisions {
                if d.state == DecisionState::Proposed {
                    d.state = DecisionState::Superseded;
                }
            }
            Ok(())
        })
        .await?;
        self.customer_wrote(id, now).await
    }

    /// A person's reply: sent to the customer as is; the agent stays out of
    /// this ticket until [`Tickets::resume_agent`].
    pub async fn reply_by_person(
        &self,
        id: &str,
        body: &str,
        by: &str,
        now: i64,
    ) -> Result<Ticket, TicketError> {
        if body.trim().is_empty() {
            return Err(TicketError::Invalid("`body` is empty".into()));
        }
        let mut seq = 0;
        let ticket = self
            .modify(id, |t| {
                seq = t.push(Author::Agent, body, now, Some(by));
                t.agent_paused = true;
                t.tag("agent_paused");
                t.status = Status::Pending;
                Ok(())
            })
            .await?;
        let key = format!("{id}:reply{seq}:email");
        self.email_reply(&ticket, key, body, now).await?;
        self.audit(id, "reply", "sent_by_person", json!({"by": by}), now)
            .await?;
        Ok(ticket)
    }

    /// Lets the agent answer this ticket's next customer messages again.
    pub async fn resume_agent(&self, id: &str, by: &str, now: i64) -> Result<Ticket, TicketError> {
        let ticket = self
            .modify(id, |t| {
                t.agent_paused = false;
                t.tags.retain(|tag| tag != "agent_paused");
                Ok(())
            })
            .await?;
        self.audit(id, "agent", "resumed", json!({"by": by}), now)
            .await?;
        Ok(ticket)
    }

    /// A person approves a queued decision: it is carried out as on autopilot.
    pub async fn approve(
        &self,
        id: &str,
        decision_id: &str,
        by: &str,
        now: i64,
    ) -> Result<Ticket, TicketError> {
        let own = self.own_actions().await?;
        let mut jobs = Vec::new();
        let ticket = self
            .modify(id, |t| {
                let d = proposed(t, decision_id)?;
                d.state = DecisionState::Approved;
                d.by = Some(by.to_owned());
                let d = d.clone();
                jobs = self.jobs_for(t, &d, &own.acted_on);
                record_jobs(t, decision_id, &jobs);
                t.status = Status::Pending;
                Ok(())
            })
            .await?;
        self.enqueue(&jobs, now).await?;
        self.audit(
            id,
            "decision",
            "approved",
            json!({"decision": decision_id, "by": by}),
            now,
        )
        .await?;
        Ok(ticket)
    }

    /// A person rejects a queued decision: nothing of it happens.
    pub async fn reject(
        &self,
        id: &str,
        decision_id: &str,
        by: &str,
        reason: Option<&str>,
        now: i64,
    ) -> Result<Ticket, TicketError> {
        let ticket = self
            .modify(id, |t| {
                let d = proposed(t, decision_id)?;
                d.state = DecisionState::Rejected;
                d.by = Some(by.to_owned());
                let note = format!(
                    "Decision {decision_id} rejected by {by}{}",
                    reason.map(|r| format!(": {r}")).unwrap_or_default()
                );
                t.push(Author::Note, &note, now, Some(by));
                Ok(())
            })
            .await?;
        self.audit(
            id,
            "decision",
            "rejected",
            json!({"decision": decision_id, "by": by, "reason": reason}),
            now,
        )
        .await?;
        Ok(ticket)
    }

    /// The agent's turn after a customer message.
    async fn customer_wrote(&self, id: &str, now: i64) -> Result<Ticket, TicketError> {
        let (ticket, _) = self.get(id).await?;
        if ticket.agent_paused {
            self.audit(
                id,
                "decision",
                "skipped",
                json!({"why": "a person is handling this ticket"}),
                now,
            )
            .await?;
            return Ok(ticket);
        }
        let Some(message) = ticket
            .messages
            .iter()
            .rev()
            .find(|m| m.author == Author::Customer)
            .map(|m| m.seq)
        else {
            return Ok(ticket);
        };
        let decision_id = format!("{id}:m{message}");
        if ticket.decisions.iter().any(|d| d.id == decision_id) {
            return Ok(ticket);
        }
        let own = self.own_actions().await?;
        let refunds = own.refunds.clone();
        let agent_ticket = agent_view(&ticket, now);
        let policy = self.policy.clone();
        let count = move |customer: &str, at: i64| {
            refunds.get(customer).map_or(0, |times| {
                times
                    .iter()
                    .filter(|t| **t > at - 90 * 86_400 && **t <= at)
                    .count()
            })
        };
        let decision = self
            .live
            .decide(agent_ticket, policy, count)
            .await?
            .map_err(|e| TicketError::Invalid(e.to_string()))?;
        let mode = self.policy.mode(decision.intent);
        let stored = StoredDecision {
            id: decision_id.clone(),
            message,
            mode,
            state: match mode {
                Mode::Autopilot => DecisionState::Executed,
                Mode::Approve => DecisionState::Proposed,
                Mode::Draft => DecisionState::Drafted,
            },
            decision: serde_json::to_value(&decision).expect("a decision serialises"),
            jobs: Vec::new(),
            by: None,
            at: now,
        };
        let mut jobs = Vec::new();
        let ticket = self
            .modify(id, |t| {
                if t.decisions.iter().any(|d| d.id == decision_id) {
                    // Another request decided this message first.
                    return Ok(());
                }
                apply_links(t, &decision);
                t.decisions.push(stored.clone());
                match mode {
                    Mode::Autopilot => {
                        jobs = self.jobs_for(t, &stored, &own.acted_on);
                        record_jobs(t, &decision_id, &jobs);
                        t.status = Status::Pending;
                    }
                    Mode::Approve => {
                        let note = format!(
                            "paydesk proposes ({}, {}): {}. Approve or reject decision {decision_id}.\n\nDraft reply:\n{}",
                            decision.intent.as_str(),
                            outcome_word(decision.outcome),
                            summary(&decision),
                            decision.reply,
                        );
                        t.push(Author::Note, &note, now, Some("paydesk"));
                        t.status = Status::Open;
                        t.team = Some(team_of(&decision).to_owned());
                    }
                    Mode::Draft => {
                        let note = format!("Draft reply by paydesk (not sent):\n{}", decision.reply);
                        t.push(Author::Note, &note, now, Some("paydesk"));
                        t.status = Status::Open;
                        t.team = Some(team_of(&decision).to_owned());
                    }
                }
                Ok(())
            })
            .await?;
        self.enqueue(&jobs, now).await?;
        self.audit(
            id,
            "decision",
            match mode {
                Mode::Autopilot => "executed",
                Mode::Approve => "proposed",
                Mode::Draft => "drafted",
            },
            json!({"decision": decision_id, "intent": decision.intent.as_str(),
                   "outcome": outcome_word(decision.outcome), "actions": decision.actions}),
            now,
        )
        .await?;
        Ok(ticket)
    }

    /// The outbox jobs that carry a decision out: its actions, then the reply.
    /// An action on a charge or subscription that paydesk already refunded or
    /// cancelled (or is doing so) is not made again: never twice on one object.
    fn jobs_for(
        &self,
        ticket: &Ticket,
        d: &StoredDecision,
        acted_on: &HashSet<String>,
    ) -> Vec<NewJob> {
        let subject = format!("ticket:{}", ticket.id);
        let mut jobs = Vec::new();
        let mut after = Vec::new();
        let due = ticket.updated_at * 1000;
        for action in d.decision["actions"].as_array().into_iter().flatten() {
            let (kind, object, payload) = match action["type"].as_str() {
                Some("refund") => (
                    "stripe.refund",
                    action["charge"].as_str().unwrap_or_default(),
                    json!({
                        "charge": action["charge"], "amount": action["amount"],
                        "currency": action["currency"], "customer": ticket.customer,
                        "reason": if d.decision["intent"] == "duplicate_charge" { "duplicate" } else { "requested_by_customer" },
                        "metadata": {"paydesk_ticket": ticket.id, "paydesk_decision": d.id},
                    }),
                ),
                Some("cancel_subscription") => (
                    "stripe.cancel_subscription",
                    action["subscription"].as_str().unwrap_or_default(),
                    json!({"subscription": action["subscription"], "at_period_end": action["at_period_end"]}),
                ),
                // No open invoice to link to: the billing portal is the link.
                Some("payment_update_link") if action["invoice"].is_null() => (
                    "stripe.portal_session",
                    action["customer"].as_str().unwrap_or_default(),
                    json!({"customer": action["customer"], "return_url": self.portal_return_url}),
                ),
                // Links the reply already carries (hosted invoice, receipt).
                _ => continue,
            };
            if kind != "stripe.portal_session" && acted_on.contains(object) {
                tracing::info!(ticket = %ticket.id, object, "already acted on by paydesk; not again");
                continue;
            }
            let key = format!("{}:{}:{object}", d.id, kind.trim_start_matches("stripe."));
            after.push(key.clone());
            jobs.push(NewJob {
                key,
                kind: kind.to_owned(),
                subject: subject.clone(),
                payload,
                due_at_ms: due,
            });
        }
        jobs.push(NewJob {
            key: format!("{}:reply", d.id),
            kind: "ticket.reply".to_owned(),
            subject,
            payload: json!({
                "ticket": ticket.id, "decision": d.id, "body": d.decision["reply"],
                "outcome": d.decision["outcome"], "team": d.decision["team"], "after": after,
            }),
            due_at_ms: due,
        });
        jobs
    }

    async fn enqueue(&self, jobs: &[NewJob], now: i64) -> Result<(), TicketError> {
        if jobs.is_empty() {
            return Ok(());
        }
        self.store.enqueue(jobs, now * 1000).await?;
        self.wake.notify_one();
        Ok(())
    }

    /// What paydesk did or is doing with money: refund times by customer
    /// (Unix seconds, for the 90-day limit), and the charges and
    /// subscriptions with a refund or cancel already made or under way (the
    /// mirror learns of them only when Stripe's webhook arrives).
    async fn own_actions(&self) -> Result<OwnActions, TicketError> {
        let mut own = OwnActions::default();
        let kinds = ["stripe.refund", "stripe.cancel_subscription"];
        for job in self.store.live_jobs_of_kinds(&kinds, 100_000).await? {
            match job.kind.as_str() {
                "stripe.refund" => {
                    if let Some(c) = job.payload["customer"].as_str() {
                        own.refunds
                            .entry(c.to_owned())
                            .or_default()
                            .push(job.created_at_ms / 1000);
                    }
                    if let Some(ch) = job.payload["charge"].as_str() {
                        own.acted_on.insert(ch.to_owned());
                    }
                }
                "stripe.cancel_subscription" => {
                    if let Some(sub) = job.payload["subscription"].as_str() {
                        own.acted_on.insert(sub.to_owned());
                    }
                }
                _ => {}
            }
        }
        Ok(own)
    }

    /// Reads, changes and writes a ticket, again if someone else wrote it meanwhile.
    pub async fn modify(
        &self,
        id: &str,
        mut change: impl FnMut(&mut Ticket) -> Result<(), TicketError>,
    ) -> Result<Ticket, TicketError> {
        for _ in 0..UPDATE_TRIES {
            let (mut ticket, version) = self.get(id).await?;
            change(&mut ticket)?;
            if self
                .store
                .update_ticket(&ticket.to_row(version + 1))
                .await?
            {
                return Ok(ticket);
            }
        }
        Err(TicketError::Busy(id.to_owned()))
    }

    pub async fn audit(
        &self,
        id: &str,
        action: &str,
        outcome: &str,
        detail: Value,
        now: i64,
    ) -> Result<(), TicketError> {
        self.store
            .audit(&[NewAudit {
                at_ms: now * 1000,
                subject: format!("ticket:{id}"),
                action: action.to_owned(),
                outcome: outcome.to_owned(),
                detail,
            }])
            .await?;
        Ok(())
    }
}

fn valid_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
}

fn proposed<'a>(
    t: &'a mut Ticket,
    decision_id: &str,
) -> Result<&'a mut StoredDecision, TicketError> {
    let d = t
        .decisions
        .iter_mut()
        .find(|d| d.id == decision_id)
        .ok_or_else(|| TicketError::NotFound(format!("decision {decision_id}")))?;
    if d.state != DecisionState::Proposed {
        return Err(TicketError::Conflict(format!(
            "decision {decision_id} is {:?}, not waiting for approval",
            d.state
        )));
    }
    Ok(d)
}

fn record_jobs(t: &mut Ticket, decision_id: &str, jobs: &[NewJob]) {
    if let Some(d) = t.decisions.iter_mut().find(|d| d.id == decision_id) {
        d.jobs = jobs.iter().map(|j| j.key.clone()).collect();
    }
}

/// The ticket as the agent reads it: the thread without internal notes, as of `now`.
fn agent_view(ticket: &Ticket, now: i64) -> AgentTicket {
    let at = |t: i64| {
        chrono::DateTime::from_timestamp(t, 0)
            .unwrap_or_default()
            .to_rfc3339()
    };
    AgentTicket {
        id: ticket.id.clone(),
        created_at: at(now),
        channel: Some("api".to_owned()),
        customer: TicketCustomer {
            email: ticket.email.clone(),
            name: ticket.name.clone(),
        },
        subject: ticket.subject.clone(),
        messages: ticket
            .messages
            .iter()
            .filter(|m| m.author != Author::Note)
            .map(|m| Message {
                author: match m.author {
                    Author::Customer => "customer",
                    _ => "agent",
                }
                .to_owned(),
                at: Some(at(m.at)),
                body: m.body.clone(),
            })
            .collect(),
    }
}

fn apply_links(t: &mut Ticket, decision: &Decision) {
    if let Some(c) = &decision.customer {
        t.customer = Some(c.clone());
        t.link(c);
    }
    t.tag(decision.intent.as_str());
    for action in &decision.actions {
        match action {
            Action::Refund { charge, .. } => t.link(charge),
            Action::CancelSubscription { subscription, .. } => t.link(subscription),
            Action::SendInvoice { invoice, charge } => {
                invoice.iter().chain(charge).for_each(|id| t.link(id))
            }
            Action::PaymentUpdateLink { invoice, .. } => invoice.iter().for_each(|id| t.link(id)),
        }
    }
}

fn outcome_word(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Resolved => "resolved",
        Outcome::Escalated => "escalated",
        Outcome::NeedsInfo => "needs_info",
    }
}

/// The team a queued or drafted decision waits with.
fn team_of(decision: &Decision) -> &'static str {
    decision.team.map_or("billing", |t| t.as_str())
}

/// One line per action, for the approval note.
fn summary(decision: &Decision) -> String {
    if decision.actions.is_empty() {
        return "no payment action".to_owned();
    }
    decision
        .actions
        .iter()
        .map(|a| match a {
            Action::Refund {
                charge,
                amount,
                currency,
            } => {
                format!("refund {amount} {currency} (minor units) of {charge}")
            }
            Action::CancelSubscription {
                subscription,
                at_period_end,
            } => format!(
                "cancel {subscription}{}",
                if *at_period_end {
                    " at period end"
                } else {
                    " now"
                }
            ),
            Action::SendInvoice { invoice, charge } => format!(
                "send the invoice link of {}",
                invoice.as_deref().or(charge.as_deref()).unwrap_or("?")
            ),
            Action::PaymentUpdateLink { customer, .. } => {
                format!("send {customer} a link to update the card")
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}
