//! Charges, payment intents, refunds and disputes.

use serde::{Deserialize, Serialize};

use crate::json::{bool_at, i64_at, id_at, str_at};
use crate::tree::Node;

/// A charge: one attempt to move money from a card or other method.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Charge {
    pub id: String,
    pub customer: Option<String>,
    pub amount: i64,
    pub currency: String,
    pub status: String,
    pub created: Option<i64>,
    pub amount_refunded: i64,
    pub refunded: bool,
    pub disputed: bool,
    /// The shop's order: `metadata.order_id`.
    pub order_id: Option<String>,
    /// 2024 shape: `charge.invoice`; later versions link through invoice payments.
    pub invoice: Option<String>,
    pub payment_intent: Option<String>,
    pub receipt_url: Option<String>,
    pub last4: Option<String>,
    /// `billing_details.email`, else `receipt_email`, lowercased.
    pub email: Option<String>,
    pub billing_name: Option<String>,
    pub statement_descriptor: Option<String>,
    pub description: Option<String>,
    pub failure_code: Option<String>,
    pub failure_message: Option<String>,
    pub decline_code: Option<String>,
}

impl Charge {
    /// Reads a `charge` object.
    pub fn from_stripe<'v, J: Node<'v>>(v: J) -> Charge {
        let email = str_at(v, &["billing_details", "email"])
            .or_else(|| str_at(v, &["receipt_email"]))
            .map(|e| e.to_lowercase());
        Charge {
            id: str_at(v, &["id"]).unwrap_or_default(),
            customer: id_at(v, &["customer"]),
            amount: i64_at(v, &["amount"]).unwrap_or(0),
            currency: str_at(v, &["currency"]).unwrap_or_default().to_lowercase(),
            status: str_at(v, &["status"]).unwrap_or_default(),
            created: i64_at(v, &["created"]),
            amount_refunded: i64_at(v, &["amount_refunded"]).unwrap_or(0),
            refunded: bool_at(v, &["refunded"]),
            disputed: bool_at(v, &["disputed"]),
            order_id: order_id(v),
            invoice: id_at(v, &["invoice"]),
            payment_intent: id_at(v, &["payment_intent"]),
            receipt_url: str_at(v, &["receipt_url"]),
            last4: str_at(v, &["payment_method_details", "card", "last4"])
                .or_else(|| str_at(v, &["source", "last4"])),
            email,
            billing_name: str_at(v, &["billing_details", "name"]),
            statement_descriptor: str_at(v, &["calculated_statement_descriptor"])
                .or_else(|| str_at(v, &["statement_descriptor"])),
            description: str_at(v, &["description"]),
            failure_code: str_at(v, &["failure_code"]),
            failure_message: str_at(v, &["failure_message"]),
            decline_code: str_at(v, &["outcome", "reason"]),
        }
    }
}

/// The shop order an object belongs to, from `metadata.order_id` (string or number).
pub fn order_id<'v, J: Node<'v>>(v: J) -> Option<String> {
    let id = crate::json::at(v, &["metadata", "order_id"])?;
    match id.as_str() {
        Some(s) if !s.is_empty() => Some(s.to_string()),
        Some(_) => None,
        None => id.number_text(),
    }
}

/// A payment intent: the checkout-level payment that produces charges.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct PaymentIntent {
    pub id: String,
    pub customer: Option<String>,
    pub amount: i64,
    pub currency: String,
    pub status: String,
    pub created: Option<i64>,
    pub latest_charge: Option<String>,
    /// 2024 shape: `payment_intent.invoice`.
    pub invoice: Option<String>,
    pub order_id: Option<String>,
    pub email: Option<String>,
    pub last_error_code: Option<String>,
    pub decline_code: Option<String>,
}

impl PaymentIntent {
    /// Reads a `payment_intent` object.
    pub fn from_stripe<'v, J: Node<'v>>(v: J) -> PaymentIntent {
        // Old API versions embed the charges instead of naming the latest one.
        let latest_charge = id_at(v, &["latest_charge"]).or_else(|| {
            crate::json::list_at(v, &["charges"])
                .next_back()
                .and_then(|c| id_at(c, &["id"]))
        });
        PaymentIntent {
            id: str_at(v, &["id"]).unwrap_or_default(),
            customer: id_at(v, &["customer"]),
            amount: i64_at(v, &["amount"]).unwrap_or(0),
            currency: str_at(v, &["currency"]).unwrap_or_default().to_lowercase(),
            status: str_at(v, &["status"]).unwrap_or_default(),
            created: i64_at(v, &["created"]),
            latest_charge,
            invoice: id_at(v, &["invoice"]),
            order_id: order_id(v),
            email: str_at(v, &["receipt_email"]).map(|e| e.to_lowercase()),
            last_error_code: str_at(v, &["last_payment_error", "code"]),
            decline_code: str_at(v, &["last_payment_error", "decline_code"]),
        }
    }
}

/// A refund of (part of) a charge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Refund {
    pub id: String,
    pub charge: Option<String>,
    pub payment_intent: Option<String>,
    pub amount: i64,
    pub currency: String,
    pub status: String,
    pub created: Option<i64>,
    pub reason: Option<String>,
}

impl Refund {
    /// Reads a `refund` object.
    pub fn from_stripe<'v, J: Node<'v>>(v: J) -> Refund {
        Refund {
            id: str_at(v, &["id"]).unwrap_or_default(),
            charge: id_at(v, &["charge"]),
            payment_intent: id_at(v, &["payment_intent"]),
            amount: i64_at(v, &["amount"]).unwrap_or(0),
            currency: str_at(v, &["currency"]).unwrap_or_default().to_lowercase(),
            status: str_at(v, &["status"]).unwrap_or_default(),
            created: i64_at(v, &["created"]),
            reason: str_at(v, &["reason"]),
        }
    }
}

/// A dispute (chargeback) on a charge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Dispute {
    pub id: String,
    pub charge: Option<String>,
    pub payment_intent: Option<String>,
    pub amount: i64,
    pub currency: String,
    pub status: String,
    pub reason: Option<String>,
    /// `evidence_details.due_by`: the evidence deadline.
    pub due_by: Option<i64>,
    pub created: Option<i64>,
}

impl Dispute {
    /// Reads a `dispute` object.
    pub fn from_stripe<'v, J: Node<'v>>(v: J) -> Dispute {
        Dispute {
            id: str_at(v, &["id"]).unwrap_or_default(),
            charge: id_at(v, &["charge"]),
            payment_intent: id_at(v, &["payment_intent"]),
            amount: i64_at(v, &["amount"]).unwrap_or(0),
            currency: str_at(v, &["currency"]).unwrap_or_default().to_lowercase(),
            status: str_at(v, &["status"]).unwrap_or_default(),
            reason: str_at(v, &["reason"]),
            due_by: i64_at(v, &["evidence_details", "due_by"]),
            created: i64_at(v, &["created"]),
        }
    }
}
