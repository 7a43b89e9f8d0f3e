//! Stripe at paydesk's edge: webhook signatures and the Events API client.
//!
//! # Layout
//! - [`signature`]: verifies (and, for tests and tools, computes) the
//!   `Stripe-Signature` header Stripe puts on every webhook delivery.
//! - [`client`]: a small Stripe REST client with retries; today it lists
//!   events (`GET /v1/events`) so missed webhooks can be backfilled.

pub mod client;
pub mod signature;

pub use client::{CancelMode, Client, ClientError, EventPage, RefundRequest, RetryPolicy};
pub use signature::{SignatureError, sign_payload, verify_signature};
