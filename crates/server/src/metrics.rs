//! Prometheus metrics of the ingest path, served at `GET /metrics`.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

/// Label of a rejected event: why.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct Reason {
    /// Stable snake_case reason, as in the JSON error's `code`.
    pub reason: String,
}

/// Label of a received event: where from.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct SourceLabel {
    /// `webhook`, `import` or `backfill`.
    pub source: String,
}

/// The ingest metrics.
pub struct Metrics {
    registry: Registry,
    /// Events accepted and stored for the first time.
    pub received: Family<SourceLabel, Counter>,
    /// Webhook deliveries refused, by reason.
    pub rejected: Family<Reason, Counter>,
    /// Redeliveries of events already in the log.
    pub duplicates: Counter,
    /// Time from request to acknowledgement (after commit), seconds.
    pub ingest_latency: Histogram,
    /// The log position the mirror has derived up to, on a store whose
    /// mirror follows the log (SQLite); 0 on PostgreSQL, whose mirror is
    /// written with the log.
    pub mirror_synced_seq: Gauge,
    /// The writer's commits: events per batch, and seconds per commit.
    pub batch: BatchMetrics,
}

/// What the webhook writer observes of its group commits.
#[derive(Clone)]
pub struct BatchMetrics {
    /// Events per committed batch.
    pub events: Histogram,
    /// Seconds from the batch's start to its commit.
    pub commit_seconds: Histogram,
}

impl BatchMetrics {
    fn new() -> Self {
        BatchMetrics {
            events: Histogram::new(exponential_buckets(1.0, 2.0, 10)),
            commit_seconds: Histogram::new(exponential_buckets(0.000_125, 2.0, 14)),
        }
    }
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("paydesk");
        let received = Family::<SourceLabel, Counter>::default();
        let rejected = Family::<Reason, Counter>::default();
        let duplicates = Counter::default();
        let ingest_latency = Histogram::new(exponential_buckets(0.000_25, 2.0, 16));
        registry.register(
            "events_received",
            "Events stored for the first time",
            received.clone(),
        );
        registry.register(
            "events_rejected",
            "Webhook deliveries refused, by reason",
            rejected.clone(),
        );
        registry.register(
            "events_duplicate",
            "Redelivered events already in the log",
            duplicates.clone(),
        );
        registry.register(
            "ingest_latency_seconds",
            "Webhook request to acknowledgement, after commit",
            ingest_latency.clone(),
        );
        let mirror_synced_seq = Gauge::default();
        registry.register(
            "mirror_synced_seq",
            "Log sequence number up to which the mirror is derived",
            mirror_synced_seq.clone(),
        );
        let batch = BatchMetrics::new();
        registry.register(
            "ingest_batch_events",
            "Events per group commit of the webhook writer",
            batch.events.clone(),
        );
        registry.register(
            "ingest_commit_seconds",
            "Duration of a group commit of the webhook writer",
            batch.commit_seconds.clone(),
        );
        Metrics {
            registry,
            mirror_synced_seq,
            batch,
            received,
            rejected,
            duplicates,
            ingest_latency,
        }
    }
}

impl Metrics {
    /// Counts a refused delivery.
    pub fn reject(&self, reason: &str) {
        self.rejected
            .get_or_create(&Reason {
                reason: reason.to_string(),
            })
            .inc();
    }

    /// Counts a stored event.
    pub fn stored(&self, source: &str) {
        self.received
            .get_or_create(&SourceLabel {
                source: source.to_string(),
            })
            .inc();
    }

    /// The Prometheus text exposition.
    pub fn render(&self) -> String {
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }
}
