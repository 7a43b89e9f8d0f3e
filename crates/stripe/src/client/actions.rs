//! The actions paydesk takes on a merchant's Stripe account. Every one that
//! changes something carries an idempotency key: Stripe answers a repeat of
//! the same key with the first answer, so a retry, or a worker that crashed
//! between sending and recording, never refunds or cancels twice.

use serde_json::Value;

use super::{Client, Request};
use crate::ClientError;

/// `POST /v1/refunds`.
#[derive(Debug, Clone, PartialEq)]
pub struct RefundRequest {
    /// The charge to refund (`ch_…`).
    pub charge: String,
    /// Minor units; what remains refundable is checked by the policy before.
    pub amount: i64,
    /// Stripe's reason: `duplicate`, `fraudulent` or `requested_by_customer`.
    pub reason: Option<String>,
    /// Metadata to attach (the ticket, the decision), for the merchant's Dashboard.
    pub metadata: Vec<(String, String)>,
}

/// When a subscription ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CancelMode {
    /// Now: `DELETE /v1/subscriptions/{id}`.
    Immediately,
    /// At the end of the paid period: `cancel_at_period_end=true`.
    AtPeriodEnd,
}

impl Client {
    /// Creates a refund; returns Stripe's Refund object.
    pub async fn create_refund(
        &self,
        refund: &RefundRequest,
        idempotency_key: &str,
    ) -> Result<Value, ClientError> {
        let mut form = vec![
            ("charge".to_owned(), refund.charge.clone()),
            ("amount".to_owned(), refund.amount.to_string()),
        ];
        if let Some(reason) = &refund.reason {
            form.push(("reason".to_owned(), reason.clone()));
        }
        for (k, v) in &refund.metadata {
            form.push((format!("metadata[{k}]"), v.clone()));
        }
        self.json(&Request::post("/v1/refunds", &form, idempotency_key))
            .await
    }

    /// Cancels a subscription now or at the end of its period; returns the Subscription.
    pub async fn cancel_subscription(
        &self,
        subscription: &str,
        mode: CancelMode,
        idempotency_key: &str,
    ) -> Result<Value, ClientError> {
        let path = format!("/v1/subscriptions/{subscription}");
        match mode {
            CancelMode::Immediately => self.json(&Request::delete(&path, idempotency_key)).await,
            CancelMode::AtPeriodEnd => {
                let form = [("cancel_at_period_end".to_owned(), "true".to_owned())];
                self.json(&Request::post(&path, &form, idempotency_key))
                    .await
            }
        }
    }

    /// Creates a billing portal session (where the customer updates the card);
    /// returns the Session, whose `url` is the link to send.
    pub async fn create_portal_session(
        &self,
        customer: &str,
        return_url: Option<&str>,
        idempotency_key: &str,
    ) -> Result<Value, ClientError> {
        let mut form = vec![("customer".to_owned(), customer.to_owned())];
        if let Some(url) = return_url {
            form.push(("return_url".to_owned(), url.to_owned()));
        }
        self.json(&Request::post(
            "/v1/billing_portal/sessions",
            &form,
            idempotency_key,
        ))
        .await
    }

    /// Reads an invoice (for its current `hosted_invoice_url`).
    pub async fn retrieve_invoice(&self, invoice: &str) -> Result<Value, ClientError> {
        let path = format!("/v1/invoices/{invoice}");
        self.json(&Request::get(&path, &[])).await
    }

    async fn json(&self, request: &Request<'_>) -> Result<Value, ClientError> {
        let body = self.send(request).await?;
        serde_json::from_slice(&body).map_err(|err| ClientError::Decode {
            request: request.describe(),
            detail: err.to_string(),
        })
    }
}
