//! Subscriptions, invoices and invoice payments in both API shapes.

use serde::Serialize;

use super::stripe::{API24, Empty, invoice_url};

/// A subscription as the world tracks it.
pub struct Sub {
    pub id: String,
    pub item: String,
    pub customer: String,
    pub api: &'static str,
    pub plan: &'static str,
    pub title: &'static str,
    pub amount: i64,
    pub currency: &'static str,
    pub created: i64,
    pub start: i64,
    pub end: i64,
    pub status: &'static str,
    pub cancel_at_period_end: bool,
    pub cancel_at: Option<i64>,
    pub canceled_at: Option<i64>,
    pub ended_at: Option<i64>,
    pub latest_invoice: Option<String>,
}

#[derive(Serialize)]
struct SubJson<'a> {
    id: &'a str,
    object: &'static str,
    customer: &'a str,
    status: &'a str,
    cancel_at_period_end: bool,
    cancel_at: Option<i64>,
    canceled_at: Option<i64>,
    ended_at: Option<i64>,
    created: i64,
    start_date: i64,
    collection_method: &'static str,
    currency: &'a str,
    latest_invoice: Option<&'a str>,
    livemode: bool,
    metadata: Empty,
    #[serde(skip_serializing_if = "Option::is_none")]
    current_period_start: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    current_period_end: Option<i64>,
    items: List<Item<'a>>,
}

#[derive(Serialize)]
struct List<T> {
    object: &'static str,
    data: [T; 1],
    has_more: bool,
    total_count: u8,
}

fn list<T>(item: T) -> List<T> {
    List {
        object: "list",
        data: [item],
        has_more: false,
        total_count: 1,
    }
}

#[derive(Serialize)]
struct Item<'a> {
    id: &'a str,
    object: &'static str,
    quantity: u8,
    subscription: &'a str,
    price: Price<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    current_period_start: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    current_period_end: Option<i64>,
}

#[derive(Serialize)]
struct Price<'a> {
    id: String,
    object: &'static str,
    currency: &'a str,
    unit_amount: i64,
    product: String,
    nickname: &'a str,
}

impl Sub {
    /// The subscription's JSON; `status` overrides the tracked one (e.g. `incomplete`).
    pub fn json(&self, status: Option<&'static str>) -> impl Serialize + '_ {
        let old = self.api == API24;
        let period = |v: i64, top: bool| (old == top).then_some(v);
        SubJson {
            id: &self.id,
            object: "subscription",
            customer: &self.customer,
            status: status.unwrap_or(self.status),
            cancel_at_period_end: self.cancel_at_period_end,
            cancel_at: self.cancel_at,
            canceled_at: self.canceled_at,
            ended_at: self.ended_at,
            created: self.created,
            start_date: self.created,
            collection_method: "charge_automatically",
            currency: self.currency,
            latest_invoice: self.latest_invoice.as_deref(),
            livemode: false,
            metadata: Empty {},
            current_period_start: period(self.start, true),
            current_period_end: period(self.end, true),
            items: list(Item {
                id: &self.item,
                object: "subscription_item",
                quantity: 1,
                subscription: &self.id,
                price: Price {
                    id: format!("price_kk_{}_{}", self.plan, self.currency),
                    object: "price",
                    currency: self.currency,
                    unit_amount: self.amount,
                    product: format!("prod_kk_{}", self.plan),
                    nickname: self.title,
                },
                current_period_start: period(self.start, false),
                current_period_end: period(self.end, false),
            }),
        }
    }
}

/// An invoice of a subscription as the world tracks it.
pub struct Inv {
    pub id: String,
    pub number: String,
    pub reason: &'static str,
    pub created: i64,
    pub status: &'static str,
    pub attempts: i64,
    pub next_try: Option<i64>,
    pub paid_at: Option<i64>,
    /// The charge and payment intent that paid it (or failed, in the 2024 shape).
    pub charge: Option<(String, String)>,
    pub start: i64,
    pub end: i64,
}

#[derive(Serialize)]
struct InvJson<'a> {
    id: &'a str,
    object: &'static str,
    account_country: &'static str,
    account_name: &'static str,
    amount_due: i64,
    amount_paid: i64,
    amount_remaining: i64,
    attempt_count: i64,
    attempted: bool,
    billing_reason: &'static str,
    collection_method: &'static str,
    created: i64,
    currency: &'a str,
    customer: &'a str,
    customer_email: Option<&'a str>,
    hosted_invoice_url: Option<String>,
    livemode: bool,
    next_payment_attempt: Option<i64>,
    number: Option<&'a str>,
    period_start: i64,
    period_end: i64,
    status: &'static str,
    total: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    subscription: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    charge: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    payment_intent: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    paid: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent: Option<Parent<'a>>,
    lines: List<Line<'a>>,
}

#[derive(Serialize)]
struct Parent<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    subscription_details: SubDetails<'a>,
}

#[derive(Serialize)]
struct SubDetails<'a> {
    metadata: Empty,
    subscription: &'a str,
}

#[derive(Serialize)]
struct Line<'a> {
    id: String,
    object: &'static str,
    amount: i64,
    currency: &'a str,
    description: String,
    quantity: u8,
}

impl Inv {
    /// The invoice's JSON; `status` overrides the tracked one (e.g. `draft`).
    pub fn json<'a>(
        &'a self,
        sub: &'a Sub,
        email: Option<&'a str>,
        status: Option<&'static str>,
    ) -> impl Serialize + 'a {
        let status = status.unwrap_or(self.status);
        let (paid, draft) = (status == "paid", status == "draft");
        let old = sub.api == API24;
        let charge = self.charge.as_ref();
        InvJson {
            id: &self.id,
            object: "invoice",
            account_country: "DE",
            account_name: "Kaffeekante GmbH",
            amount_due: sub.amount,
            amount_paid: if paid { sub.amount } else { 0 },
            amount_remaining: if paid { 0 } else { sub.amount },
            attempt_count: self.attempts,
            attempted: self.attempts > 0,
            billing_reason: self.reason,
            collection_method: "charge_automatically",
            created: self.created,
            currency: sub.currency,
            customer: &sub.customer,
            customer_email: email,
            hosted_invoice_url: (!draft).then(|| invoice_url(&self.id)),
            livemode: false,
            next_payment_attempt: if paid { None } else { self.next_try },
            number: (!draft).then_some(self.number.as_str()),
            period_start: self.start,
            period_end: self.end,
            status,
            total: sub.amount,
            subscription: old.then_some(sub.id.as_str()),
            charge: old.then(|| charge.map(|c| c.0.as_str())),
            payment_intent: old.then(|| charge.map(|c| c.1.as_str())),
            paid: old.then_some(paid),
            parent: (!old).then(|| Parent {
                kind: "subscription_details",
                subscription_details: SubDetails {
                    metadata: Empty {},
                    subscription: &sub.id,
                },
            }),
            lines: list(Line {
                id: format!("il_{}", &self.id[3..]),
                object: "line_item",
                amount: sub.amount,
                currency: sub.currency,
                description: format!("1 × {}", sub.title),
                quantity: 1,
            }),
        }
    }
}

#[derive(Serialize)]
pub struct InvoicePayment<'a> {
    pub id: String,
    pub object: &'static str,
    pub amount_paid: i64,
    pub amount_requested: i64,
    pub created: i64,
    pub currency: &'a str,
    pub invoice: &'a str,
    pub is_default: bool,
    pub livemode: bool,
    pub payment: PaymentRef<'a>,
    pub status: &'static str,
}

#[derive(Serialize)]
pub struct PaymentRef<'a> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub payment_intent: &'a str,
}
