//! Payment-event playbooks: what an event does besides updating the mirror.
//! Rules from configuration (event types, a CEL condition, an action); the
//! first that matches decides. The defaults turn payment events into work
//! only where a person is needed: one ticket per dispute, closed when the
//! dispute is; notes on a customer's open tickets for refunds and invoices;
//! nothing for the rest.
//!
//! Playbooks read the event log in order behind a checkpoint (`meta`
//! `playbooks.last_seq`), after the event is committed. Every action is
//! idempotent per event (notes carry the event id, tickets have ids derived
//! from the event or the dispute, chat posts are outbox jobs keyed by rule
//! and event), so a crash between acting and checkpointing repeats nothing.
//! Disputes are kept to the dispute's latest mirrored state, so however its
//! events arrive — duplicated, out of order, closed before created — there
//! is one ticket per dispute and it ends with the final status.

use std::sync::Arc;
use std::time::Duration;

use cel_interpreter::{Context, Program, Value as CelValue};
use paydesk_domain::ObjectState;
use paydesk_store::{NewJob, StoreError, StoredEvent, TicketFilter};
use serde::Serialize;
use serde_json::{Value, json};

use crate::config::{PlaybookAction, PlaybookRule, PlaybooksConfig};
use crate::tickets::{Author, Status, Ticket, TicketError, Tickets};

/// The checkpoint in `meta`.
const CHECKPOINT: &str = "playbooks.last_seq";
/// Events read per query.
const PAGE: u32 = 500;

/// Dispute statuses after which nothing more happens.
fn dispute_closed(status: &str) -> bool {
    matches!(status, "won" | "lost" | "warning_closed")
}

/// Why a playbook step failed.
#[derive(Debug, thiserror::Error)]
pub enum PlaybookError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A ticket could not be written.
    #[error(transparent)]
    Ticket(#[from] TicketError),
}

struct Rule {
    config: PlaybookRule,
    when: Option<Program>,
}

/// What the playbooks did, for `paydesk replay-playbooks` and the logs.
#[derive(Debug, Default, Clone, Serialize, PartialEq)]
pub struct PlaybookReport {
    /// Events read.
    pub events_seen: u64,
    /// Tickets a one-ticket-per-event integration would have opened.
    pub naive_tickets: u64,
    /// Tickets the playbooks opened.
    pub tickets_opened: u64,
    /// Notes added to tickets.
    pub notes_added: u64,
    /// Tickets closed because of an event (a dispute decided).
    pub tickets_closed: u64,
    /// Chat posts queued.
    pub chat_posts: u64,
    /// Events per rule name.
    pub by_rule: std::collections::BTreeMap<String, u64>,
}

/// The compiled rules and what they act on.
pub struct Playbooks {
    rules: Vec<Rule>,
    tickets: Arc<Tickets>,
    chat_url: String,
}

impl Playbooks {
    /// Compiles the rules (the configuration was validated, so they compile).
    pub fn new(config: &PlaybooksConfig, tickets: Arc<Tickets>) -> Playbooks {
        let rules = config
            .rules
            .iter()
            .map(|r| Rule {
                when: (!r.when.trim().is_empty())
                    .then(|| Program::compile(&r.when).expect("validated at load")),
                config: r.clone(),
            })
            .collect();
        Playbooks {
            rules,
            tickets,
            chat_url: config.chat_webhook_url.expose().to_owned(),
        }
    }

    /// Handles every event after the checkpoint, moving it forward; returns what was done.
    pub async fn catch_up(&self) -> Result<PlaybookReport, PlaybookError> {
        let store = self.tickets.store().clone();
        let mut last: i64 = store
            .meta(CHECKPOINT)
            .await?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let mut report = PlaybookReport::default();
        loop {
            // Heads only: most events match a rule that does nothing, and
            // reading their payloads would slow the webhooks down.
            let page = store.event_heads_after(last, PAGE).await?;
            for (seq, id, event_type) in &page {
                self.handle(id, event_type, &mut report).await?;
                last = *seq;
            }
            if let Some((seq, _, _)) = page.last() {
                store.set_meta(CHECKPOINT, &seq.to_string()).await?;
            }
            if page.len() < PAGE as usize {
                return Ok(report);
            }
        }
    }

    /// The first rule matching an event; the event is read and parsed only
    /// when a condition or an action needs it (most events do nothing).
    async fn rule_for(
        &self,
        id: &str,
        event_type: &str,
        event: &mut Option<(StoredEvent, Value)>,
    ) -> Result<Option<&Rule>, PlaybookError> {
        for rule in &self.rules {
            let typed = rule
                .config
                .events
                .iter()
                .any(|pattern| match pattern.strip_suffix('*') {
                    Some(prefix) => event_type.starts_with(prefix),
                    None => pattern == event_type,
                });
            if !typed {
                continue;
            }
            let Some(program) = &rule.when else {
                return Ok(Some(rule));
            };
            if event.is_none() {
                *event = self.load(id).await?;
            }
            if event
                .as_ref()
                .is_some_and(|(_, e)| condition(program, &rule.config.name, e))
            {
                return Ok(Some(rule));
            }
        }
        Ok(None)
    }

    /// One stored event and its JSON; `None` if it is gone or unreadable.
    async fn load(&self, id: &str) -> Result<Option<(StoredEvent, Value)>, PlaybookError> {
        let Some(stored) = self.tickets.store().event(id).await? else {
            return Ok(None);
        };
        // Stored events passed the envelope parse; one that no longer does is skipped.
        Ok(serde_json::from_slice(&stored.raw)
            .ok()
            .map(|v| (stored, v)))
    }

    async fn handle(
        &self,
        id: &str,
        event_type: &str,
        report: &mut PlaybookReport,
    ) -> Result<(), PlaybookError> {
        report.events_seen += 1;
        report.naive_tickets += 1;
        let mut loaded = None;
        let Some(rule) = self.rule_for(id, event_type, &mut loaded).await? else {
            return Ok(());
        };
        if rule.config.action == PlaybookAction::Nothing {
            *report.by_rule.entry(rule.config.name.clone()).or_default() += 1;
            return Ok(());
        }
        if loaded.is_none() {
            loaded = self.load(id).await?;
        }
        let Some((stored, event)) = loaded else {
            return Ok(());
        };
        let stored = &stored;
        *report.by_rule.entry(rule.config.name.clone()).or_default() += 1;
        let object = &event["data"]["object"];
        let now = crate::ingest::now_ms() / 1000;
        match rule.config.action {
            PlaybookAction::Nothing => {}
            PlaybookAction::DisputeTicket => {
                self.dispute(stored, object, rule, now, report).await?
            }
            PlaybookAction::OpenTicket => {
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
            }
            PlaybookAction::NoteOpenTicket => {
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
            }
            PlaybookAction::Chat => {
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
            }
        }
        Ok(())
    }

    /// Adds a note about this event to a ticket, unless one is there already.
    async fn note_once(
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

    /// One ticket per dispute, kept to the dispute's latest mirrored state.
    async fn dispute(
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
        // The latest state, not this event's: order of arrival does not matter.
        let (dispute, charge) = self
            .tickets
            .live()
            .read(|world| {
                let dispute = match world.state_at(dispute_id, i64::MAX) {
                    Some(ObjectState::Dispute(d)) => Some(d),
                    _ => None,
                };
                let charge = dispute
                    .as_ref()
                    .and_then(|d| d.charge.as_deref())
                    .and_then(|c| match world.state_at(c, i64::MAX) {
                        Some(ObjectState::Charge(c)) => Some(c),
                        _ => None,
                    });
                (dispute, charge)
            })
            .await?;
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
        let amount = format!("{} {}", dispute.amount, dispute.currency.to_uppercase());
        let order = charge.as_ref().and_then(|c| c.order_id.clone());
        let customer = charge.as_ref().and_then(|c| c.customer.clone());
        let mut ticket = system_ticket(
            &id,
            now,
            rule.config.team.clone().or(Some("disputes".into())),
        );
        ticket.customer = customer.clone();
        ticket.subject = Some(format!(
            "Dispute {dispute_id}: {} — {amount} (minor units), evidence due {due}",
            dispute.reason.as_deref().unwrap_or("no reason given")
        ));
        ticket.tag("dispute");
        for link in [
            Some(dispute_id.to_owned()),
            dispute.charge.clone(),
            customer.clone(),
            order.clone(),
        ]
        .into_iter()
        .flatten()
        {
            ticket.link(&link);
        }
        let earlier = match &customer {
            Some(c) => self.customer_words(c).await?,
            None => Vec::new(),
        };
        let mut summary = format!(
            "Dispute opened: reason {}, amount {amount} (minor units), evidence due {due}, charge {}, order {}.",
            dispute.reason.as_deref().unwrap_or("none"),
            dispute.charge.as_deref().unwrap_or("unknown"),
            order.as_deref().unwrap_or("unknown"),
        );
        if !earlier.is_empty() {
            summary.push_str("\nThe customer's earlier messages:\n");
            summary.push_str(&earlier.join("\n"));
        }
        ticket.push(Author::Note, &summary, now, Some("paydesk"));
        if self.tickets.insert(&ticket).await? {
            report.tickets_opened += 1;
        }
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

/// Evaluates a rule's condition; an error or a non-boolean is "no" (and logged).
fn condition(program: &Program, rule: &str, event: &Value) -> bool {
    let mut context = Context::default();
    let vars = [
        ("event", event.clone()),
        ("object", event["data"]["object"].clone()),
        ("type", event["type"].clone()),
    ];
    for (name, value) in vars {
        if let Err(e) = context.add_variable(name, value) {
            tracing::warn!(rule, error = %e, "playbook condition: cannot read the event");
            return false;
        }
    }
    match program.execute(&context) {
        Ok(CelValue::Bool(b)) => b,
        Ok(other) => {
            tracing::warn!(rule, value = ?other, "playbook condition is not a boolean; rule skipped");
            false
        }
        Err(e) => {
            tracing::debug!(rule, error = %e, "playbook condition failed on this event; rule skipped");
            false
        }
    }
}

fn system_ticket(id: &str, now: i64, team: Option<String>) -> Ticket {
    Ticket {
        id: id.to_owned(),
        status: Status::Open,
        team,
        customer: None,
        email: None,
        name: None,
        subject: None,
        created_at: now,
        updated_at: now,
        tags: Vec::new(),
        links: Vec::new(),
        messages: Vec::new(),
        decisions: Vec::new(),
        // Nobody wrote: there is nothing for the agent to answer.
        agent_paused: true,
    }
}

fn customer_of(object: &Value) -> Option<String> {
    match &object["customer"] {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("id").and_then(Value::as_str).map(str::to_owned),
        _ if object["object"] == "customer" => object["id"].as_str().map(str::to_owned),
        _ => None,
    }
}

fn link_object(ticket: &mut Ticket, object: &Value) {
    for field in ["id", "charge", "invoice", "subscription", "payment_intent"] {
        if let Some(id) = object[field].as_str() {
            ticket.link(id);
        }
    }
}

/// `in_… 4900 eur paid`.
fn describe(object: &Value) -> String {
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

fn note_text(stored: &StoredEvent, object: &Value) -> String {
    format!("{}: {}", stored.event_type, describe(object))
}

/// Runs the playbooks until `shutdown`: catches up, then polls.
pub async fn run(
    playbooks: Arc<Playbooks>,
    poll: Duration,
    shutdown: impl std::future::Future<Output = ()>,
) {
    tokio::pin!(shutdown);
    loop {
        match playbooks.catch_up().await {
            Ok(r) if r.events_seen > 0 => tracing::debug!(
                events = r.events_seen,
                opened = r.tickets_opened,
                "playbooks"
            ),
            Ok(_) => {}
            Err(e) => {
                tracing::error!(error = %e, "playbooks: cannot read events or write tickets; will retry")
            }
        }
        tokio::select! {
            _ = &mut shutdown => return,
            _ = tokio::time::sleep(poll) => {}
        }
    }
}
