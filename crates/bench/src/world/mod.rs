//! `paydesk-bench gen-world`: a whole shop's Stripe history, its Shopify
//! orders and its support tickets, for benchmarking `paydesk simulate`.
//!
//! # Layout
//! - `stripe`, `billing`: the Stripe objects in their 2024 and 2025 shapes.
//! - `people`: customers and guests, and the facts tickets refer to.
//! - `shop`: checkouts, refunds, disputes, Shopify orders.
//! - `subs`: subscriptions, renewals, failures, cancellations.
//! - `tickets`, `phrases`, `locale`: what customers write, in five languages.
//!
//! Deterministic: one seed, one set of files, byte for byte.

mod billing;
mod locale;
mod people;
mod phrases;
mod shop;
mod stripe;
mod subs;
mod tickets;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};

use self::people::{DAY, END, Person};
use self::shop::Gen;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Config {
    /// Buyers to aim for; the event count decides in the end.
    pub customers: Option<u64>,
    pub events: u64,
    pub tickets: u64,
    pub seed: u64,
    pub out: PathBuf,
}

/// Writes `events.jsonl`, `orders.jsonl` and `tickets.jsonl` into `config.out`.
pub fn generate(config: &Config) -> Result<()> {
    let started = Instant::now();
    anyhow::ensure!(config.events > 0, "--events must be positive");
    let customers = config.customers.unwrap_or(config.events / 25).max(1);
    let mean = config.events as f64 / customers as f64;
    let mut g = Gen::new(config.seed);
    let mut people = Vec::with_capacity(customers as usize + 16);
    while (g.sink.len().1 as u64) < config.events {
        let k = people.len() as u64 + 1;
        let id = g.id("cus");
        let mut p = Person::new(&mut g.rng, k, id);
        live(&mut g, &mut p, mean);
        people.push(p);
    }
    std::fs::create_dir_all(&config.out)
        .with_context(|| format!("creating {}", config.out.display()))?;
    let mut rng = fastrand::Rng::with_seed(config.seed ^ 0x7469_636b);
    let tickets = tickets::write_all(&mut rng, &people, config.tickets);
    let Gen {
        sink, mut orders, ..
    } = g;
    let (count, last) = write_with(&config.out.join("events.jsonl"), |out| {
        sink.write_sorted(config.events as usize, out)
    })?;
    orders.sort_by_key(|o| o.0);
    write_with(&config.out.join("orders.jsonl"), |out| {
        orders
            .iter()
            .try_for_each(|(_, line)| writeln!(out, "{line}"))
    })?;
    let tickets = tickets::number(tickets);
    write_with(&config.out.join("tickets.jsonl"), |out| {
        out.write_all(&tickets)
    })?;
    let buyers = people.iter().filter(|p| p.customer.is_some()).count();
    eprintln!(
        "wrote {count} events (to {}), {} orders, {} tickets; {buyers} customers and {} guests; into {} in {:.2} s",
        locale::rfc3339(last),
        orders.len(),
        config.tickets,
        people.len() - buyers,
        config.out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// One buyer's history: sign-up, perhaps a subscription, then checkouts.
fn live(g: &mut Gen, p: &mut Person, mean: f64) {
    let before = g.sink.len().0;
    // Exponential spread: most buyers do little, a few a lot.
    let budget = mean * (-(1.0 - g.rng.f64()).ln()).clamp(0.1, 8.0);
    if let Some(id) = p.customer.clone() {
        sign_up(g, p, &id);
        if g.rng.u32(0..100) < 35 {
            let start = p.since + g.rng.i64(0..15 * DAY);
            let cycles = ((budget * 0.6 - 9.0) / 7.5).round().max(1.0) as u32;
            g.subscribe(p, start, cycles);
        }
    }
    let spent = (g.sink.len().0 - before) as f64;
    let n = ((budget - spent) / 3.3).round().max(1.0) as usize;
    let span = (END - p.since).min(DAY * (20 + 45 * n as i64));
    let mut times: Vec<i64> = (0..n).map(|_| p.since + 600 + g.rng.i64(0..span)).collect();
    times.sort_unstable();
    for t in times {
        g.checkout(p, t);
    }
}

fn sign_up(g: &mut Gen, p: &Person, id: &str) {
    let customer = stripe::Customer {
        id: id.to_string(),
        object: "customer",
        email: Some(p.email.clone()),
        name: p.name.clone(),
        created: p.since,
        currency: p.currency,
        preferred_locales: [p.locale],
        address: stripe::Address {
            country: p.country,
            postal_code: None,
        },
        delinquent: false,
        livemode: false,
        metadata: stripe::Empty {},
    };
    g.sink.emit("customer.created", p.since, p.api, &customer);
    let method = stripe::PaymentMethod {
        id: format!("pm_{}", &id[4..]),
        object: "payment_method",
        kind: "card",
        customer: id,
        created: p.since + 30,
        billing_details: p.billing(),
        card: p.card(),
    };
    g.sink
        .emit("payment_method.attached", p.since + 30, p.api, &method);
}

/// Creates `path` and hands a buffered writer to `fill`.
fn write_with<T>(
    path: &Path,
    fill: impl FnOnce(&mut BufWriter<File>) -> std::io::Result<T>,
) -> Result<T> {
    let file = File::create(path).with_context(|| format!("creating {}", path.display()))?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let value = fill(&mut out).with_context(|| format!("writing {}", path.display()))?;
    out.flush()
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(value)
}
