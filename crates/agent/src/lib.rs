//! paydesk's agent: understand a customer's message in their language,
//! link it to the payment state, decide by the merchant's policy, reply.
//!
//! # Layout
//! - [`lang`]: the customer's language.
//! - [`intent`]: the twelve intents.
//! - [`understand`]: own words out of a thread, features, the built-in classifier.
//! - [`entities`]: order numbers, amounts, dates, card digits, Stripe ids, emails in a message.
//! - [`ticket`]: the ticket input contract.
//! - [`policy`]: the merchant's policy file.
//! - [`decide`]: the decision rules, a pure function of understanding, state and policy.
//! - [`decision`]: the decision output contract.
//! - [`reply`]: replies from templates per situation and language, money and dates in the customer's locale.
//! - [`simulate`]: past tickets against the state as of each ticket; the report.
//! - [`kb`]: the merchant's knowledge base (Markdown), the passages relevant to a ticket for the person handling it.
//! - [`llm`]: an optional language model (OpenAI-compatible) that proposes intents and phrasings, checked.
//! - [`pipeline`]: one ticket end to end, the same for simulation and live traffic.

pub mod decide;
pub mod decision;
pub mod entities;
pub mod intent;
pub mod kb;
pub mod lang;
pub mod llm;
pub mod pipeline;
pub mod policy;
pub mod reply;
pub mod simulate;
pub mod ticket;
pub mod understand;
