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

//!
//! # Layout
//! - [`rules`]: which rule an event matches.
//! - [`actions`]: tickets and chat: open, note, close, post.
//! - [`disputes`]: one ticket per dispute.
//! - [`failed_payment`]: the failed-payment note and final-attempt email.
//! - [`messages`]: emails to customers (welcome, `message_customer`).

mod actions;
mod disputes;
mod failed_payment;
mod messages;
mod rules;

use std::sync::Arc;
use std::time::Duration;

use cel_interpreter::Program;
use paydesk_agent::lang::Lang;
use paydesk_store::{StoreError, StoredEvent};
use serde::Serialize;
use serde_json::Value;

use crate::config::{Config, PlaybookAction, PlaybookRule};
use crate::tickets::{TicketError, Tickets};

/// The checkpoint in `meta`.
const CHECKPOINT: &str = "playbooks.last_seq";
/// Events read per query.
const PAGE: u32 = 500;

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
    /// Tickets closed because of an event (a dispute decided, a `close_ticket` rule).
    pub tickets_closed: u64,
    /// Tickets a `close_ticket` rule left open because a person is handling them.
    pub tickets_kept_open: u64,
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
        // Playbooks read the mirror (a dispute's latest state, a customer's
        // email): only events it already holds are handled.
        let mirrored = store.sync_mirror().await?.unwrap_or(i64::MAX);
        loop {
            // Heads only: most events match a rule that does nothing, and
            // reading their payloads would slow the webhooks down.
            let page = store.event_heads_after(last, PAGE).await?;
            let full = page.len() == PAGE as usize;
            let page: Vec<_> = page
                .into_iter()
                .take_while(|(seq, _, _)| *seq <= mirrored)
                .collect();
            for (seq, id, event_type) in &page {
                self.handle(id, event_type, &mut report).await?;
                last = *seq;
            }
            if let Some((seq, _, _)) = page.last() {
                store.set_meta(CHECKPOINT, &seq.to_string()).await?;
            }
            if !full || last >= mirrored {
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
            if !rules::typed(&rule.config.events, event_type) {
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
                .is_some_and(|(_, e)| rules::condition(program, &rule.config.name, e))
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
            PlaybookAction::Nothing => Ok(()),
            PlaybookAction::DisputeTicket => self.dispute(stored, object, rule, now, report).await,
            PlaybookAction::OpenTicket => self.open_ticket(stored, object, rule, now, report).await,
            PlaybookAction::NoteOpenTicket => {
                self.note_open_tickets(stored, object, now, report).await
            }
            PlaybookAction::FailedPayment => self.failed_payment(stored, object, now, report).await,
            PlaybookAction::Welcome => self.welcome(stored, object, now, report).await,
            PlaybookAction::Chat => self.chat(stored, object, rule, now, report).await,
            PlaybookAction::MessageCustomer => {
                self.message_customer(stored, object, rule, now, report)
                    .await
            }
            PlaybookAction::CloseTicket => {
                self.close_tickets(stored, object, rule, now, report).await
            }
        }
    }
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
