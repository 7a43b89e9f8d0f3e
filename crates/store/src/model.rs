//! What goes into the store and what comes out.

use paydesk_domain::{EventEnvelope, ObjectType, ObjectVersion};

use crate::StoreError;

/// Where an event came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A signed webhook delivery.
    Webhook,
    /// `paydesk import-events`.
    Import,
    /// `paydesk backfill` from the Events API.
    Backfill,
}

impl Source {
    /// The name stored in the log.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Webhook => "webhook",
            Source::Import => "import",
            Source::Backfill => "backfill",
        }
    }
}

/// An accepted event about to be appended to the log.
#[derive(Debug, Clone)]
pub struct NewEvent {
    /// Its parsed envelope.
    pub envelope: EventEnvelope,
    /// The bytes exactly as received.
    pub raw: Vec<u8>,
    /// Where it came from.
    pub source: Source,
    /// When paydesk received it, Unix milliseconds.
    pub received_at_ms: i64,
    /// The object states it shows, for the mirror.
    pub versions: Vec<ObjectVersion>,
}

/// Whether an appended event was new.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Appended {
    /// Stored now.
    Inserted,
    /// Its id was already in the log (a redelivery): nothing changed.
    Duplicate,
}

/// An event as the log holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEvent {
    /// Position in the log.
    pub seq: i64,
    /// `evt_…`
    pub id: String,
    /// The event type.
    pub event_type: String,
    /// Stripe's `created`, Unix seconds.
    pub created: i64,
    /// The payload's API version.
    pub api_version: Option<String>,
    /// Live or test mode.
    pub livemode: bool,
    /// `webhook`, `import` or `backfill`.
    pub source: String,
    /// When paydesk received it, Unix milliseconds.
    pub received_at_ms: i64,
    /// The bytes exactly as received.
    pub raw: Vec<u8>,
}

/// Which objects a mirror read selects.
#[derive(Debug, Clone, PartialEq)]
pub enum VersionFilter {
    /// Objects that belong to a customer (the customer itself, charges, payment intents, subscriptions, invoices).
    Customer(String),
    /// Objects of the given kinds hanging off any of these ids (refunds and disputes of charges, payments of invoices).
    Parents(Vec<ObjectType>, Vec<String>),
    /// Objects that carried this (lowercased) email.
    Email(String),
    /// These objects, by id.
    Ids(Vec<String>),
}

/// The columns of a version row, decoded; shared by both backends.
pub(crate) type VersionRow = (
    String,
    String,
    String,
    i64,
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
);

/// Turns a version row back into a version.
pub(crate) fn version_from_row(row: VersionRow) -> Result<ObjectVersion, StoreError> {
    let (object_type, object_id, event_id, created, rank, customer_id, parent_id, email, fields) =
        row;
    let object_type = ObjectType::from_stripe(&object_type).ok_or_else(|| StoreError::Corrupt {
        table: "object_versions",
        detail: format!("unknown object type `{object_type}` for {object_id}"),
    })?;
    Ok(ObjectVersion {
        object_type,
        object_id,
        created,
        rank,
        event_id,
        customer_id,
        parent_id,
        email,
        fields,
    })
}

/// The object versions of the events stored now: only the first entry of a
/// repeated id counts, because that is the payload the log keeps.
pub(crate) fn new_versions<'a>(
    batch: &'a [NewEvent],
    outcomes: &[Appended],
) -> Vec<&'a ObjectVersion> {
    batch
        .iter()
        .zip(outcomes)
        .filter(|(_, o)| **o == Appended::Inserted)
        .flat_map(|(e, _)| e.versions.iter())
        .collect()
}

/// Maps which ids got inserted back onto the batch, in order; a repeated id
/// within one batch counts as inserted once.
pub(crate) fn outcomes(
    batch: &[NewEvent],
    inserted: std::collections::HashSet<String>,
) -> Vec<Appended> {
    let mut inserted = inserted;
    batch
        .iter()
        .map(|e| {
            if inserted.remove(&e.envelope.id) {
                Appended::Inserted
            } else {
                Appended::Duplicate
            }
        })
        .collect()
}

/// An `events` row, as either backend returns it.
#[derive(sqlx::FromRow)]
pub(crate) struct EventRow {
    seq: i64,
    id: String,
    #[sqlx(rename = "type")]
    event_type: String,
    created: i64,
    api_version: Option<String>,
    livemode: bool,
    source: String,
    received_at: i64,
    payload: Vec<u8>,
}

impl EventRow {
    pub(crate) fn into_event(self) -> StoredEvent {
        StoredEvent {
            seq: self.seq,
            id: self.id,
            event_type: self.event_type,
            created: self.created,
            api_version: self.api_version,
            livemode: self.livemode,
            source: self.source,
            received_at_ms: self.received_at,
            raw: self.payload,
        }
    }
}
