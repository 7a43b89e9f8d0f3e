//! The simulation report: what autopilot would have done.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

use serde::Serialize;

use crate::decision::{Action, Decision, Outcome};
use crate::lang::Lang;
use crate::reply::{Money, format_money};

/// Tickets by outcome.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct Counts {
    pub count: usize,
    pub resolved: usize,
    pub escalated: usize,
    pub needs_info: usize,
}

impl Counts {
    fn add(&mut self, outcome: Outcome) {
        self.count += 1;
        match outcome {
            Outcome::Resolved => self.resolved += 1,
            Outcome::Escalated => self.escalated += 1,
            Outcome::NeedsInfo => self.needs_info += 1,
        }
    }
}

/// The figures of a simulation (also written by `--report-json`).
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub events: usize,
    pub objects: usize,
    pub kb_documents: usize,
    pub tickets: Counts,
    /// Resolved without a person, 0–1.
    pub automation_rate: f64,
    pub per_intent: BTreeMap<String, Counts>,
    pub per_language: BTreeMap<String, Counts>,
    pub actions: BTreeMap<String, usize>,
    /// Minor units refunded per currency.
    pub refunded: BTreeMap<String, i64>,
    pub escalations: BTreeMap<String, usize>,
    /// Seconds per stage.
    pub stages: Vec<(String, f64)>,
    pub slowest_stage: String,
    pub tickets_per_second: f64,
    pub seconds: f64,
}

/// Decisions counted as they come, so a simulation need not keep them.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    decided: usize,
    tickets: Counts,
    per_intent: BTreeMap<String, Counts>,
    per_language: BTreeMap<String, Counts>,
    actions: BTreeMap<String, usize>,
    refunded: BTreeMap<String, i64>,
    escalations: BTreeMap<String, usize>,
}

impl Tally {
    /// Counts one decision.
    pub fn add(&mut self, d: &Decision) {
        self.decided += 1;
        self.tickets.add(d.outcome);
        self.per_intent
            .entry(d.intent.to_string())
            .or_default()
            .add(d.outcome);
        self.per_language
            .entry(d.language.clone())
            .or_default()
            .add(d.outcome);
        if let Some(team) = d.team {
            *self
                .escalations
                .entry(team.as_str().to_string())
                .or_insert(0) += 1;
        }
        for a in &d.actions {
            let kind = serde_json::to_value(a)
                .ok()
                .and_then(|v| v["type"].as_str().map(str::to_string))
                .unwrap_or_default();
            *self.actions.entry(kind).or_insert(0) += 1;
            if let Action::Refund {
                amount, currency, ..
            } = a
            {
                *self.refunded.entry(currency.clone()).or_insert(0) += amount;
            }
        }
    }
}

/// What a report says besides the decisions' tallies.
#[derive(Debug, Clone)]
pub struct RunFacts {
    pub events: usize,
    pub objects: usize,
    pub kb_documents: usize,
    pub stages: Vec<(&'static str, Duration)>,
    pub deciding: Duration,
    pub total: Duration,
}

impl Report {
    /// Tallies the decisions.
    pub fn new(
        decisions: &[Decision],
        events: usize,
        objects: usize,
        kb_documents: usize,
        stages: Vec<(&'static str, Duration)>,
        deciding: Duration,
        total: Duration,
    ) -> Report {
        let mut tally = Tally::default();
        decisions.iter().for_each(|d| tally.add(d));
        Report::from_tally(
            tally,
            RunFacts {
                events,
                objects,
                kb_documents,
                stages,
                deciding,
                total,
            },
        )
    }

    /// The report of counted decisions.
    pub fn from_tally(t: Tally, run: RunFacts) -> Report {
        let slowest = run
            .stages
            .iter()
            .max_by_key(|(_, d)| *d)
            .map(|(s, _)| s.to_string())
            .unwrap_or_default();
        let tickets = t.tickets;
        Report {
            events: run.events,
            objects: run.objects,
            kb_documents: run.kb_documents,
            automation_rate: if tickets.count == 0 {
                0.0
            } else {
                tickets.resolved as f64 / tickets.count as f64
            },
            tickets,
            per_intent: t.per_intent,
            per_language: t.per_language,
            actions: t.actions,
            refunded: t.refunded,
            escalations: t.escalations,
            stages: run
                .stages
                .into_iter()
                .map(|(s, d)| (s.to_string(), d.as_secs_f64()))
                .collect(),
            slowest_stage: slowest,
            tickets_per_second: t.decided as f64 / run.deciding.as_secs_f64().max(1e-9),
            seconds: run.total.as_secs_f64(),
        }
    }

    /// The report as a person reads it.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let t = &self.tickets;
        let pct = |n: usize, of: usize| {
            if of == 0 {
                0.0
            } else {
                100.0 * n as f64 / of as f64
            }
        };
        let _ = writeln!(
            out,
            "paydesk simulation: {} tickets against {} events ({} objects)",
            t.count, self.events, self.objects
        );
        let _ = writeln!(
            out,
            "automation rate {:.1}%: {} resolved, {} escalated, {} asked for more information\n",
            100.0 * self.automation_rate,
            t.resolved,
            t.escalated,
            t.needs_info
        );
        for (title, table) in [
            ("intent", &self.per_intent),
            ("language", &self.per_language),
        ] {
            let _ = writeln!(
                out,
                "{title:<22} {:>7} {:>9} {:>10} {:>11}",
                "tickets", "resolved", "escalated", "needs_info"
            );
            for (key, c) in table {
                let _ = writeln!(
                    out,
                    "{key:<22} {:>7} {:>8.0}% {:>10} {:>11}",
                    c.count,
                    pct(c.resolved, c.count),
                    c.escalated,
                    c.needs_info
                );
            }
            out.push('\n');
        }
        let list = |m: &BTreeMap<String, usize>| {
            m.iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = writeln!(
            out,
            "actions: {}",
            if self.actions.is_empty() {
                "none".into()
            } else {
                list(&self.actions)
            }
        );
        let money: Vec<String> = self
            .refunded
            .iter()
            .map(|(c, v)| {
                let money = Money {
                    amount: *v,
                    currency: c.clone(),
                };
                format!("{} ({v} {c} minor units)", format_money(&money, Lang::En))
            })
            .collect();
        let _ = writeln!(
            out,
            "refunded: {}",
            if money.is_empty() {
                "nothing".into()
            } else {
                money.join(", ")
            }
        );
        let _ = writeln!(
            out,
            "escalations: {}",
            if self.escalations.is_empty() {
                "none".into()
            } else {
                list(&self.escalations)
            }
        );
        let stages: Vec<String> = self
            .stages
            .iter()
            .map(|(s, d)| format!("{s} {:.3}s", d))
            .collect();
        let _ = writeln!(
            out,
            "stages: {}; slowest: {}",
            stages.join(", "),
            self.slowest_stage
        );
        let _ = writeln!(
            out,
            "{:.0} tickets/s, {:.2}s in all",
            self.tickets_per_second, self.seconds
        );
        out
    }
}
