//! paydesk's service: configuration, the ingest pipeline, the HTTP API and
//! the jobs that feed the store (import, backfill).
//!
//! # Layout
//! - [`config`]: defaults embedded in the binary → file → environment; validated once.
//! - [`ingest`]: envelope parsing and the group-commit writer shared by every way in.
//! - [`mirror`]: the follower that derives the mirror behind the webhook writer.
//! - [`routes`]: the axum routes, one file per resource (webhooks, customers, health).
//! - [`error`]: the API error (client errors with a code, opaque internal ones).
//! - [`metrics`]: Prometheus counters and the ingest latency histogram.
//! - [`outbox`]: the worker that carries out jobs (Stripe actions, chat posts, replies).
//! - [`tickets`]: paydesk's tickets and the live agent loop.
//! - [`agent_help`]: the live agent's optional language model (`[llm]`) and knowledge base (`agent.kb_dir`).
//! - [`email`]: the `email.send` job: emails to customers over SMTP.
//! - [`digest`]: the daily digest posted to the chat webhook.
//! - [`playbooks`]: what payment events do besides updating the mirror (rules, CEL).
//! - [`import`]: `paydesk import-events FILE` (JSONL).
//! - [`backfill`]: `paydesk backfill` from Stripe's Events API, resumable.
//! - [`run`]: the library entry; `main` only parses arguments and calls it.

pub mod agent_help;
pub mod backfill;
pub mod config;
pub mod digest;
pub mod email;
pub mod error;
pub mod import;
pub mod ingest;
pub mod metrics;
pub mod mirror;
pub mod outbox;
pub mod playbooks;
pub mod routes;
pub mod tickets;

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
    /// A setting is valid on its own but cannot be used (a policy file, an API key).
    #[error("{0}")]
    Setup(String),
}

/// The merchant's policy: the configured file, or the built-in defaults.
pub fn load_policy(path: &str) -> Result<paydesk_agent::policy::Policy, ServerError> {
    use paydesk_agent::policy::Policy;
    if path.is_empty() {
        return Policy::parse("(built-in policy)", "")
            .map_err(|e| ServerError::Setup(e.to_string()));
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| ServerError::Setup(format!("agent.policy_file {path}: {e}")))?;
    Policy::parse(path, &text).map_err(|e| ServerError::Setup(e.to_string()))
}

/// The Stripe client for actions, when an API key is configured.
pub fn action_client(config: &Config) -> Result<Option<paydesk_stripe::Client>, ServerError> {
    let key = config.stripe.api_key.expose();
    if key.is_empty() {
        return Ok(None);
    }
    // A couple of quick retries; the outbox retries durably beyond that.
    let retry = paydesk_stripe::RetryPolicy {
        max_retries: 2,
        base_delay: std::time::Duration::from_millis(500),
        max_delay: std::time::Duration::from_secs(5),
    };
    paydesk_stripe::Client::new(&config.stripe.api_base, key, retry)
        .map(Some)
        .map_err(|e| ServerError::Setup(format!("stripe: {e}")))
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
    let policy = Arc::new(load_policy(&config.agent.policy_file)?);
    let executor = outbox::Executor::new(
        store.clone(),
        action_client(&config)?,
        config.outbox.clone(),
    );
    let help = agent_help::AgentHelp::from_config(&config)?;
    let tickets = Arc::new(
        tickets::Tickets::new(
            store.clone(),
            policy,
            config.agent.portal_return_url.clone(),
            executor.waker(),
        )
        .with_email_replies(!config.email.smtp_url.expose().is_empty())
        .with_help(help),
    );
    let mut executor = executor.with(Arc::new(tickets::deliver::TicketReplies(tickets.clone())));
    match email::Mailer::from_config(&config.email) {
        Ok(Some(mailer)) => executor = executor.with(Arc::new(mailer)),
        Ok(None) => {}
        // Validated at load; a config built in code may still be wrong.
        Err(e) => return Err(ServerError::Setup(e.to_string())),
    }
    let executor = Arc::new(executor);
    let (stop_worker, worker_stopped) = tokio::sync::oneshot::channel::<()>();
    let worker = tokio::spawn(outbox::run_worker(executor, async move {
        let _ = worker_stopped.await;
    }));
    let (stop_playbooks, playbooks_stopped) = tokio::sync::oneshot::channel::<()>();
    let playbook_task = config.playbooks.enabled.then(|| {
        let playbooks = Arc::new(playbooks::Playbooks::new(&config, tickets.clone()));
        let poll = std::time::Duration::from_millis(config.outbox.poll_interval_ms.max(100));
        tokio::spawn(playbooks::run(playbooks, poll, async move {
            let _ = playbooks_stopped.await;
        }))
    });
    let (stop_digest, digest_stopped) = tokio::sync::oneshot::channel::<()>();
    let chat_url = config.playbooks.chat_webhook_url.expose().to_owned();
    let digest_task = (config.playbooks.enabled && config.playbooks.digest && !chat_url.is_empty())
        .then(|| {
            tokio::spawn(digest::run(
                store.clone(),
                chat_url,
                config.playbooks.digest_hour_utc,
                async move {
                    let _ = digest_stopped.await;
                },
            ))
        });
    let committed = ingest::Committed::default();
    let metrics = Arc::new(metrics::Metrics::default());
    let (stop_mirror, mirror_stopped) = tokio::sync::oneshot::channel::<()>();
    let mirror_task = tokio::spawn(mirror::run(
        store.clone(),
        committed.clone(),
        metrics.mirror_synced_seq.clone(),
        async move {
            let _ = mirror_stopped.await;
        },
    ));
    let (ingestor, writer) = ingest::Ingestor::start(
        store.clone(),
        config.ingest.batch_max,
        committed,
        metrics.batch.clone(),
    );
    let state = routes::AppState {
        store: store.clone(),
        ingestor,
        metrics,
        config: Arc::new(config),
        tickets,
    };
    tracing::info!(addr = %listener.local_addr()?, store = store.backend(), "paydesk listening");
    let app = routes::router(state);
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await?;
    // The router (and with it every Ingestor handle) is dropped: the writer drains and stops.
    let _ = writer.await;
    // Then the mirror catches up with the last batch and stops.
    let _ = stop_mirror.send(());
    let _ = mirror_task.await;
    // The worker finishes the job in hand; the rest waits in the outbox for the next start.
    let _ = stop_digest.send(());
    if let Some(task) = digest_task {
        let _ = task.await;
    }
    let _ = stop_playbooks.send(());
    if let Some(task) = playbook_task {
        let _ = task.await;
    }
    let _ = stop_worker.send(());
    let _ = worker.await;
    tracing::info!("paydesk stopped");
    Ok(())
}
