//! A customer's payment history as of an instant: the JSON contract of
//! `paydesk customer` and `GET /api/customers/{email_or_id}`.

use std::collections::HashMap;

use serde::Serialize;

use crate::objects::{Charge, Customer, Dispute, Invoice, InvoicePayment, PaymentIntent};
use crate::objects::{Refund, Subscription};
use crate::version::ObjectState;

/// All of one customer's payments in one place (times Unix seconds, amounts minor units).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CustomerHistory {
    pub customer: CustomerSummary,
    pub charges: Vec<ChargeRow>,
    pub refunds: Vec<RefundRow>,
    pub disputes: Vec<DisputeRow>,
    pub subscriptions: Vec<SubscriptionRow>,
    pub invoices: Vec<InvoiceRow>,
}

/// `customer` of the contract.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CustomerSummary {
    pub id: Option<String>,
    pub email: Option<String>,
    pub name: Option<String>,
}

/// One entry of `charges`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChargeRow {
    pub id: String,
    pub amount: i64,
    pub currency: String,
    pub status: String,
    pub created: Option<i64>,
    pub amount_refunded: i64,
    pub disputed: bool,
    pub order_id: Option<String>,
    pub invoice: Option<String>,
    pub receipt_url: Option<String>,
    pub last4: Option<String>,
}

/// One entry of `refunds`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RefundRow {
    pub id: String,
    pub charge: Option<String>,
    pub amount: i64,
    pub currency: String,
    pub status: String,
    pub created: Option<i64>,
}

/// One entry of `disputes`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DisputeRow {
    pub id: String,
    pub charge: Option<String>,
    pub amount: i64,
    pub currency: String,
    pub status: String,
    pub reason: Option<String>,
    pub due_by: Option<i64>,
    pub created: Option<i64>,
}

/// One entry of `subscriptions`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubscriptionRow {
    pub id: String,
    pub status: String,
    pub cancel_at_period_end: bool,
    pub canceled_at: Option<i64>,
    pub current_period_end: Option<i64>,
}

/// One entry of `invoices`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InvoiceRow {
    pub id: String,
    pub status: String,
    pub amount_due: i64,
    pub amount_paid: i64,
    pub currency: String,
    pub subscription: Option<String>,
    pub charge: Option<String>,
    pub attempt_count: i64,
    pub next_payment_attempt: Option<i64>,
    pub hosted_invoice_url: Option<String>,
    pub created: Option<i64>,
}

/// The latest states of one customer's objects, sorted by kind.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    pub customer: Option<Customer>,
    pub charges: Vec<Charge>,
    pub intents: Vec<PaymentIntent>,
    pub refunds: Vec<Refund>,
    pub disputes: Vec<Dispute>,
    pub subscriptions: Vec<Subscription>,
    pub invoices: Vec<Invoice>,
    pub invoice_payments: Vec<InvoicePayment>,
}

/// Builds the history from the latest state (as of the instant) of every
/// object of the customer. `fallback` names the customer when no customer
/// object is known (a guest checkout found by email, a deleted customer).
pub fn assemble_history(states: Vec<ObjectState>, fallback: CustomerSummary) -> CustomerHistory {
    history_of(&Snapshot::from_states(states), fallback)
}

/// The history contract's view of a snapshot.
pub fn history_of(b: &Snapshot, fallback: CustomerSummary) -> CustomerHistory {
    let links = Links::new(b);
    let customer = match &b.customer {
        Some(c) => CustomerSummary {
            id: Some(c.id.clone()),
            email: c.email.clone().or(fallback.email),
            name: c.name.clone().or(fallback.name),
        },
        None => fallback,
    };
    let mut charges: Vec<ChargeRow> = b.charges.iter().map(|c| links.charge_row(c)).collect();
    charges.sort_by(|a, b| b.created.cmp(&a.created).then_with(|| a.id.cmp(&b.id)));
    let mut refunds: Vec<RefundRow> = b.refunds.iter().map(refund_row).collect();
    refunds.sort_by(|a, b| b.created.cmp(&a.created).then_with(|| a.id.cmp(&b.id)));
    let mut disputes: Vec<DisputeRow> = b.disputes.iter().map(dispute_row).collect();
    disputes.sort_by(|a, b| b.created.cmp(&a.created).then_with(|| a.id.cmp(&b.id)));
    let mut subscriptions: Vec<(Option<i64>, SubscriptionRow)> = b
        .subscriptions
        .iter()
        .map(|s| (s.created, subscription_row(s)))
        .collect();
    subscriptions.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
    let mut invoices: Vec<InvoiceRow> = b
        .invoices
        .iter()
        .filter(|i| !i.deleted)
        .map(|i| links.invoice_row(i))
        .collect();
    invoices.sort_by(|a, b| b.created.cmp(&a.created).then_with(|| a.id.cmp(&b.id)));
    CustomerHistory {
        customer,
        charges,
        refunds,
        disputes,
        subscriptions: subscriptions.into_iter().map(|(_, s)| s).collect(),
        invoices,
    }
}

impl Snapshot {
    /// Sorts states by kind.
    pub fn from_states(states: Vec<ObjectState>) -> Snapshot {
        let mut b = Snapshot::default();
        for state in states {
            match state {
                ObjectState::Customer(c) => b.customer = Some(c),
                ObjectState::Charge(c) => b.charges.push(c),
                ObjectState::PaymentIntent(p) => b.intents.push(p),
                ObjectState::Refund(r) => b.refunds.push(r),
                ObjectState::Dispute(d) => b.disputes.push(d),
                ObjectState::Subscription(s) => b.subscriptions.push(s),
                ObjectState::Invoice(i) => b.invoices.push(i),
                ObjectState::InvoicePayment(p) => b.invoice_payments.push(p),
            }
        }
        b
    }
}

/// Cross-references between objects, whichever API version spelled them.
struct Links<'a> {
    intents: HashMap<&'a str, &'a PaymentIntent>,
    charge_by_intent: HashMap<&'a str, &'a str>,
    invoice_by_charge: HashMap<String, &'a str>,
    charge_by_invoice: HashMap<&'a str, String>,
    refunded: HashMap<&'a str, i64>,
    disputed: HashMap<&'a str, bool>,
}

impl<'a> Links<'a> {
    fn new(b: &'a Snapshot) -> Links<'a> {
        let intents = b.intents.iter().map(|p| (p.id.as_str(), p)).collect();
        let mut charge_by_intent: HashMap<&str, &str> = HashMap::new();
        for c in &b.charges {
            if let Some(pi) = c.payment_intent.as_deref() {
                // A payment intent's succeeded charge is the one that paid.
                if c.status == "succeeded" || !charge_by_intent.contains_key(pi) {
                    charge_by_intent.insert(pi, &c.id);
                }
            }
        }
        let mut links = Links {
            intents,
            charge_by_intent,
            invoice_by_charge: HashMap::new(),
            charge_by_invoice: HashMap::new(),
            refunded: HashMap::new(),
            disputed: HashMap::new(),
        };
        for inv in &b.invoices {
            let paid_by = b
                .invoice_payments
                .iter()
                .filter(|p| p.invoice.as_deref() == Some(&inv.id));
            let via_payment = paid_by.filter(|p| p.status == "paid").find_map(|p| {
                p.charge
                    .clone()
                    .or_else(|| links.intent_charge(p.payment_intent.as_deref()))
            });
            let charge = inv
                .charge
                .clone()
                .or(via_payment)
                .or_else(|| links.intent_charge(inv.payment_intent.as_deref()));
            if let Some(ch) = charge {
                links.invoice_by_charge.insert(ch.clone(), &inv.id);
                links.charge_by_invoice.insert(&inv.id, ch);
            }
        }
        for r in b
            .refunds
            .iter()
            .filter(|r| matches!(r.status.as_str(), "succeeded" | "pending"))
        {
            if let Some(ch) = r.charge.as_deref() {
                *links.refunded.entry(ch).or_default() += r.amount;
            }
        }
        for d in &b.disputes {
            if let Some(ch) = d.charge.as_deref() {
                links.disputed.insert(ch, true);
            }
        }
        links
    }

    fn intent_charge(&self, intent: Option<&str>) -> Option<String> {
        let intent = intent?;
        let latest = self
            .intents
            .get(intent)
            .and_then(|p| p.latest_charge.clone());
        latest.or_else(|| self.charge_by_intent.get(intent).map(|c| c.to_string()))
    }

    fn charge_row(&self, c: &Charge) -> ChargeRow {
        let invoice = c
            .invoice
            .clone()
            .or_else(|| self.invoice_by_charge.get(&c.id).map(|i| i.to_string()))
            .or_else(|| {
                let pi = c.payment_intent.as_deref()?;
                self.intents.get(pi).and_then(|p| p.invoice.clone())
            });
        let order_id = c.order_id.clone().or_else(|| {
            let pi = c.payment_intent.as_deref()?;
            self.intents.get(pi).and_then(|p| p.order_id.clone())
        });
        let refunds_seen = self.refunded.get(c.id.as_str()).copied().unwrap_or(0);
        ChargeRow {
            id: c.id.clone(),
            amount: c.amount,
            currency: c.currency.clone(),
            status: c.status.clone(),
            created: c.created,
            amount_refunded: c.amount_refunded.max(refunds_seen.min(c.amount)),
            disputed: c.disputed || self.disputed.contains_key(c.id.as_str()),
            order_id,
            invoice,
            receipt_url: c.receipt_url.clone(),
            last4: c.last4.clone(),
        }
    }

    fn invoice_row(&self, i: &Invoice) -> InvoiceRow {
        InvoiceRow {
            id: i.id.clone(),
            status: i.status.clone(),
            amount_due: i.amount_due,
            amount_paid: i.amount_paid,
            currency: i.currency.clone(),
            subscription: i.subscription.clone(),
            charge: self.charge_by_invoice.get(i.id.as_str()).cloned(),
            attempt_count: i.attempt_count,
            next_payment_attempt: i.next_payment_attempt,
            hosted_invoice_url: i.hosted_invoice_url.clone(),
            created: i.created,
        }
    }
}

fn refund_row(r: &Refund) -> RefundRow {
    RefundRow {
        id: r.id.clone(),
        charge: r.charge.clone(),
        amount: r.amount,
        currency: r.currency.clone(),
        status: r.status.clone(),
        created: r.created,
    }
}

fn dispute_row(d: &Dispute) -> DisputeRow {
    DisputeRow {
        id: d.id.clone(),
        charge: d.charge.clone(),
        amount: d.amount,
        currency: d.currency.clone(),
        status: d.status.clone(),
        reason: d.reason.clone(),
        due_by: d.due_by,
        created: d.created,
    }
}

fn subscription_row(s: &Subscription) -> SubscriptionRow {
    SubscriptionRow {
        id: s.id.clone(),
        status: s.status.clone(),
        cancel_at_period_end: s.cancel_at_period_end,
        canceled_at: s.canceled_at,
        current_period_end: s.current_period_end,
    }
}
