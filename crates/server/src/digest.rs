//! The daily digest: one day's payments and support in one chat post (new
//! and churned subscriptions, refunds, disputes, failed payments, and the
//! agent's automation rate), posted to the chat webhook at a configured hour.
//!
//! The day is a UTC calendar day and counts Stripe events by their own
//! `created`, so a late or redelivered event counts once, on its day. The
//! post is an outbox job keyed by the day: several instances, or a restart
//! after the hour, post it once.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;

use chrono::{NaiveDate, TimeZone, Utc};
use paydesk_agent::lang::Lang;
use paydesk_agent::reply::{Money, format_money};
use paydesk_store::{NewJob, Store, StoreError, TicketFilter};
use serde::Serialize;
use serde_json::{Value, json};

use crate::tickets::{DecisionState, Ticket};

/// Tickets read to count the day's decisions (most recently updated first).
const TICKETS_READ: u32 = 20_000;

/// One day's figures.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Digest {
    /// The UTC day, `YYYY-MM-DD`.
    pub day: String,
    /// `customer.subscription.created`.
    pub new_subscriptions: u64,
    /// `customer.subscription.deleted`.
    pub churned_subscriptions: u64,
    /// Refunds created that day.
    pub refunds: u64,
    /// Their sum per currency, minor units.
    pub refunded: BTreeMap<String, i64>,
    /// Disputes opened.
    pub disputes_opened: u64,
    /// Disputes closed, by final status (`won`, `lost`, …).
    pub disputes_closed: BTreeMap<String, u64>,
    /// Failed charges.
    pub failed_payments: u64,
    /// Of which, failed invoice payments (subscriptions and invoices).
    pub failed_invoices: u64,
    /// The agent's decisions on customer messages that day.
    pub decisions: u64,
    /// Of which resolved by the agent alone (autopilot, outcome resolved).
    pub resolved_by_agent: u64,
}

impl Digest {
    /// Resolved by the agent alone, as a share of the decisions (0 when none).
    pub fn automation_rate(&self) -> f64 {
        if self.decisions == 0 {
            0.0
        } else {
            self.resolved_by_agent as f64 / self.decisions as f64
        }
    }

    /// The chat post (Slack `mrkdwn`).
    pub fn text(&self) -> String {
        let money = |m: &BTreeMap<String, i64>| {
            m.iter()
                .map(|(currency, amount)| {
                    format_money(
                        &Money {
                            amount: *amount,
                            currency: currency.clone(),
                        },
                        Lang::En,
                    )
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let closed: u64 = self.disputes_closed.values().sum();
        let mut lines = vec![
            format!("*paydesk daily digest: {} (UTC)*", self.day),
            format!(
                "• Subscriptions: {} new, {} churned",
                self.new_subscriptions, self.churned_subscriptions
            ),
            if self.refunds == 0 {
                "• Refunds: none".to_owned()
            } else {
                format!("• Refunds: {} ({})", self.refunds, money(&self.refunded))
            },
            format!(
                "• Disputes: {} opened, {} closed{}",
                self.disputes_opened,
                closed,
                if closed == 0 {
                    String::new()
                } else {
                    format!(
                        " ({})",
                        self.disputes_closed
                            .iter()
                            .map(|(status, n)| format!("{n} {status}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
            ),
            format!(
                "• Failed payments: {} ({} on invoices)",
                self.failed_payments, self.failed_invoices
            ),
        ];
        lines.push(if self.decisions == 0 {
            "• Support: no customer messages answered".to_owned()
        } else {
            format!(
                "• Support: {} customer messages, {} resolved by the agent ({:.1} % automation)",
                self.decisions,
                self.resolved_by_agent,
                100.0 * self.automation_rate()
            )
        });
        lines.join("\n")
    }
}

/// What one day's scan has counted already (events are delivered more than once).
#[derive(Default)]
struct Seen {
    ids: BTreeSet<(String, String)>,
    refunded_charges: BTreeSet<String>,
}

impl Seen {
    /// True the first time `(kind, id)` is seen.
    fn first(&mut self, kind: &str, id: &str) -> bool {
        self.ids.insert((kind.to_owned(), id.to_owned()))
    }

    /// Counts a refund object created in `window`, once.
    fn refund(
        &mut self,
        d: &mut Digest,
        r: &Value,
        event_created: i64,
        window: std::ops::Range<i64>,
    ) {
        let (Some(id), Some(amount), Some(currency)) = (
            r["id"].as_str(),
            r["amount"].as_i64(),
            r["currency"].as_str(),
        ) else {
            return;
        };
        let created = r["created"].as_i64().unwrap_or(event_created);
        if window.contains(&created) && self.first("refund", id) {
            d.refunds += 1;
            *d.refunded.entry(currency.to_owned()).or_default() += amount;
            if let Some(charge) = r["charge"].as_str() {
                self.refunded_charges.insert(charge.to_owned());
            }
        }
    }
}

/// Midnight UTC starting `day`, Unix seconds.
fn start_of(day: NaiveDate) -> i64 {
    day.and_hms_opt(0, 0, 0)
        .expect("midnight exists")
        .and_utc()
        .timestamp()
}

/// The digest of one UTC day, from the event log and the tickets.
pub async fn compute(store: &dyn Store, day: NaiveDate) -> Result<Digest, StoreError> {
    let from = start_of(day);
    let to = from + 86_400;
    let mut d = Digest {
        day: day.format("%Y-%m-%d").to_string(),
        ..Digest::default()
    };
    let mut seen = Seen::default();
    // Refunds seen through `charge.refunded` without a refund object: (charge, amount, currency).
    let mut bare_refunds = Vec::new();
    for event in store.digest_events(from, to).await? {
        let Ok(value) = serde_json::from_slice::<Value>(&event.raw) else {
            continue;
        };
        let object = &value["data"]["object"];
        let id = object["id"].as_str().unwrap_or_default();
        match event.event_type.as_str() {
            "customer.subscription.created" if seen.first("sub+", id) => d.new_subscriptions += 1,
            "customer.subscription.deleted" if seen.first("sub-", id) => {
                d.churned_subscriptions += 1
            }
            "refund.created" => seen.refund(&mut d, object, event.created, from..to),
            "charge.refunded" => {
                let embedded = object["refunds"]["data"].as_array();
                match embedded {
                    Some(list) if !list.is_empty() => {
                        for r in list {
                            seen.refund(&mut d, r, event.created, from..to);
                        }
                    }
                    // Newer API versions do not embed refunds: what was
                    // refunded by this event is the change in amount_refunded.
                    _ => {
                        let now = object["amount_refunded"].as_i64().unwrap_or(0);
                        let before = value["data"]["previous_attributes"]["amount_refunded"]
                            .as_i64()
                            .unwrap_or(0);
                        if now > before
                            && let Some(currency) = object["currency"].as_str()
                            && seen.first("bare", &format!("{id}:{now}"))
                        {
                            bare_refunds.push((id.to_owned(), now - before, currency.to_owned()));
                        }
                    }
                }
            }
            "charge.dispute.created" if seen.first("dp+", id) => d.disputes_opened += 1,
            "charge.dispute.closed" if seen.first("dp-", id) => {
                let status = object["status"].as_str().unwrap_or("closed");
                *d.disputes_closed.entry(status.to_owned()).or_default() += 1;
            }
            "charge.failed" if seen.first("failed", id) => d.failed_payments += 1,
            "invoice.payment_failed" if seen.first("inv-failed", id) => d.failed_invoices += 1,
            _ => {}
        }
    }
    // A refund seen only as a charge's change counts unless its refund object was seen.
    for (charge, amount, currency) in bare_refunds {
        if !seen.refunded_charges.contains(&charge) {
            d.refunds += 1;
            *d.refunded.entry(currency).or_default() += amount;
        }
    }

    let filter = TicketFilter {
        limit: TICKETS_READ,
        ..TicketFilter::default()
    };
    for row in store.tickets(&filter).await? {
        if row.updated_at < from {
            // Most recently updated first: the rest are older.
            break;
        }
        let Ok(ticket) = serde_json::from_value::<Ticket>(row.doc) else {
            continue;
        };
        for decision in ticket
            .decisions
            .iter()
            .filter(|x| (from..to).contains(&x.at))
        {
            d.decisions += 1;
            if decision.state == DecisionState::Executed
                && decision.decision["outcome"] == "resolved"
            {
                d.resolved_by_agent += 1;
            }
        }
    }
    Ok(d)
}

/// Queues the digest of `day` as a chat post; false when it was queued before.
pub async fn post(
    store: &dyn Store,
    chat_url: &str,
    day: NaiveDate,
    now_ms: i64,
) -> Result<bool, StoreError> {
    let digest = compute(store, day).await?;
    let job = NewJob {
        key: format!("playbook:digest:{}", digest.day),
        kind: "chat.post".to_owned(),
        subject: format!("digest:{}", digest.day),
        payload: json!({"url": chat_url, "text": digest.text()}),
        due_at_ms: now_ms,
    };
    Ok(store.enqueue(&[job], now_ms).await?[0].new)
}

/// The digest due at `now` (Unix seconds): yesterday's, once today's hour has come.
pub fn due(now: i64, hour: u32) -> Option<NaiveDate> {
    let now = Utc.timestamp_opt(now, 0).single()?;
    let today = now.date_naive();
    (now.timestamp() >= start_of(today) + i64::from(hour) * 3600).then(|| today.pred_opt())?
}

/// Posts each day's digest at `hour` (UTC) until `shutdown`. After a restart
/// past the hour, the day's digest is posted at once (still only once).
pub async fn run(
    store: Arc<dyn Store>,
    chat_url: String,
    hour: u32,
    shutdown: impl std::future::Future<Output = ()>,
) {
    tokio::pin!(shutdown);
    loop {
        let now = crate::ingest::now_ms();
        if let Some(day) = due(now / 1000, hour) {
            match store.job_by_key(&format!("playbook:digest:{day}")).await {
                Ok(Some(_)) => {}
                Ok(None) => match post(&*store, &chat_url, day, now).await {
                    Ok(_) => tracing::info!(%day, "daily digest queued"),
                    Err(e) => tracing::error!(error = %e, "daily digest failed; will retry"),
                },
                Err(e) => tracing::error!(error = %e, "daily digest: cannot read the outbox"),
            }
        }
        // Wake at the next full hour at the latest (and after errors, to retry).
        let wait = 3_600_000 - now.rem_euclid(3_600_000) + 1_000;
        tokio::select! {
            _ = &mut shutdown => return,
            _ = tokio::time::sleep(Duration::from_millis(wait as u64)) => {}
        }
    }
}
