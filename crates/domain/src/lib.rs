//! paydesk's domain: what a Stripe event is, what it says about payment
//! objects, and how a customer's payment history is assembled from it.
//! Nothing here does I/O.
//!
//! # Layout
//! - [`event`]: the envelope of a Stripe event, parsed from the raw bytes.
//! - [`json`]: defensive readers for Stripe's JSON (expandable ids, missing fields).
//! - [`tree`]: a JSON tree borrowing from the raw bytes (the ingest path's
//!   parse) and the [`tree::Node`] reader the views use for it and `Value`.
//! - [`objects`]: typed views of the mirrored objects (charge, refund, …),
//!   accepting both the 2024 and the 2025+ API shapes.
//! - [`progression`]: how far along its lifecycle a state of an object is,
//!   which orders two states that share a `created` second.
//! - [`version`]: one state of one object at one event: what the mirror stores.
//! - [`world`]: an in-memory mirror readable as of any instant, for simulation.
//! - [`history`]: a customer's payment history as of an instant (the
//!   `paydesk customer` / `GET /api/customers/…` contract).

pub mod event;
pub mod history;
pub mod json;
pub mod objects;
pub mod progression;
pub mod tree;
pub mod version;
pub mod world;

pub use event::{EnvelopeError, EventEnvelope};
pub use history::{CustomerHistory, CustomerSummary, Snapshot, assemble_history, history_of};
pub use objects::ObjectType;
pub use version::{ObjectState, ObjectVersion, parse_event, versions_of_event};
