//! Customers, subscriptions, invoices and invoice payments.

use serde::{Deserialize, Serialize};

use crate::json::{bool_at, i64_at, id_at, list_at, str_at};
use crate::tree::Node;

/// A Stripe customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Customer {
    pub id: String,
    /// Lowercased, for matching tickets by email.
    pub email: Option<String>,
    pub name: Option<String>,
    pub created: Option<i64>,
    pub deleted: bool,
    pub preferred_locales: Vec<String>,
}

impl Customer {
    /// Reads a `customer` object (also the stub Stripe sends for a deleted customer).
    pub fn from_stripe<'v, J: Node<'v>>(v: J) -> Customer {
        let preferred_locales = crate::json::at(v, &["preferred_locales"])
            .and_then(J::array)
            .map(|l| l.filter_map(|x| x.as_str().map(str::to_string)).collect())
            .unwrap_or_default();
        Customer {
            id: str_at(v, &["id"]).unwrap_or_default(),
            email: str_at(v, &["email"]).map(|e| e.to_lowercase()),
            name: str_at(v, &["name"]),
            created: i64_at(v, &["created"]),
            deleted: bool_at(v, &["deleted"]),
            preferred_locales,
        }
    }
}

/// A subscription.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Subscription {
    pub id: String,
    pub customer: Option<String>,
    pub status: String,
    pub cancel_at_period_end: bool,
    pub cancel_at: Option<i64>,
    pub canceled_at: Option<i64>,
    /// Top-level before 2025-03-31; on the subscription items since.
    pub current_period_end: Option<i64>,
    pub created: Option<i64>,
    pub latest_invoice: Option<String>,
}

impl Subscription {
    /// Reads a `subscription` object.
    pub fn from_stripe<'v, J: Node<'v>>(v: J) -> Subscription {
        let current_period_end = i64_at(v, &["current_period_end"]).or_else(|| {
            list_at(v, &["items"])
                .filter_map(|i| i64_at(i, &["current_period_end"]))
                .max()
        });
        Subscription {
            id: str_at(v, &["id"]).unwrap_or_default(),
            customer: id_at(v, &["customer"]),
            status: str_at(v, &["status"]).unwrap_or_default(),
            cancel_at_period_end: bool_at(v, &["cancel_at_period_end"]),
            cancel_at: i64_at(v, &["cancel_at"]),
            canceled_at: i64_at(v, &["canceled_at"]),
            current_period_end,
            created: i64_at(v, &["created"]),
            latest_invoice: id_at(v, &["latest_invoice"]),
        }
    }
}

/// An invoice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Invoice {
    pub id: String,
    pub customer: Option<String>,
    pub status: String,
    pub amount_due: i64,
    pub amount_paid: i64,
    pub currency: String,
    /// 2024: `invoice.subscription`; 2025+: `parent.subscription_details.subscription`.
    pub subscription: Option<String>,
    /// 2024: `invoice.charge`; 2025+: from the embedded `payments` list.
    pub charge: Option<String>,
    /// 2024: `invoice.payment_intent`; 2025+: from the embedded `payments` list.
    pub payment_intent: Option<String>,
    pub attempt_count: i64,
    pub next_payment_attempt: Option<i64>,
    pub hosted_invoice_url: Option<String>,
    pub invoice_pdf: Option<String>,
    pub number: Option<String>,
    pub billing_reason: Option<String>,
    pub created: Option<i64>,
    pub deleted: bool,
}

impl Invoice {
    /// Reads an `invoice` object.
    pub fn from_stripe<'v, J: Node<'v>>(v: J) -> Invoice {
        let subscription = id_at(v, &["subscription"])
            .or_else(|| id_at(v, &["parent", "subscription_details", "subscription"]));
        let paid_payment = list_at(v, &["payments"])
            .find(|p| str_at(*p, &["status"]).as_deref() == Some("paid"))
            .or_else(|| list_at(v, &["payments"]).next());
        let charge = id_at(v, &["charge"])
            .or_else(|| paid_payment.and_then(|p| id_at(p, &["payment", "charge"])));
        let payment_intent = id_at(v, &["payment_intent"])
            .or_else(|| paid_payment.and_then(|p| id_at(p, &["payment", "payment_intent"])));
        Invoice {
            id: str_at(v, &["id"]).unwrap_or_default(),
            customer: id_at(v, &["customer"]),
            status: str_at(v, &["status"]).unwrap_or_default(),
            amount_due: i64_at(v, &["amount_due"]).unwrap_or(0),
            amount_paid: i64_at(v, &["amount_paid"]).unwrap_or(0),
            currency: str_at(v, &["currency"]).unwrap_or_default().to_lowercase(),
            subscription,
            charge,
            payment_intent,
            attempt_count: i64_at(v, &["attempt_count"]).unwrap_or(0),
            next_payment_attempt: i64_at(v, &["next_payment_attempt"]),
            hosted_invoice_url: str_at(v, &["hosted_invoice_url"]),
            invoice_pdf: str_at(v, &["invoice_pdf"]),
            number: str_at(v, &["number"]),
            billing_reason: str_at(v, &["billing_reason"]),
            created: i64_at(v, &["created"]),
            deleted: bool_at(v, &["deleted"]),
        }
    }
}

/// A 2025+ `invoice_payment`: which payment paid which invoice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct InvoicePayment {
    pub id: String,
    pub invoice: Option<String>,
    pub payment_intent: Option<String>,
    pub charge: Option<String>,
    pub status: String,
    pub amount_paid: Option<i64>,
    pub currency: String,
    pub created: Option<i64>,
}

impl InvoicePayment {
    /// Reads an `invoice_payment` object.
    pub fn from_stripe<'v, J: Node<'v>>(v: J) -> InvoicePayment {
        InvoicePayment {
            id: str_at(v, &["id"]).unwrap_or_default(),
            invoice: id_at(v, &["invoice"]),
            payment_intent: id_at(v, &["payment", "payment_intent"]),
            charge: id_at(v, &["payment", "charge"]),
            status: str_at(v, &["status"]).unwrap_or_default(),
            amount_paid: i64_at(v, &["amount_paid"]),
            currency: str_at(v, &["currency"]).unwrap_or_default().to_lowercase(),
            created: i64_at(v, &["created"]),
        }
    }
}
