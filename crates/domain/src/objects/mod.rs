//! Typed views of the payment objects paydesk mirrors. Each view keeps the
//! fields support needs and reads them from any API version Stripe sends.

mod billing;
mod payment;

pub use billing::{Customer, Invoice, InvoicePayment, Subscription};
pub use payment::{Charge, Dispute, PaymentIntent, Refund};

/// The kinds of Stripe objects the mirror keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ObjectType {
    /// `customer`
    Customer,
    /// `charge`
    Charge,
    /// `payment_intent`
    PaymentIntent,
    /// `refund`
    Refund,
    /// `dispute`
    Dispute,
    /// `subscription`
    Subscription,
    /// `invoice`
    Invoice,
    /// `invoice_payment` (2025+ API: links invoices and payments)
    InvoicePayment,
}

impl ObjectType {
    /// Every mirrored kind.
    pub const ALL: [ObjectType; 8] = [
        ObjectType::Customer,
        ObjectType::Charge,
        ObjectType::PaymentIntent,
        ObjectType::Refund,
        ObjectType::Dispute,
        ObjectType::Subscription,
        ObjectType::Invoice,
        ObjectType::InvoicePayment,
    ];

    /// Stripe's name for the kind, as in the object's `object` field.
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectType::Customer => "customer",
            ObjectType::Charge => "charge",
            ObjectType::PaymentIntent => "payment_intent",
            ObjectType::Refund => "refund",
            ObjectType::Dispute => "dispute",
            ObjectType::Subscription => "subscription",
            ObjectType::Invoice => "invoice",
            ObjectType::InvoicePayment => "invoice_payment",
        }
    }

    /// The kind named by Stripe's `object` field, if the mirror keeps it.
    pub fn from_stripe(name: &str) -> Option<ObjectType> {
        ObjectType::ALL.into_iter().find(|t| t.as_str() == name)
    }
}

impl std::fmt::Display for ObjectType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
