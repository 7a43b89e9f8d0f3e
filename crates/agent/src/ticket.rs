//! A support ticket as paydesk reads it (the `simulate` input contract).

use serde::{Deserialize, Deserializer};

/// A ticket: who wrote, when, and the messages of the thread.
#[derive(Debug, Clone, Deserialize)]
pub struct Ticket {
    /// A string, or a helpdesk's numeric id (Zendesk, Freshdesk), kept as its digits.
    #[serde(deserialize_with = "string_or_integer")]
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

fn string_or_integer<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged, expecting = "a string or an integer")]
    enum Id {
        Text(String),
        Number(i64),
    }
    Ok(match Id::deserialize(d)? {
        Id::Text(s) => s,
        Id::Number(n) => n.to_string(),
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_helpdesk_number_is_a_ticket_id_and_anything_else_is_refused() {
        let line = |id: &str| {
            format!(r#"{{"id":{id},"created_at":"2026-03-02T10:15:00Z","messages":[]}}"#)
        };
        let numeric: Ticket = serde_json::from_str(&line("48213")).unwrap();
        let text: Ticket = serde_json::from_str(&line(r#""t-1""#)).unwrap();
        let wrong = serde_json::from_str::<Ticket>(&line("[1]")).unwrap_err();

        assert_eq!((numeric.id.as_str(), text.id.as_str()), ("48213", "t-1"));
        assert!(
            wrong.to_string().contains("a string or an integer"),
            "{wrong}"
        );
    }
}
