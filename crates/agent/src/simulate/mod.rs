//! `paydesk simulate`: every past ticket against the payment state as it was
//! at the ticket's time; one decision per ticket and a report.
//!
//! Tickets are decided in time order, because an automatic refund counts
//! against the same customer's later tickets. To use every core, each batch
//! of tickets is decided speculatively in parallel against the refunds known
//! before the batch; then, in time order, a decision whose customer's refund
//! count has changed since is decided again. The result is the same as one
//! ticket after another.

mod input;
mod report;

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use paydesk_domain::world::World;

use crate::decision::{Action, Decision};
use crate::kb::KnowledgeBase;
use crate::pipeline::{Agent, Help, StageTimes, lent_assistant};
use crate::policy::Policy;
use crate::ticket::TicketError;

pub use input::{
    InputError, OrderBook, TicketLine, load_events, load_kb, load_ticket_lines, load_tickets,
};
pub use report::{Counts, Report, RunFacts, Tally};

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
    progress: impl FnMut(usize, usize),
) -> Result<(Vec<Decision>, Report), InputError> {
    let mut decisions: Vec<Option<Decision>> = Vec::new();
    let report = run_with(inputs, progress, |i, d| {
        if decisions.len() <= i {
            decisions.resize(i + 1, None);
        }
        decisions[i] = Some(d);
    })?;
    Ok((decisions.into_iter().flatten().collect(), report))
}

/// Runs the simulation, handing each decision with its ticket's index in the
/// file to `each` as soon as it is final (in time order), and returns the report.
pub fn run_with(
    inputs: &Inputs,
    mut progress: impl FnMut(usize, usize),
    mut each: impl FnMut(usize, Decision),
) -> Result<Report, InputError> {
    let started = Instant::now();
    let policy = match &inputs.policy {
        Some(path) => input::load_policy(path)?,
        None => Policy::default(),
    };
    let tickets = input::load_ticket_lines(&inputs.tickets)?;
    // The classifier trains on its own thread while the events load.
    let training = std::thread::spawn(|| {
        let started = Instant::now();
        crate::understand::Classifier::builtin();
        started.elapsed()
    });
    let horizon = tickets.iter().map(|t| t.time).collect();
    let loading = Instant::now();
    let (world, events) = load_events(&inputs.events, Some(horizon))?;
    let load_events_time = loading.elapsed();
    let orders = match &inputs.orders {
        Some(path) => OrderBook::load(path)?,
        None => OrderBook::default(),
    };
    let kb = inputs.kb.as_deref().map(load_kb).transpose()?;
    let kb_documents = kb.as_ref().map_or(0, KnowledgeBase::files);
    // A lent language model, asked from every worker thread.
    let assistant = lent_assistant();
    let training = training.join().unwrap_or_default();
    let parts = Parts {
        world: &world,
        policy: &policy,
        orders: &orders,
        help: Help {
            assistant: assistant.as_deref(),
            kb: kb.as_ref(),
        },
    };
    let agent = parts.agent();
    // Decide in time order: a refund counts against the customer's later tickets.
    let mut order: Vec<usize> = (0..tickets.len()).collect();
    order.sort_by_key(|&i| tickets[i].time);
    let mut refunds = Refunds::default();
    let mut tally = Tally::default();
    let mut times = StageTimes::default();
    let decide_started = Instant::now();
    let threads = threads();
    let mut done = 0;
    for batch in order.chunks(1024) {
        let guesses = speculate(&parts, &tickets, batch, &refunds, threads);
        for (&i, guess) in batch.iter().zip(guesses) {
            let (now, line) = (tickets[i].time, tickets[i].line);
            let fail = |e: TicketError| InputError::at(&inputs.tickets, line, e.to_string());
            let (result, asked, stage_times) = guess;
            add_times(&mut times, &stage_times);
            let stale = asked.is_some_and(|(c, n)| refunds.count(&c, now) != n);
            let decision = if stale {
                let ticket = tickets[i].ticket();
                let count = |c: &str, now| refunds.count(c, now);
                agent.decide_helped(&ticket, count, &mut times, parts.help)
            } else {
                result
            }
            .map_err(fail)?;
            if let Some(c) = &decision.customer
                && decision
                    .actions
                    .iter()
                    .any(|a| matches!(a, Action::Refund { .. }))
            {
                refunds.0.entry(c.clone()).or_default().push(now);
            }
            tally.add(&decision);
            each(i, decision);
            done += 1;
            progress(done, tickets.len());
        }
    }
    let deciding = decide_started.elapsed();
    let mut stages: Vec<(&'static str, Duration)> = vec![
        ("load events", load_events_time),
        ("train classifier", training),
    ];
    stages.extend(times.stages());
    Ok(Report::from_tally(
        tally,
        RunFacts {
            events,
            objects: world.object_count(),
            kb_documents,
            stages,
            deciding,
            total: started.elapsed(),
        },
    ))
}

/// Threads that decide tickets: `PAYDESK_SIMULATE_THREADS`, else one per core.
/// One decides each ticket after the other, with no speculation.
fn threads() -> usize {
    std::env::var("PAYDESK_SIMULATE_THREADS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// What every decision reads; shared by the worker threads.
struct Parts<'a> {
    world: &'a World,
    policy: &'a Policy,
    orders: &'a OrderBook,
    help: Help<'a>,
}

impl Parts<'_> {
    fn agent(&self) -> Agent<'_> {
        Agent {
            world: self.world,
            policy: self.policy,
            orders: self.orders,
        }
    }
}

/// Automatic refunds made so far, per customer.
#[derive(Default)]
struct Refunds(HashMap<String, Vec<i64>>);

impl Refunds {
    /// The customer's refunds in the 90 days up to `now`.
    fn count(&self, customer: &str, now: i64) -> usize {
        self.0.get(customer).map_or(0, |ts| {
            ts.iter()
                .filter(|t| **t > now - 90 * 86_400 && **t <= now)
                .count()
        })
    }
}

/// A decision made with the refunds known before its batch, and the refund
/// count it asked for (customer, answer), if it asked.
type Guess = (
    Result<Decision, TicketError>,
    Option<(String, usize)>,
    StageTimes,
);

/// Decides a batch of tickets on `threads` threads against `refunds`; results in batch order.
fn speculate(
    parts: &Parts<'_>,
    tickets: &[TicketLine],
    batch: &[usize],
    refunds: &Refunds,
    threads: usize,
) -> Vec<Guess> {
    let decide_one = |i: usize| {
        let agent = parts.agent();
        let asked = RefCell::new(None);
        let mut times = StageTimes::default();
        let result = agent.decide_helped(
            &tickets[i].ticket(),
            |c, now| {
                let n = refunds.count(c, now);
                *asked.borrow_mut() = Some((c.to_string(), n));
                n
            },
            &mut times,
            parts.help,
        );
        (result, asked.into_inner(), times)
    };
    if threads <= 1 || batch.len() < 2 {
        return batch.iter().map(|&i| decide_one(i)).collect();
    }
    let per = batch.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let workers: Vec<_> = batch
            .chunks(per)
            .map(|part| scope.spawn(|| part.iter().map(|&i| decide_one(i)).collect::<Vec<_>>()))
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

fn add_times(total: &mut StageTimes, one: &StageTimes) {
    total.understand += one.understand;
    total.link += one.link;
    total.decide += one.decide;
    total.reply += one.reply;
}
