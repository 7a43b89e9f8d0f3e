//! A support ticket as paydesk reads it (the `simulate` input contract).

use serde::Deserialize;

/// A ticket: who wrote, when, and the messages of the thread.
#[derive(Debug, Clone, Deserialize)]
pub struct Ticket {
    pub id: String,
    /// RFC 3339: the decision sees the payment state as of this instant.
    pub created_at: String,
    #[serde(default)]
    pub channel: Option<String>,
    #[serde(default)]
    pub customer: TicketCustomer,
    #[serde(default)]
    pub subject: Option<String>,
    pub messages: Vec<Message>,
}

/// The sender as the helpdesk knows them.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TicketCustomer {
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
}

/// One message of the thread.
#[derive(Debug, Clone, Deserialize)]
pub struct Message {
    /// `customer` or `agent`.
    pub author: String,
    #[serde(default)]
    pub at: Option<String>,
    pub body: String,
}

/// Why a ticket cannot be decided.
#[derive(Debug, Clone, thiserror::Error, PartialEq)]
pub enum TicketError {
    #[error("ticket {0} has no message from the customer")]
    NoCustomerMessage(String),
    #[error("ticket {id}: created_at `{value}` is not an RFC 3339 time")]
    BadTime { id: String, value: String },
}

impl Ticket {
    /// The ticket's time, Unix seconds.
    pub fn time(&self) -> Result<i64, TicketError> {
        chrono::DateTime::parse_from_rfc3339(&self.created_at)
            .map(|t| t.timestamp())
            .map_err(|_| TicketError::BadTime {
                id: self.id.clone(),
                value: self.created_at.clone(),
            })
    }

    /// The message to answer (the last from the customer) and the customer's earlier ones.
    pub fn customer_messages(&self) -> Result<(&Message, Vec<&Message>), TicketError> {
        let mut own: Vec<&Message> = self
            .messages
            .iter()
            .filter(|m| m.author == "customer")
            .collect();
        let last = own
            .pop()
            .ok_or_else(|| TicketError::NoCustomerMessage(self.id.clone()))?;
        Ok((last, own))
    }
}
