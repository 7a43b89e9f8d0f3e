//! `paydesk simulate`: every past ticket against the payment state as it was
//! at the ticket's time; one decision per ticket and a report.

mod input;
mod report;

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::decision::{Action, Decision};
use crate::pipeline::{Agent, StageTimes};
use crate::policy::Policy;

pub use input::{InputError, OrderBook, load_events, load_kb, load_tickets};
pub use report::{Counts, Report};

/// The files a simulation reads.
#[derive(Debug, Clone)]
pub struct Inputs {
    pub events: PathBuf,
    pub tickets: PathBuf,
    pub orders: Option<PathBuf>,
    pub kb: Option<PathBuf>,
    pub policy: Option<PathBuf>,
}

/// Runs the simulation: decisions in ticket-file order, and the report.
/// Nothing is written here; the caller writes only after every ticket is decided.
pub fn run(
    inputs: &Inputs,
    mut progress: impl FnMut(usize, usize),
) -> Result<(Vec<Decision>, Report), InputError> {
    let started = Instant::now();
    let policy = match &inputs.policy {
        Some(path) => input::load_policy(path)?,
        None => Policy::default(),
    };
    let (world, events) = load_events(&inputs.events)?;
    let load_events_time = started.elapsed();
    let tickets = load_tickets(&inputs.tickets)?;
    let orders = match &inputs.orders {
        Some(path) => OrderBook::load(path)?,
        None => OrderBook::default(),
    };
    let kb_documents = match &inputs.kb {
        Some(dir) => load_kb(dir)?,
        None => 0,
    };
    let training = Instant::now();
    crate::understand::Classifier::builtin();
    let training = training.elapsed();
    let agent = Agent {
        world: &world,
        policy: &policy,
        orders: &orders,
    };
    // Decide in time order: a refund counts against the customer's later tickets.
    let mut order: Vec<usize> = (0..tickets.len()).collect();
    order.sort_by_key(|&i| tickets[i].1);
    let mut refunded: HashMap<String, Vec<i64>> = HashMap::new();
    let mut decisions: Vec<Option<Decision>> = vec![None; tickets.len()];
    let mut times = StageTimes::default();
    let decide_started = Instant::now();
    for (done, &i) in order.iter().enumerate() {
        let (ticket, now, line) = (&tickets[i].0, tickets[i].1, tickets[i].2);
        let count = |customer: &str, now: i64| {
            refunded.get(customer).map_or(0, |ts| {
                ts.iter()
                    .filter(|t| **t > now - 90 * 86_400 && **t <= now)
                    .count()
            })
        };
        let decision = agent
            .decide(ticket, count, &mut times)
            .map_err(|e| InputError::at(&inputs.tickets, line, e.to_string()))?;
        if let Some(c) = &decision.customer
            && decision
                .actions
                .iter()
                .any(|a| matches!(a, Action::Refund { .. }))
        {
            refunded.entry(c.clone()).or_default().push(now);
        }
        decisions[i] = Some(decision);
        progress(done + 1, tickets.len());
    }
    let decisions: Vec<Decision> = decisions.into_iter().flatten().collect();
    let mut stages: Vec<(&'static str, Duration)> = vec![
        ("load events", load_events_time),
        ("train classifier", training),
    ];
    stages.extend(times.stages());
    let report = Report::new(
        &decisions,
        events,
        world.object_count(),
        kb_documents,
        stages,
        decide_started.elapsed(),
        started.elapsed(),
    );
    Ok((decisions, report))
}
