//! What the playbook tests share: a shop on a fresh SQLite store with the
//! playbooks of a configuration, events delivered one at a time as in
//! `serve`, and the outbox run against the local SMTP server.
#![allow(dead_code)] // each test file uses its own part

use std::sync::Arc;

use paydesk_server::config::Config;
use paydesk_server::email::Mailer;
use paydesk_server::outbox::Executor;
use paydesk_server::playbooks::{PlaybookReport, Playbooks};
use paydesk_server::tickets::{Channel, NewTicket, Status, Tickets};
use paydesk_store::{Job, NewEvent, Source, Store};
use paydesk_testkit::{FakeSmtp, shared_dir};
use serde_json::{Value, json};

/// Now, Unix seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// The configuration of these environment variables (and a database URL).
pub fn config(extra: &[(&str, &str)]) -> Config {
    config_with(None, extra)
}

/// The configuration of a TOML file's text and these environment variables.
pub fn config_with(toml: Option<&str>, extra: &[(&str, &str)]) -> Config {
    try_config(toml, extra).expect("a valid configuration")
}

/// Loads a configuration, or says why it is refused.
pub fn try_config(toml: Option<&str>, extra: &[(&str, &str)]) -> Result<Config, String> {
    let vars: Vec<(String, String)> = [("PAYDESK_DATABASE_URL", "sqlite://unused.db")]
        .iter()
        .chain(extra)
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("paydesk.toml");
    if let Some(text) = toml {
        std::fs::write(&file, text).unwrap();
    }
    Config::load_with_env(toml.map(|_| file.as_path()), |name| {
        vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    })
    .map_err(|e| e.to_string())
}

/// A real event payload from the shared data, with our type, ids and fields.
pub fn real(file: &str, id: &str, event_type: &str, created: i64, object: Value) -> Value {
    let path = shared_dir().join("data/stripe/events").join(file);
    let mut event: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    event["id"] = json!(id);
    event["type"] = json!(event_type);
    event["created"] = json!(created);
    let o = event["data"]["object"].as_object_mut().unwrap();
    for (k, v) in object.as_object().unwrap() {
        o.insert(k.clone(), v.clone());
    }
    event
}

/// A `customer.created` event.
pub fn customer(id: &str, email: &str, name: &str, locales: &[&str], at: i64) -> Value {
    real(
        "customer_updated.json",
        &format!("evt_{id}"),
        "customer.created",
        at,
        json!({"id": id, "email": email, "name": name, "preferred_locales": locales, "created": at}),
    )
}

/// The log's record of an event, received now.
pub fn new_event(event: &Value) -> NewEvent {
    let raw = serde_json::to_vec(event).unwrap();
    let (envelope, value) = paydesk_domain::EventEnvelope::parse(&raw).unwrap();
    NewEvent {
        versions: paydesk_domain::versions_of_event(&envelope, &value),
        envelope,
        raw,
        source: Source::Webhook,
        received_at_ms: now() * 1000,
    }
}

/// A merchant's paydesk, without the HTTP service.
pub struct Shop {
    pub store: Arc<dyn Store>,
    pub tickets: Arc<Tickets>,
    pub playbooks: Playbooks,
    pub config: Config,
    _dir: tempfile::TempDir,
}

/// A shop with the default rules and these environment variables.
pub async fn shop(extra: &[(&str, &str)]) -> Shop {
    shop_with(config(extra)).await
}

/// A shop with this configuration.
pub async fn shop_with(config: Config) -> Shop {
    let dir = tempfile::tempdir().unwrap();
    let store = paydesk_store::connect(&format!("sqlite://{}/p.db", dir.path().display()))
        .await
        .unwrap();
    let policy = Arc::new(paydesk_server::load_policy("").unwrap());
    let tickets = Arc::new(Tickets::new(
        store.clone(),
        policy,
        String::new(),
        Default::default(),
    ));
    let playbooks = Playbooks::new(&config, tickets.clone());
    Shop {
        store,
        tickets,
        playbooks,
        config,
        _dir: dir,
    }
}

impl Shop {
    /// Delivers events one at a time, the playbooks running after each, as
    /// in `serve`; returns everything they did.
    pub async fn deliver(&self, events: &[Value]) -> PlaybookReport {
        let mut total = PlaybookReport::default();
        for event in events {
            self.store.append(&[new_event(event)]).await.unwrap();
            let r = self.playbooks.catch_up().await.unwrap();
            total.events_seen += r.events_seen;
            total.tickets_opened += r.tickets_opened;
            total.notes_added += r.notes_added;
            total.tickets_closed += r.tickets_closed;
            total.tickets_kept_open += r.tickets_kept_open;
            total.chat_posts += r.chat_posts;
            total.customer_messages += r.customer_messages;
            total.failed_payment_notes += r.failed_payment_notes;
            for (why, n) in r.messages_unsent {
                *total.messages_unsent.entry(why).or_default() += n;
            }
        }
        total
    }

    /// A customer's open ticket `id`, linked to the Stripe customer and these objects.
    pub async fn open_ticket(&self, id: &str, customer: &str, links: &[&str], body: &str, at: i64) {
        self.tickets
            .create(
                NewTicket {
                    id: Some(id.into()),
                    email: None,
                    name: None,
                    subject: None,
                    body: body.into(),
                    channel: Channel::Api,
                },
                at,
            )
            .await
            .unwrap();
        self.tickets
            .modify(id, |t| {
                t.customer = Some(customer.into());
                t.status = Status::Open;
                for link in links {
                    t.link(link);
                }
                Ok(())
            })
            .await
            .unwrap();
    }

    /// The `email.send` jobs, oldest first.
    pub async fn email_jobs(&self) -> Vec<Job> {
        let mut jobs: Vec<_> = self
            .store
            .jobs(None, 100)
            .await
            .unwrap()
            .into_iter()
            .filter(|j| j.kind == "email.send")
            .collect();
        jobs.sort_by_key(|j| j.id);
        jobs
    }

    /// Runs the outbox (with the SMTP mailer) until nothing is due, as time passes.
    pub async fn send(&self) {
        let mailer = Mailer::from_config(&self.config.email).unwrap().unwrap();
        let executor = Executor::new(self.store.clone(), None, self.config.outbox.clone())
            .with(Arc::new(mailer));
        let mut at = now() * 1000;
        for _ in 0..20 {
            executor.run_once(at).await.unwrap();
            at += 3_600_000;
        }
    }
}

/// The environment that points paydesk's email at the local SMTP server.
pub fn smtp_vars(smtp: &FakeSmtp) -> Vec<(&'static str, String)> {
    vec![
        ("PAYDESK_EMAIL_SMTP_URL", smtp.url()),
        (
            "PAYDESK_EMAIL_FROM",
            "Kaffee Rösterei <support@roast.example>".into(),
        ),
    ]
}

/// `smtp_vars` as the borrowed pairs `config` takes.
pub fn pairs<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    v.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// A mail's body with quoted-printable soft line breaks joined.
pub fn body_of(mail: &paydesk_testkit::ReceivedMail) -> String {
    mail.body().replace("=\r\n", "")
}
