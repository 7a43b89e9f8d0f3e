//! Reading a simulation's files. Every error names the file and the line.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use paydesk_domain::EventEnvelope;
use paydesk_domain::world::{PreparedEvent, World, order_key};
use serde_json::Value;

use crate::kb::{KbError, KnowledgeBase};
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
///
/// `horizon`: the only instants the world will be read at (the tickets'
/// times), so versions no ticket can see are not kept. Lines are parsed on
/// every core, a megabyte at a time, and added in file order.
pub fn load_events(path: &Path, horizon: Option<Vec<i64>>) -> Result<(World, usize), InputError> {
    let mut world = horizon.map_or_else(World::new, World::with_horizon);
    let file = File::open(path).map_err(|e| InputError::file(path, e.to_string()))?;
    let mut chunks = Chunks::new(file);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut count = 0;
    let mut parsed: Vec<Result<Vec<PreparedEvent>, InputError>> = Vec::new();
    loop {
        let mut round = Vec::with_capacity(threads);
        for _ in 0..threads {
            match chunks.next(path)? {
                Some(chunk) => round.push(chunk),
                None => break,
            }
        }
        let last_round = round.is_empty();
        // Parse this round on worker threads while this thread adds the previous one.
        let next = std::thread::scope(|scope| {
            let workers: Vec<_> = round
                .iter()
                .map(|(first, bytes)| scope.spawn(move || parse_chunk(path, *first, bytes)))
                .collect();
            let added = add_all(&mut world, std::mem::take(&mut parsed));
            let next: Vec<_> = workers
                .into_iter()
                .map(|w| {
                    w.join()
                        .unwrap_or_else(|_| Err(InputError::file(path, "parser panicked")))
                })
                .collect();
            added.map(|n| (n, next))
        });
        let (n, next) = next?;
        count += n;
        parsed = next;
        if last_round {
            break;
        }
    }
    world.seal();
    Ok((world, count))
}

fn add_all(
    world: &mut World,
    parsed: Vec<Result<Vec<PreparedEvent>, InputError>>,
) -> Result<usize, InputError> {
    let mut count = 0;
    for chunk in parsed {
        for event in chunk? {
            world.add_prepared(event);
            count += 1;
        }
    }
    Ok(count)
}

/// Parses the events of one chunk whose first line is `first`.
fn parse_chunk(path: &Path, first: usize, bytes: &[u8]) -> Result<Vec<PreparedEvent>, InputError> {
    let mut out = Vec::with_capacity(bytes.len() / 700);
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if line.trim_ascii().is_empty() {
            continue;
        }
        let (envelope, value) = EventEnvelope::parse(line)
            .map_err(|e| InputError::at(path, first + i, e.to_string()))?;
        out.push(World::prepare(&envelope, &value));
    }
    Ok(out)
}

/// A file read in pieces of about a megabyte that end at a line's end.
struct Chunks {
    file: File,
    carry: Vec<u8>,
    next_line: usize,
    done: bool,
}

impl Chunks {
    const SIZE: usize = 1 << 20;

    fn new(file: File) -> Chunks {
        Chunks {
            file,
            carry: Vec::new(),
            next_line: 1,
            done: false,
        }
    }

    /// The next piece and the number of its first line.
    fn next(&mut self, path: &Path) -> Result<Option<(usize, Vec<u8>)>, InputError> {
        use std::io::Read;
        if self.done {
            return Ok(None);
        }
        let mut buf = std::mem::take(&mut self.carry);
        loop {
            let start = buf.len();
            buf.resize(start + Self::SIZE, 0);
            let n = self
                .file
                .read(&mut buf[start..])
                .map_err(|e| InputError::at(path, self.next_line, e.to_string()))?;
            buf.truncate(start + n);
            if n == 0 {
                self.done = true;
                break;
            }
            if let Some(end) = buf[start..].iter().rposition(|&b| b == b'\n') {
                self.carry = buf.split_off(start + end + 1);
                if buf.len() >= Self::SIZE / 2 {
                    break;
                }
                buf.append(&mut self.carry);
            }
        }
        if buf.is_empty() {
            return Ok(None);
        }
        let first = self.next_line;
        self.next_line += buf.iter().filter(|&&b| b == b'\n').count();
        Ok(Some((first, buf)))
    }
}

/// One ticket kept as its JSON line (a third of the memory of a parsed one), with its time and line number.
pub struct TicketLine {
    pub json: Box<str>,
    pub time: i64,
    pub line: usize,
}

impl TicketLine {
    /// The ticket; checked when the file was read.
    pub fn ticket(&self) -> Ticket {
        serde_json::from_str(&self.json).unwrap_or_else(|e| unreachable!("ticket re-read: {e}"))
    }
}

/// Reads and checks tickets (JSONL), keeping each as its line.
pub fn load_ticket_lines(path: &Path) -> Result<Vec<TicketLine>, InputError> {
    let mut out = Vec::new();
    lines(path, |n, line| {
        let (ticket, time) = check_ticket(path, n, line)?;
        drop(ticket);
        out.push(TicketLine {
            json: line.into(),
            time,
            line: n,
        });
        Ok(())
    })?;
    Ok(out)
}

fn check_ticket(path: &Path, n: usize, line: &str) -> Result<(Ticket, i64), InputError> {
    let ticket: Ticket = serde_json::from_str(line)
        .map_err(|e| InputError::at(path, n, format!("not a ticket: {e}")))?;
    let time = ticket
        .time()
        .map_err(|e| InputError::at(path, n, e.to_string()))?;
    ticket
        .customer_messages()
        .map_err(|e| InputError::at(path, n, e.to_string()))?;
    Ok((ticket, time))
}

/// Reads tickets (JSONL): each with its time and line number.
pub fn load_tickets(path: &Path) -> Result<Vec<(Ticket, i64, usize)>, InputError> {
    let mut out = Vec::new();
    lines(path, |n, line| {
        let (ticket, time) = check_ticket(path, n, line)?;
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

/// Reads a knowledge base folder; an unreadable or non-UTF-8 file is an error naming it.
pub fn load_kb(dir: &Path) -> Result<KnowledgeBase, InputError> {
    KnowledgeBase::load(dir).map_err(|e| match e {
        KbError::Folder { dir, reason } => InputError::file(&dir, reason),
        KbError::File { file, reason } => InputError::file(&file, reason),
    })
}

/// Shopify orders by name (`#1001`) and id, with the email that placed them.
#[derive(Debug, Default)]
pub struct OrderBook {
    orders: HashMap<Box<str>, u32>,
    /// Each email once: a customer places many orders.
    emails: Vec<Box<str>>,
}

impl OrderBook {
    /// Reads Shopify Admin API order objects (JSONL).
    pub fn load(path: &Path) -> Result<OrderBook, InputError> {
        let mut book = OrderBook::default();
        let mut numbers: HashMap<Box<str>, u32> = HashMap::new();
        lines(path, |n, line| {
            let order: Value = serde_json::from_str(line)
                .map_err(|e| InputError::at(path, n, format!("not JSON: {e}")))?;
            let email = order
                .get("email")
                .and_then(Value::as_str)
                .or_else(|| order.pointer("/customer/email").and_then(Value::as_str))
                .map(str::to_lowercase);
            let Some(email) = email else { return Ok(()) };
            let next = book.emails.len() as u32;
            let number = *numbers.entry(email.as_str().into()).or_insert(next);
            if number == next {
                book.emails.push(email.into());
            }
            for key in ["name", "id", "order_number"] {
                let value = match order.get(key) {
                    Some(Value::String(s)) => s.clone(),
                    Some(Value::Number(n)) => n.to_string(),
                    _ => continue,
                };
                book.orders.insert(order_key(&value).into(), number);
            }
            Ok(())
        })?;
        Ok(book)
    }
}

impl Orders for OrderBook {
    fn email_of(&self, order: &str) -> Option<String> {
        let number = *self.orders.get(order_key(order).as_str())?;
        Some(self.emails[number as usize].to_string())
    }
}
