//! What the agent decided, named the way the reply templates name it.

/// What the agent decided, as far as the reply is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Situation {
    /// We could not find their payment: ask for the order number or the email used to pay.
    NeedsInfoUnlinked,
    /// Several active subscriptions (`count`): which one to cancel?
    NeedsInfoWhichSubscription,
    /// The message names a payment the sender's email does not match: billing will verify.
    EscalatedIdentity,
    /// We refunded `amount`; it takes 5–10 business days to show.
    RefundIssued,
    /// The charge was already refunded (`refunds`).
    RefundAlreadyDone,
    /// A refund needs a colleague's review (billing); no refund is promised.
    RefundEscalated,
    /// The status of each refund in `refunds`.
    RefundStatusList,
    /// No refund on record: billing will check.
    RefundStatusUnknown,
    /// The duplicate charge of `amount` on `date` was refunded.
    DuplicateRefunded,
    /// No duplicate on record; a pending authorization drops off on its own; billing double-checks.
    DuplicateNotFound,
    /// A duplicate is likely; billing will review it.
    DuplicateEscalated,
    /// The charge of `amount` on `date` appears as `descriptor`: it is from this shop.
    UnrecognizedExplained,
    /// No such charge found: the risk team looks into it (no refund promised).
    UnrecognizedEscalated,
    /// The charge after cancellation (`amount`, `date`) was refunded.
    ChargedAfterCancelRefunded,
    /// Billing will check the cancellation and the charge.
    ChargedAfterCancelEscalated,
    /// The subscription ends on `date`; no further charges.
    CancelAtPeriodEnd,
    /// The subscription is cancelled now.
    CancelImmediately,
    /// No active subscription: nothing will be charged.
    CancelNoneActive,
    /// A secure link (`url`) to update the card or pay; the next retry if known.
    PaymentUpdateLink,
    /// The invoice or receipt link (`url`).
    InvoiceSent,
    /// The payment meant was not found: billing will send the invoice.
    InvoiceNotFound,
    /// A dispute with the bank: the disputes team handles it (never the evidence deadline).
    DisputeEscalated,
    /// An order or shipping question: the support team answers.
    OrderStatusEscalated,
    /// Anything else: forwarded to the support team.
    OtherEscalated,
    /// Sent unasked (a playbook): the invoice's last automatic attempt failed; pay at `url`.
    PaymentFailedFinal,
    /// Sent unasked (a playbook): welcome to a new customer.
    Welcome,
    /// Sent unasked (a playbook rule's `message_customer`): a refund of `amount` is on its way.
    RefundSent,
    /// Sent unasked (a playbook rule's `message_customer`): the payment of `amount` arrived; receipt at `url`.
    PaymentReceived,
    /// Sent unasked (a playbook rule's `message_customer`): the subscription ended (on `date`).
    SubscriptionEnded,
}

impl Situation {
    /// Every situation, in declaration order.
    pub const ALL: [Situation; 29] = [
        Situation::NeedsInfoUnlinked,
        Situation::NeedsInfoWhichSubscription,
        Situation::EscalatedIdentity,
        Situation::RefundIssued,
        Situation::RefundAlreadyDone,
        Situation::RefundEscalated,
        Situation::RefundStatusList,
        Situation::RefundStatusUnknown,
        Situation::DuplicateRefunded,
        Situation::DuplicateNotFound,
        Situation::DuplicateEscalated,
        Situation::UnrecognizedExplained,
        Situation::UnrecognizedEscalated,
        Situation::ChargedAfterCancelRefunded,
        Situation::ChargedAfterCancelEscalated,
        Situation::CancelAtPeriodEnd,
        Situation::CancelImmediately,
        Situation::CancelNoneActive,
        Situation::PaymentUpdateLink,
        Situation::InvoiceSent,
        Situation::InvoiceNotFound,
        Situation::DisputeEscalated,
        Situation::OrderStatusEscalated,
        Situation::OtherEscalated,
        Situation::PaymentFailedFinal,
        Situation::Welcome,
        Situation::RefundSent,
        Situation::PaymentReceived,
        Situation::SubscriptionEnded,
    ];

    /// The snake_case name, as serialized and as keyed in the template files.
    pub fn as_str(self) -> &'static str {
        match self {
            Situation::NeedsInfoUnlinked => "needs_info_unlinked",
            Situation::NeedsInfoWhichSubscription => "needs_info_which_subscription",
            Situation::EscalatedIdentity => "escalated_identity",
            Situation::RefundIssued => "refund_issued",
            Situation::RefundAlreadyDone => "refund_already_done",
            Situation::RefundEscalated => "refund_escalated",
            Situation::RefundStatusList => "refund_status_list",
            Situation::RefundStatusUnknown => "refund_status_unknown",
            Situation::DuplicateRefunded => "duplicate_refunded",
            Situation::DuplicateNotFound => "duplicate_not_found",
            Situation::DuplicateEscalated => "duplicate_escalated",
            Situation::UnrecognizedExplained => "unrecognized_explained",
            Situation::UnrecognizedEscalated => "unrecognized_escalated",
            Situation::ChargedAfterCancelRefunded => "charged_after_cancel_refunded",
            Situation::ChargedAfterCancelEscalated => "charged_after_cancel_escalated",
            Situation::CancelAtPeriodEnd => "cancel_at_period_end",
            Situation::CancelImmediately => "cancel_immediately",
            Situation::CancelNoneActive => "cancel_none_active",
            Situation::PaymentUpdateLink => "payment_update_link",
            Situation::InvoiceSent => "invoice_sent",
            Situation::InvoiceNotFound => "invoice_not_found",
            Situation::DisputeEscalated => "dispute_escalated",
            Situation::OrderStatusEscalated => "order_status_escalated",
            Situation::OtherEscalated => "other_escalated",
            Situation::PaymentFailedFinal => "payment_failed_final",
            Situation::Welcome => "welcome",
            Situation::RefundSent => "refund_sent",
            Situation::PaymentReceived => "payment_received",
            Situation::SubscriptionEnded => "subscription_ended",
        }
    }

    /// Whether paydesk sends it on its own (a playbook's email, with a
    /// subject line) rather than as the answer to a customer's message.
    pub fn unasked(self) -> bool {
        matches!(
            self,
            Situation::PaymentFailedFinal
                | Situation::Welcome
                | Situation::RefundSent
                | Situation::PaymentReceived
                | Situation::SubscriptionEnded
        )
    }

    /// The situation a snake_case name stands for.
    pub fn from_name(name: &str) -> Option<Situation> {
        Situation::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

impl std::fmt::Display for Situation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
