//! paydesk's service: configuration, the ingest pipeline, the HTTP API and
//! the jobs that feed the store (import, backfill).
//!
//! # Layout
//! - [`config`]: defaults embedded in the binary → file → environment; validated once.
//! - [`ingest`]: envelope parsing and the group-commit writer shared by every way in.
//! - [`routes`]: the axum routes, one file per resource (webhooks, customers, health).
//! - [`error`]: the API error (client errors with a code, opaque internal ones).
//! - [`metrics`]: Prometheus counters and the ingest latency histogram.
//! - [`outbox`]: the worker that carries out jobs (Stripe actions, chat posts, replies).
//! - [`import`]: `paydesk import-events FILE` (JSONL).
//! - [`backfill`]: `paydesk backfill` from Stripe's Events API, resumable.
//! - [`run`]: the library entry; `main` only parses arguments and calls it.

pub mod backfill;
pub mod config;
pub mod error;
pub mod import;
pub mod ingest;
pub mod metrics;
pub mod outbox;
pub mod routes;

use std::future::Future;
use std::sync::Arc;

use paydesk_store::Store;
use tokio::net::TcpListener;

pub use config::Config;

/// Errors that stop the service.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The store could not be opened.
    #[error(transparent)]
    Store(#[from] paydesk_store::StoreError),
    /// The listener failed.
    #[error("serving HTTP failed: {0}")]
    Io(#[from] std::io::Error),
}

/// Opens the configured store and serves until `shutdown` resolves.
pub async fn run(
    config: Config,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    let store = paydesk_store::connect(config.database_url.expose()).await?;
    run_with_store(config, store, listener, shutdown).await
}

/// Serves with a given store until `shutdown` resolves; in-flight requests
/// finish and every accepted event is committed before this returns.
pub async fn run_with_store(
    config: Config,
    store: Arc<dyn Store>,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    if config.stripe.webhook_secrets.is_empty() {
        tracing::warn!(
            "no webhook signing secret configured: every webhook will be refused (set PAYDESK_STRIPE_WEBHOOK_SECRETS)"
        );
    }
    let (ingestor, writer) = ingest::Ingestor::start(store.clone(), config.ingest.batch_max);
    let state = routes::AppState {
        store: store.clone(),
        ingestor,
        metrics: Arc::new(metrics::Metrics::default()),
        config: Arc::new(config),
    };
    tracing::info!(addr = %listener.local_addr()?, store = store.backend(), "paydesk listening");
    let app = routes::router(state);
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await?;
    // The router (and with it every Ingestor handle) is dropped: the writer drains and stops.
    let _ = writer.await;
    tracing::info!("paydesk stopped");
    Ok(())
}
