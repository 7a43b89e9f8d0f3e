//! Emails to customers: in their language, once per idempotency key, only
//! about recent events, and counted as unsent when they cannot go out.

use paydesk_agent::lang::{self, Lang};
use paydesk_agent::reply::{self, Money, ReplyFacts, Situation};
use paydesk_domain::ObjectState;
use paydesk_domain::objects::Customer;
use paydesk_store::history::objects;
use paydesk_store::{NewJob, StoredEvent, TicketFilter};
use serde_json::{Value, json};

use super::actions::customer_of;
use super::{Mail, PlaybookError, PlaybookReport, Playbooks, Rule};
use crate::tickets::Author;

/// One email a playbook sends: the template, the facts it states, and the
/// outbox idempotency key that makes it once.
pub(super) struct Email<'a> {
    /// The template (a situation sent unasked).
    pub situation: Situation,
    /// What it may state.
    pub facts: &'a ReplyFacts,
    /// The `email.send` job's key.
    pub key: String,
}

impl Playbooks {
    /// `do = "welcome"`: a welcome to a new customer, once per customer.
    pub(super) async fn welcome(
        &self,
        stored: &StoredEvent,
        object: &Value,
        now: i64,
        report: &mut PlaybookReport,
    ) -> Result<(), PlaybookError> {
        let Some(customer) = self.customer(object["id"].as_str()).await? else {
            return Ok(());
        };
        let facts = ReplyFacts {
            name: customer.name.clone(),
            ..ReplyFacts::default()
        };
        let key = format!("playbook:welcome:{}", customer.id);
        let mail = Email {
            situation: Situation::Welcome,
            facts: &facts,
            key,
        };
        self.email(&customer, mail, stored, now, report).await
    }

    /// `do = "message_customer"`: the rule's template to the event's
    /// customer, once per rule and event, stating only facts of the event's object.
    pub(super) async fn message_customer(
        &self,
        stored: &StoredEvent,
        object: &Value,
        rule: &Rule,
        now: i64,
        report: &mut PlaybookReport,
    ) -> Result<(), PlaybookError> {
        let Some(situation) = rule.config.situation() else {
            // Validated at load: unreachable with a loaded configuration.
            unsent(report, "the rule names no template");
            return Ok(());
        };
        let id = customer_of(object);
        let Some(customer) = self.customer(id.as_deref()).await? else {
            unsent(report, "no customer on record");
            return Ok(());
        };
        let mut facts = facts_of(&stored.event_type, object);
        facts.name = customer.name.clone();
        let mail = Email {
            situation,
            facts: &facts,
            key: format!("playbook:{}:{}", rule.config.name, stored.id),
        };
        self.email(&customer, mail, stored, now, report).await
    }

    /// The latest mirrored state of a customer.
    pub(super) async fn customer(
        &self,
        id: Option<&str>,
    ) -> Result<Option<Customer>, PlaybookError> {
        let Some(id) = id else {
            return Ok(None);
        };
        match objects(&**self.tickets.store(), &[id], i64::MAX)
            .await?
            .pop()
        {
            Some(ObjectState::Customer(c)) => Ok(Some(c)),
            _ => Ok(None),
        }
    }

    /// Queues an email to a customer, in their language, once per `mail.key`.
    pub(super) async fn email(
        &self,
        customer: &Customer,
        mail: Email<'_>,
        stored: &StoredEvent,
        now: i64,
        report: &mut PlaybookReport,
    ) -> Result<(), PlaybookError> {
        let Email {
            situation,
            facts,
            key,
        } = mail;
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
    pub(super) async fn language(&self, customer: &Customer) -> Result<Lang, PlaybookError> {
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
}

pub(super) fn unsent(report: &mut PlaybookReport, why: &str) {
    *report.messages_unsent.entry(why.to_owned()).or_default() += 1;
}

/// What a message may state about the event's object: the amount (refunded,
/// paid or due, by the object), its date, order, card and receipt or invoice link.
fn facts_of(event_type: &str, object: &Value) -> ReplyFacts {
    let amount = match object["object"].as_str() {
        Some("charge") if event_type.contains("refund") => object["amount_refunded"].as_i64(),
        Some("invoice") if object["status"] == "paid" => object["amount_paid"].as_i64(),
        Some("invoice") => object["amount_due"].as_i64(),
        Some("subscription") => None,
        _ => object["amount"].as_i64(),
    };
    let currency = object["currency"].as_str().map(str::to_owned);
    let date = [
        "ended_at",
        "canceled_at",
        "status_transitions.paid_at",
        "created",
    ]
    .iter()
    .find_map(|field| field.split('.').fold(object, |v, key| &v[key]).as_i64());
    let text = |v: &Value| v.as_str().map(str::to_owned);
    ReplyFacts {
        amount: amount
            .zip(currency)
            .map(|(amount, currency)| Money { amount, currency }),
        date,
        order_id: text(&object["metadata"]["order_id"]),
        last4: text(&object["payment_method_details"]["card"]["last4"]),
        url: text(&object["receipt_url"]).or_else(|| text(&object["hosted_invoice_url"])),
        ..ReplyFacts::default()
    }
}
