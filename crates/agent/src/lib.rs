//! paydesk's agent: understand a customer's message in their language,
//! link it to the payment state, decide by the merchant's policy, reply.
//!
//! # Layout
//! - [`lang`]: the customer's language.
//! - [`entities`]: order numbers, amounts, dates, card digits, Stripe ids, emails in a message.
//! - [`reply`]: replies from templates per situation and language, money and dates in the customer's locale.

pub mod entities;
pub mod lang;
pub mod reply;
