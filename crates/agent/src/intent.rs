//! What a customer asks for: the twelve intents of DESIGN.md.

use serde::{Deserialize, Serialize};

/// An intent of a customer message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Intent {
    RefundRequest,
    RefundStatus,
    DuplicateCharge,
    UnrecognizedCharge,
    ChargedAfterCancel,
    CancelSubscription,
    PaymentFailed,
    UpdatePaymentMethod,
    InvoiceRequest,
    DisputeNotice,
    OrderStatus,
    Other,
}

impl Intent {
    /// Every intent, in a fixed order (the classifier's class order).
    pub const ALL: [Intent; 12] = [
        Intent::RefundRequest,
        Intent::RefundStatus,
        Intent::DuplicateCharge,
        Intent::UnrecognizedCharge,
        Intent::ChargedAfterCancel,
        Intent::CancelSubscription,
        Intent::PaymentFailed,
        Intent::UpdatePaymentMethod,
        Intent::InvoiceRequest,
        Intent::DisputeNotice,
        Intent::OrderStatus,
        Intent::Other,
    ];

    /// The snake_case name used in decisions and data files.
    pub fn as_str(self) -> &'static str {
        match self {
            Intent::RefundRequest => "refund_request",
            Intent::RefundStatus => "refund_status",
            Intent::DuplicateCharge => "duplicate_charge",
            Intent::UnrecognizedCharge => "unrecognized_charge",
            Intent::ChargedAfterCancel => "charged_after_cancel",
            Intent::CancelSubscription => "cancel_subscription",
            Intent::PaymentFailed => "payment_failed",
            Intent::UpdatePaymentMethod => "update_payment_method",
            Intent::InvoiceRequest => "invoice_request",
            Intent::DisputeNotice => "dispute_notice",
            Intent::OrderStatus => "order_status",
            Intent::Other => "other",
        }
    }

    /// The intent named `name`, if any.
    pub fn parse(name: &str) -> Option<Intent> {
        Intent::ALL.into_iter().find(|i| i.as_str() == name)
    }

    /// Position in [`Intent::ALL`].
    pub fn index(self) -> usize {
        Intent::ALL.iter().position(|i| *i == self).unwrap_or(0)
    }

    /// Whether the customer is asking about a payment (so an unlinked ticket needs info).
    pub fn is_payment(self) -> bool {
        !matches!(self, Intent::OrderStatus | Intent::Other)
    }
}

impl std::fmt::Display for Intent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
