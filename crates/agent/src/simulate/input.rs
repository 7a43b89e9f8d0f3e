//! Reading a simulation's files. Every error names the file and the line.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use paydesk_domain::EventEnvelope;
use paydesk_domain::world::{World, order_key};
use serde_json::Value;

use crate::pipeline::Orders;
use crate::policy::Policy;
use crate::ticket::Ticket;

/// A file that cannot be used, and where.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}{}: {reason}", file.display(), line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct InputError {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub reason: String,
}

impl InputError {
    /// An error at a line of a file.
    pub fn at(file: &Path, line: usize, reason: impl Into<String>) -> InputError {
        InputError {
            file: file.to_path_buf(),
            line: Some(line),
            reason: reason.into(),
        }
    }

    fn file(file: &Path, reason: impl Into<String>) -> InputError {
        InputError {
            file: file.to_path_buf(),
            line: None,
            reason: reason.into(),
        }
    }
}

/// Calls `each(line_no, text)` for every non-blank line.
fn lines(
    path: &Path,
    mut each: impl FnMut(usize, &str) -> Result<(), InputError>,
) -> Result<(), InputError> {
    let file = File::open(path).map_err(|e| InputError::file(path, e.to_string()))?;
    for (i, line) in BufReader::with_capacity(1 << 20, file).lines().enumerate() {
        let line = line.map_err(|e| InputError::at(path, i + 1, e.to_string()))?;
        if !line.trim().is_empty() {
            each(i + 1, &line)?;
        }
    }
    Ok(())
}

/// Reads Stripe events (JSONL) into an in-memory world; returns it and the event count.
pub fn load_events(path: &Path) -> Result<(World, usize), InputError> {
    let mut world = World::new();
    let mut count = 0;
    lines(path, |n, line| {
        let (envelope, value) = EventEnvelope::parse(line.as_bytes())
            .map_err(|e| InputError::at(path, n, e.to_string()))?;
        world.add_event(&envelope, &value);
        count += 1;
        Ok(())
    })?;
    world.seal();
    Ok((world, count))
}

/// Reads tickets (JSONL): each with its time and line number.
pub fn load_tickets(path: &Path) -> Result<Vec<(Ticket, i64, usize)>, InputError> {
    let mut out = Vec::new();
    lines(path, |n, line| {
        let ticket: Ticket = serde_json::from_str(line)
            .map_err(|e| InputError::at(path, n, format!("not a ticket: {e}")))?;
        let time = ticket
            .time()
            .map_err(|e| InputError::at(path, n, e.to_string()))?;
        ticket
            .customer_messages()
            .map_err(|e| InputError::at(path, n, e.to_string()))?;
        out.push((ticket, time, n));
        Ok(())
    })?;
    Ok(out)
}

/// Reads the policy file.
pub fn load_policy(path: &Path) -> Result<Policy, InputError> {
    let text = std::fs::read_to_string(path).map_err(|e| InputError::file(path, e.to_string()))?;
    Policy::parse(&path.display().to_string(), &text).map_err(|e| {
        InputError::file(
            path,
            e.to_string()
                .replacen(&format!("{}: ", path.display()), "", 1),
        )
    })
}

/// Counts the Markdown documents of a knowledge base folder.
pub fn load_kb(dir: &Path) -> Result<usize, InputError> {
    let entries = std::fs::read_dir(dir).map_err(|e| InputError::file(dir, e.to_string()))?;
    Ok(entries
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .count())
}

/// Shopify orders by name (`#1001`) and id, with the email that placed them.
#[derive(Debug, Default)]
pub struct OrderBook {
    emails: HashMap<String, String>,
}

impl OrderBook {
    /// Reads Shopify Admin API order objects (JSONL).
    pub fn load(path: &Path) -> Result<OrderBook, InputError> {
        let mut book = OrderBook::default();
        lines(path, |n, line| {
            let order: Value = serde_json::from_str(line)
                .map_err(|e| InputError::at(path, n, format!("not JSON: {e}")))?;
            let email = order
                .get("email")
                .and_then(Value::as_str)
                .or_else(|| order.pointer("/customer/email").and_then(Value::as_str))
                .map(str::to_lowercase);
            let Some(email) = email else { return Ok(()) };
            for key in ["name", "id", "order_number"] {
                let value = match order.get(key) {
                    Some(Value::String(s)) => s.clone(),
                    Some(Value::Number(n)) => n.to_string(),
                    _ => continue,
                };
                book.emails.insert(order_key(&value), email.clone());
            }
            Ok(())
        })?;
        Ok(book)
    }
}

impl Orders for OrderBook {
    fn email_of(&self, order: &str) -> Option<String> {
        self.emails.get(&order_key(order)).cloned()
    }
}
