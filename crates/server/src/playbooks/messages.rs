//! Emails to customers: in their language, once per idempotency key, only
//! about recent events, and counted as unsent when they cannot go out.

use paydesk_agent::lang::{self, Lang};
use paydesk_agent::reply::{self, ReplyFacts, Situation};
use paydesk_domain::ObjectState;
use paydesk_domain::objects::Customer;
use paydesk_store::history::objects;
use paydesk_store::{NewJob, StoredEvent, TicketFilter};
use serde_json::{Value, json};

use super::{Mail, PlaybookError, PlaybookReport, Playbooks};
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
