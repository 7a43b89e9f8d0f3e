//! `do = "failed_payment"`: a summary note on the customer's open tickets
//! and, on the final attempt, an email with the link to pay.

use paydesk_agent::lang::Lang;
use paydesk_agent::reply::{Money, ReplyFacts, Situation, format_date, format_money};
use paydesk_domain::ObjectState;
use paydesk_store::history::{objects, states};
use paydesk_store::{StoredEvent, TicketFilter, VersionFilter};
use serde_json::Value;

use super::messages::{Email, unsent};
use super::{PlaybookError, PlaybookReport, Playbooks};

impl Playbooks {
    /// A failed invoice payment: a summary note on the customer's open
    /// tickets and, when Stripe will not retry, an email with the link to pay.
    pub(super) async fn failed_payment(
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
        let mail = Email {
            situation: Situation::PaymentFailedFinal,
            facts: &facts,
            key,
        };
        self.email(&customer, mail, stored, now, report).await
    }
}
