//! What one connection records, and the report made from all of them.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::json;

/// How many bytes of an unexpected response body are kept to show the user.
const SAMPLE_BYTES: usize = 300;

/// The tallies one connection keeps while it sends.
#[derive(Debug, Default)]
pub struct Tally {
    /// Latency of each answered request, in nanoseconds.
    pub latencies_ns: Vec<u64>,
    /// Answered requests by HTTP status.
    pub by_status: BTreeMap<u16, u64>,
    /// Requests that got no response (connection refused, reset, …).
    pub transport_errors: u64,
    /// The first non-2xx answer seen, to tell the user why requests fail.
    pub first_failure: Option<(u16, String)>,
    /// The first transport error seen.
    pub first_error: Option<String>,
}

impl Tally {
    /// Records one answered request.
    pub fn answered(&mut self, status: u16, latency: Duration, body: &[u8]) {
        self.latencies_ns.push(latency.as_nanos() as u64);
        *self.by_status.entry(status).or_default() += 1;
        if !(200..300).contains(&status) && self.first_failure.is_none() {
            let shown = &body[..body.len().min(SAMPLE_BYTES)];
            self.first_failure = Some((status, String::from_utf8_lossy(shown).into_owned()));
        }
    }

    /// Records one request that got no response.
    pub fn failed(&mut self, error: &dyn std::fmt::Display) {
        self.transport_errors += 1;
        self.first_error.get_or_insert_with(|| error.to_string());
    }

    /// Folds another connection's tally into this one.
    pub fn merge(&mut self, other: Tally) {
        self.latencies_ns.extend(other.latencies_ns);
        for (status, count) in other.by_status {
            *self.by_status.entry(status).or_default() += count;
        }
        self.transport_errors += other.transport_errors;
        self.first_failure = self.first_failure.take().or(other.first_failure);
        self.first_error = self.first_error.take().or(other.first_error);
    }
}

/// The figures of one load run.
#[derive(Debug)]
pub struct Report {
    /// The target URL.
    pub url: String,
    /// Timed events requested.
    pub events: usize,
    /// Concurrent connections.
    pub concurrency: usize,
    /// Untimed events sent first.
    pub warmup: usize,
    /// Mean body size in bytes.
    pub body_bytes: usize,
    /// Wall time of the timed phase.
    pub wall: Duration,
    /// Everything the connections recorded in the timed phase.
    pub tally: Tally,
}

impl Report {
    /// Answered requests per second of wall time.
    pub fn events_per_s(&self) -> f64 {
        self.tally.latencies_ns.len() as f64 / self.wall.as_secs_f64()
    }

    fn ok(&self) -> u64 {
        self.tally.by_status.range(200..300).map(|(_, n)| n).sum()
    }

    fn non_ok(&self) -> u64 {
        self.tally.latencies_ns.len() as u64 - self.ok()
    }

    /// Latency at quantile `q` (0..=1) in milliseconds, nearest rank; needs sorted latencies.
    fn quantile_ms(&self, q: f64) -> f64 {
        let sorted = &self.tally.latencies_ns;
        if sorted.is_empty() {
            return 0.0;
        }
        let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
        sorted[rank - 1] as f64 / 1e6
    }

    /// Sorts the latencies so quantiles can be read.
    pub fn finish(mut self) -> Self {
        self.tally.latencies_ns.sort_unstable();
        self
    }

    /// The figures as one JSON object.
    pub fn to_json(&self) -> serde_json::Value {
        let by_status: BTreeMap<String, u64> = (self.tally.by_status.iter())
            .map(|(s, n)| (s.to_string(), *n))
            .collect();
        json!({
            "url": self.url,
            "events": self.events,
            "concurrency": self.concurrency,
            "warmup": self.warmup,
            "body_bytes": self.body_bytes,
            "wall_s": round3(self.wall.as_secs_f64()),
            "events_per_s": round3(self.events_per_s()),
            "latency_ms": {
                "p50": round3(self.quantile_ms(0.50)),
                "p90": round3(self.quantile_ms(0.90)),
                "p99": round3(self.quantile_ms(0.99)),
                "max": round3(self.quantile_ms(1.0)),
            },
            "ok_2xx": self.ok(),
            "non_2xx": self.non_ok(),
            "by_status": by_status,
            "transport_errors": self.tally.transport_errors,
            "unsent": self.unsent(),
        })
    }

    /// Timed events that never got an answer nor an error (every connection gave up).
    fn unsent(&self) -> u64 {
        let tried = self.tally.latencies_ns.len() as u64 + self.tally.transport_errors;
        (self.events as u64).saturating_sub(tried)
    }

    /// The figures as a small table for people.
    pub fn to_table(&self) -> String {
        let mut rows = vec![
            ("target", self.url.clone()),
            (
                "events",
                format!("{} (+{} warmup)", self.events, self.warmup),
            ),
            ("connections", self.concurrency.to_string()),
            ("body bytes", format!("{} avg", self.body_bytes)),
            ("wall time", format!("{:.3} s", self.wall.as_secs_f64())),
            ("events/s", format!("{:.1}", self.events_per_s())),
        ];
        for (name, q) in [("p50", 0.5), ("p90", 0.9), ("p99", 0.99), ("max", 1.0)] {
            rows.push((name, format!("{:.3} ms", self.quantile_ms(q))));
        }
        rows.push(("2xx", self.ok().to_string()));
        rows.push(("non-2xx", self.non_ok().to_string()));
        for (status, count) in &self.tally.by_status {
            rows.push(("  status", format!("{status}: {count}")));
        }
        rows.push(("transport errors", self.tally.transport_errors.to_string()));
        if self.unsent() > 0 {
            rows.push(("unsent", self.unsent().to_string()));
        }
        rows.iter().map(|(k, v)| format!("{k:<17}{v}\n")).collect()
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(latencies_ms: &[u64], statuses: &[u16]) -> Report {
        let mut tally = Tally::default();
        for (ms, status) in latencies_ms.iter().zip(statuses) {
            tally.answered(*status, Duration::from_millis(*ms), b"nope");
        }
        let events = latencies_ms.len();
        Report {
            url: "http://127.0.0.1:1/".into(),
            events,
            concurrency: 1,
            warmup: 0,
            body_bytes: 10,
            wall: Duration::from_secs(2),
            tally,
        }
        .finish()
    }

    #[test]
    fn quantiles_use_nearest_rank() {
        let r = report(&(1..=100).rev().collect::<Vec<_>>(), &[200; 100]);

        assert_eq!(r.quantile_ms(0.5), 50.0);
        assert_eq!(r.quantile_ms(0.99), 99.0);
        assert_eq!(r.quantile_ms(1.0), 100.0);
        assert_eq!(r.events_per_s(), 50.0);
    }

    #[test]
    fn failures_are_counted_by_status_and_sampled() {
        let r = report(&[1, 2, 3], &[200, 400, 400]);

        let json = r.to_json();

        assert_eq!(json["ok_2xx"], 2 - 1);
        assert_eq!(json["non_2xx"], 2);
        assert_eq!(json["by_status"]["400"], 2);
        assert_eq!(r.tally.first_failure, Some((400, "nope".into())));
    }
}
