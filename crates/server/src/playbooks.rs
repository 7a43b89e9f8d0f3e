//! Payment-event playbooks: what an event does besides updating the mirror.
//! Rules from configuration (event types, a CEL condition, an action); the
//! first that matches decides. The defaults turn payment events into work
//! only where a person is needed: one ticket per dispute, closed when the
//! dispute is; notes on a customer's open tickets for refunds and invoices;
//! a summary note on failed invoice payments and, on the final attempt, an
//! email to the customer with the link to pay; a welcome email to a new
//! customer; nothing for the rest.
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
use paydesk_agent::lang::{self, Lang};
use paydesk_agent::reply::{self, Money, ReplyFacts, Situation, format_date, format_money};
use paydesk_domain::ObjectState;
use paydesk_domain::objects::Customer;
use paydesk_store::history::{objects, states};
use paydesk_store::{NewJob, StoreError, StoredEvent, TicketFilter, VersionFilter};
use serde::Serialize;
use serde_json::{Value, json};

use crate::config::{Config, PlaybookAction, PlaybookRule};
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
    /// Emails to customers queued (when replaying: that would be queued).
    pub customer_messages: u64,
    /// Emails the playbooks would send but did not, by reason.
    pub messages_unsent: std::collections::BTreeMap<String, u64>,
    /// Summary notes on failed payments added to open tickets.
    pub failed_payment_notes: u64,
    /// Events per rule name.
    pub by_rule: std::collections::BTreeMap<String, u64>,
}

/// What happens to an email a playbook decides to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mail {
    /// No SMTP server configured: counted as unsent.
    Off,
    /// Queued in the outbox as an `email.send` job.
    Send,
    /// Counted only (`replay-playbooks`).
    Count,
}

/// The compiled rules and what they act on.
pub struct Playbooks {
    rules: Vec<Rule>,
    tickets: Arc<Tickets>,
    chat_url: String,
    mail: Mail,
    message_max_age: i64,
    default_lang: Lang,
    /// Replaying: "now" is each event's own time, and emails are only counted.
    replay: bool,
}

impl Playbooks {
    /// Compiles the rules (the configuration was validated, so they compile).
    pub fn new(full: &Config, tickets: Arc<Tickets>) -> Playbooks {
        let config = &full.playbooks;
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
            mail: if full.email.smtp_url.expose().is_empty() {
                Mail::Off
            } else {
                Mail::Send
            },
            message_max_age: config.message_max_age_secs,
            default_lang: Lang::from_code(&config.default_language).unwrap_or(Lang::En),
            replay: false,
        }
    }

    /// For `replay-playbooks`: each event is handled as if it had just
    /// arrived, and emails are counted, not queued.
    pub fn replaying(mut self) -> Playbooks {
        self.replay = true;
        self.mail = Mail::Count;
        self
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
        let now = if self.replay {
            stored.created
        } else {
            crate::ingest::now_ms() / 1000
        };
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
            PlaybookAction::FailedPayment => {
                self.failed_payment(stored, object, now, report).await?
            }
            PlaybookAction::Welcome => {
                let customer = match object["id"].as_str() {
                    Some(id) => match objects(&**self.tickets.store(), &[id], i64::MAX)
                        .await?
                        .pop()
                    {
                        Some(ObjectState::Customer(c)) => Some(c),
                        _ => None,
                    },
                    None => None,
                };
                if let Some(customer) = customer {
                    let facts = ReplyFacts {
                        name: customer.name.clone(),
                        ..ReplyFacts::default()
                    };
                    let key = format!("playbook:welcome:{}", customer.id);
                    self.email(
                        &customer,
                        Situation::Welcome,
                        &facts,
                        key,
                        stored,
                        now,
                        report,
                    )
                    .await?;
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

    /// A failed invoice payment: a summary note on the customer's open
    /// tickets and, when Stripe will not retry, an email with the link to pay.
    async fn failed_payment(
        &self,
        stored: &StoredEvent,
        object: &Value,
        now: i64,
        report: &mut PlaybookReport,
    ) -> Result<(), PlaybookError> {
        let Some(invoice_id) = object["id"].as_str() else {
            return Ok(());
        };
        let store = self.tickets.store();
        // The invoice's latest state: paid since, or retried since, means no email.
        let Some(ObjectState::Invoice(invoice)) =
            objects(&**store, &[invoice_id], i64::MAX).await?.pop()
        else {
            return Ok(());
        };
        let Some(customer_id) = invoice.customer.clone() else {
            return Ok(());
        };
        let mut customer = None;
        let mut failed = Vec::new();
        for state in states(&**store, &VersionFilter::Customer(customer_id), i64::MAX).await? {
            match state {
                ObjectState::Customer(c) => customer = Some(c),
                ObjectState::Charge(c) if c.status == "failed" => failed.push(c),
                _ => {}
            }
        }
        failed.sort_by_key(|c| std::cmp::Reverse(c.created));
        let this = invoice
            .charge
            .as_deref()
            .and_then(|id| failed.iter().find(|c| c.id == id));
        let due = Money {
            amount: invoice.amount_due - invoice.amount_paid,
            currency: invoice.currency.clone(),
        };
        let final_attempt = invoice.status == "open" && invoice.next_payment_attempt.is_none();

        // The note, for whoever handles the customer's open tickets.
        let mut note = format!(
            "Payment failed: invoice {}, {} due, attempt {}.",
            invoice.number.as_deref().unwrap_or(&invoice.id),
            format_money(&due, Lang::En),
            invoice.attempt_count
        );
        if let Some(c) = this {
            let code = c.decline_code.as_deref().or(c.failure_code.as_deref());
            note.push_str(&format!(
                " Declined: {}{}.",
                code.unwrap_or("no code"),
                c.failure_message
                    .as_deref()
                    .map_or(String::new(), |m| format!(" ({m})"))
            ));
        }
        match (invoice.status.as_str(), invoice.next_payment_attempt) {
            ("open", Some(t)) => note.push_str(&format!(
                " Next automatic retry: {}.",
                format_date(t, Lang::En)
            )),
            ("open", None) => note.push_str(
                " No retry is scheduled: this was the final attempt; the customer is emailed the link to pay.",
            ),
            (status, _) => note.push_str(&format!(" The invoice is now {status}.")),
        }
        let earlier: Vec<_> = failed
            .iter()
            .filter(|c| Some(c.id.as_str()) != invoice.charge.as_deref())
            .collect();
        if earlier.is_empty() {
            note.push_str(" No earlier failed payments.");
        } else {
            let list = earlier
                .iter()
                .take(3)
                .map(|c| {
                    let money = Money {
                        amount: c.amount,
                        currency: c.currency.clone(),
                    };
                    let at = c
                        .created
                        .map_or("?".to_owned(), |t| format_date(t, Lang::En));
                    format!("{} on {at}", format_money(&money, Lang::En))
                })
                .collect::<Vec<_>>()
                .join(", ");
            note.push_str(&format!(
                " Earlier failed payments: {} ({list}{}).",
                earlier.len(),
                if earlier.len() > 3 { ", …" } else { "" }
            ));
        }
        let filter = TicketFilter {
            customer: invoice.customer.clone(),
            limit: 100,
            ..TicketFilter::default()
        };
        for row in store.tickets(&filter).await? {
            if row.status == "closed" || row.status == "solved" {
                continue;
            }
            if self.note_once(&row.id, stored, &note, now).await? {
                report.failed_payment_notes += 1;
            }
        }

        if !final_attempt {
            return Ok(());
        }
        let Some(customer) = customer else {
            unsent(report, "no customer on record");
            return Ok(());
        };
        if invoice.hosted_invoice_url.is_none() {
            unsent(report, "the invoice has no payment link");
            return Ok(());
        }
        let facts = ReplyFacts {
            name: customer.name.clone(),
            amount: Some(due),
            url: invoice.hosted_invoice_url.clone(),
            ..ReplyFacts::default()
        };
        let key = format!("playbook:payment_failed_final:{}", invoice.id);
        self.email(
            &customer,
            Situation::PaymentFailedFinal,
            &facts,
            key,
            stored,
            now,
            report,
        )
        .await
    }

    /// Queues an email to a customer, in their language, once per `key`.
    #[allow(clippy::too_many_arguments)]
    async fn email(
        &self,
        customer: &Customer,
        situation: Situation,
        facts: &ReplyFacts,
        key: String,
        stored: &StoredEvent,
        now: i64,
        report: &mut PlaybookReport,
    ) -> Result<(), PlaybookError> {
        if now - stored.created > self.message_max_age {
            unsent(report, "the event is older than message_max_age_secs");
            return Ok(());
        }
        let Some(to) = customer.email.clone().filter(|_| !customer.deleted) else {
            unsent(report, "no email address");
            return Ok(());
        };
        let lang = self.language(customer).await?;
        let (text, english) = match reply::render(situation, lang, facts) {
            Ok(r) => (r.text, r.english),
            Err(e) => {
                tracing::error!(error = %e, "playbook email: template failed");
                unsent(report, "the template failed");
                return Ok(());
            }
        };
        let subject = reply::subject(situation, lang).unwrap_or(situation.as_str());
        match self.mail {
            Mail::Off => unsent(report, "no email server configured ([email] smtp_url)"),
            Mail::Count => report.customer_messages += 1,
            Mail::Send => {
                let job = NewJob {
                    key,
                    kind: crate::email::KIND.to_owned(),
                    subject: format!("customer:{}", customer.id),
                    payload: json!({
                        "to": to,
                        "subject": subject,
                        "text": text,
                        "lang": lang.code(),
                        "english": english,
                        "event": stored.id,
                    }),
                    due_at_ms: now * 1000,
                };
                if self.tickets.store().enqueue(&[job], now * 1000).await?[0].new {
                    report.customer_messages += 1;
                }
            }
        }
        Ok(())
    }

    /// The customer's language: Stripe's `preferred_locales`, else the
    /// language of their latest message on a ticket, else the default.
    async fn language(&self, customer: &Customer) -> Result<Lang, PlaybookError> {
        let preferred = customer
            .preferred_locales
            .iter()
            .find_map(|l| Lang::from_code(&l.get(..2).unwrap_or("").to_ascii_lowercase()));
        if let Some(lang) = preferred {
            return Ok(lang);
        }
        let filter = TicketFilter {
            customer: Some(customer.id.clone()),
            limit: 5,
            ..TicketFilter::default()
        };
        let latest = self
            .tickets
            .list(&filter)
            .await?
            .into_iter()
            .flat_map(|t| t.messages)
            .filter(|m| m.author == Author::Customer)
            .max_by_key(|m| m.at);
        Ok(latest.map_or(self.default_lang, |m| lang::detect(&m.body)))
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

fn unsent(report: &mut PlaybookReport, why: &str) {
    *report.messages_unsent.entry(why.to_owned()).or_default() += 1;
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

/// A ticket paydesk opens itself: nobody wrote, so the agent has nothing to answer.
fn system_ticket(id: &str, now: i64, team: Option<String>) -> Ticket {
    let mut ticket = Ticket::new(id, now);
    ticket.team = team;
    ticket.agent_paused = true;
    ticket
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
