//! HTTP tests: the real service on port 0 with a fresh store.

mod agent_help;
mod config;
mod customers;
mod email_replies;
mod helpers;
mod tickets;
mod ui;
mod webhooks;
