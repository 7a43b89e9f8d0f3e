//! Ticket rows: the columns lists filter on, and the ticket itself as a JSON
//! document that the service owns. Updates are optimistic on `version`.

use serde_json::Value;

use crate::StoreError;

/// A ticket as the store holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct TicketRow {
    /// The ticket's id.
    pub id: String,
    /// `open`, `pending`, `solved` or `closed`.
    pub status: String,
    /// The team it is with, if any.
    pub team: Option<String>,
    /// The linked Stripe customer, if any.
    pub customer: Option<String>,
    /// The customer's email (lowercase), if known.
    pub email: Option<String>,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds.
    pub updated_at: i64,
    /// Starts at 1; each update adds one.
    pub version: i64,
    /// The whole ticket.
    pub doc: Value,
}

pub(crate) const TICKET_COLUMNS: &str =
    "id, status, team, customer, email, created_at, updated_at, version, doc";

#[derive(sqlx::FromRow)]
pub(crate) struct Row {
    id: String,
    status: String,
    team: Option<String>,
    customer: Option<String>,
    email: Option<String>,
    created_at: i64,
    updated_at: i64,
    version: i64,
    doc: String,
}

impl Row {
    pub(crate) fn into_ticket(self) -> Result<TicketRow, StoreError> {
        let doc = serde_json::from_str(&self.doc).map_err(|e| StoreError::Corrupt {
            table: "tickets",
            detail: format!("ticket {}: {e}", self.id),
        })?;
        Ok(TicketRow {
            id: self.id,
            status: self.status,
            team: self.team,
            customer: self.customer,
            email: self.email,
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
            doc,
        })
    }
}

/// Which tickets a list returns.
#[derive(Debug, Clone, Default)]
pub struct TicketFilter {
    /// Only with this status.
    pub status: Option<String>,
    /// Only of this Stripe customer.
    pub customer: Option<String>,
    /// At most this many, most recently updated first.
    pub limit: u32,
}
