//! Configuration: the commented defaults embedded in the binary, then an
//! optional file, then environment variables; validated once at start.

use std::net::SocketAddr;
use std::path::Path;

use figment::Figment;
use figment::providers::{Format, Serialized, Toml};
use paydesk_agent::reply::Situation;
use serde::{Deserialize, Deserializer};

/// The defaults, with a comment on every key (`paydesk config` prints it).
pub const DEFAULT_TOML: &str = include_str!("paydesk.default.toml");

/// Environment variables, the key each sets, and whether its value is a number or a boolean.
const ENV_KEYS: &[(&str, &str, bool)] = &[
    ("PAYDESK_LISTEN", "listen", false),
    ("PAYDESK_DATABASE_URL", "database_url", false),
    (
        "PAYDESK_STRIPE_WEBHOOK_SECRETS",
        "stripe.webhook_secrets",
        false,
    ),
    (
        "PAYDESK_STRIPE_SIGNATURE_TOLERANCE_SECS",
        "stripe.signature_tolerance_secs",
        true,
    ),
    ("PAYDESK_STRIPE_API_KEY", "stripe.api_key", false),
    ("STRIPE_API_BASE", "stripe.api_base", false),
    ("PAYDESK_STRIPE_API_BASE", "stripe.api_base", false),
    (
        "PAYDESK_INGEST_MAX_BODY_BYTES",
        "ingest.max_body_bytes",
        true,
    ),
    ("PAYDESK_INGEST_BATCH_MAX", "ingest.batch_max", true),
    ("PAYDESK_API_TOKENS", "api.tokens", false),
    (
        "PAYDESK_OUTBOX_POLL_INTERVAL_MS",
        "outbox.poll_interval_ms",
        true,
    ),
    ("PAYDESK_AGENT_POLICY_FILE", "agent.policy_file", false),
    ("PAYDESK_AGENT_KB_DIR", "agent.kb_dir", false),
    ("PAYDESK_PLAYBOOKS_ENABLED", "playbooks.enabled", true),
    (
        "PAYDESK_PLAYBOOKS_CHAT_WEBHOOK_URL",
        "playbooks.chat_webhook_url",
        false,
    ),
    (
        "PAYDESK_AGENT_PORTAL_RETURN_URL",
        "agent.portal_return_url",
        false,
    ),
    ("PAYDESK_OUTBOX_LEASE_SECS", "outbox.lease_secs", true),
    ("PAYDESK_OUTBOX_MAX_ATTEMPTS", "outbox.max_attempts", true),
    ("PAYDESK_OUTBOX_RETRY_BASE_MS", "outbox.retry_base_ms", true),
    ("PAYDESK_OUTBOX_RETRY_MAX_MS", "outbox.retry_max_ms", true),
    (
        "PAYDESK_OUTBOX_HTTP_TIMEOUT_MS",
        "outbox.http_timeout_ms",
        true,
    ),
    ("PAYDESK_EMAIL_SMTP_URL", "email.smtp_url", false),
    ("PAYDESK_EMAIL_FROM", "email.from", false),
    ("PAYDESK_EMAIL_TIMEOUT_MS", "email.timeout_ms", true),
    (
        "PAYDESK_PLAYBOOKS_MESSAGE_MAX_AGE_SECS",
        "playbooks.message_max_age_secs",
        true,
    ),
    (
        "PAYDESK_PLAYBOOKS_DEFAULT_LANGUAGE",
        "playbooks.default_language",
        false,
    ),
    ("PAYDESK_PLAYBOOKS_DIGEST", "playbooks.digest", true),
    (
        "PAYDESK_PLAYBOOKS_DIGEST_HOUR_UTC",
        "playbooks.digest_hour_utc",
        true,
    ),
    ("PAYDESK_LLM_ENABLED", "llm.enabled", true),
    ("PAYDESK_LLM_BASE_URL", "llm.base_url", false),
    ("PAYDESK_LLM_MODEL", "llm.model", false),
    ("PAYDESK_LLM_API_KEY", "llm.api_key", false),
    ("PAYDESK_LLM_TIMEOUT_MS", "llm.timeout_ms", true),
    ("PAYDESK_LLM_MAX_RETRIES", "llm.max_retries", true),
    ("PAYDESK_LLM_USE_FOR", "llm.use_for", false),
    (
        "PAYDESK_UI_SIMULATION_DECISIONS",
        "ui.simulation_decisions",
        false,
    ),
    (
        "PAYDESK_UI_SIMULATION_REPORT",
        "ui.simulation_report",
        false,
    ),
];

/// A configuration error, naming the key or file at fault.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file or an environment variable could not be read or has a bad value.
    #[error("configuration: {0}")]
    Load(String),
    /// A value is well-formed but not acceptable.
    #[error("configuration: `{key}` {problem}")]
    Invalid {
        /// The key, e.g. `stripe.signature_tolerance_secs`.
        key: &'static str,
        /// What is wrong with its value.
        problem: String,
    },
}

/// A secret string: never shown by `Debug`, so never logged.
#[derive(Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// The secret itself, for the one place that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_empty() {
            "\"\""
        } else {
            "[redacted]"
        })
    }
}

/// paydesk's configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Address of the HTTP service.
    pub listen: SocketAddr,
    /// `sqlite://PATH` or `postgres://…`.
    pub database_url: Secret,
    /// Stripe settings.
    pub stripe: StripeConfig,
    /// Ingest pipeline settings.
    pub ingest: IngestConfig,
    /// HTTP API settings.
    pub api: ApiConfig,
    /// The optional language model.
    pub llm: LlmConfig,
    /// `[outbox]`
    pub outbox: OutboxConfig,
    /// `[agent]`
    pub agent: AgentConfig,
    /// `[playbooks]`
    pub playbooks: PlaybooksConfig,
    /// `[email]`
    pub email: EmailConfig,
    /// `[ui]`
    pub ui: UiConfig,
}

/// `[ui]`: what the web UI shows besides the live data.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UiConfig {
    /// Decisions of a `paydesk simulate` run (its `--out`, JSONL); empty: none.
    pub simulation_decisions: String,
    /// The same run's `--report-json`; empty: none.
    pub simulation_report: String,
}

/// `[email]`: outgoing mail for the messages playbooks send customers.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailConfig {
    /// `smtp://…` or `smtps://…`; empty: no email is sent. May hold a password.
    pub smtp_url: Secret,
    /// The sender, e.g. `Shop <support@shop.example>`.
    pub from: String,
    /// How long one SMTP exchange may take.
    pub timeout_ms: u64,
}

/// `[playbooks]`: what payment events do besides updating the mirror.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaybooksConfig {
    /// Whether `serve` runs them.
    pub enabled: bool,
    /// A Slack-compatible incoming webhook for `do = "chat"`; it holds a secret.
    pub chat_webhook_url: Secret,
    /// The rules, first match wins.
    pub rules: Vec<PlaybookRule>,
    /// Messages to customers are sent only about events at most this old
    /// (a backfill of last year's history mails nobody).
    pub message_max_age_secs: i64,
    /// The language of a message to a customer whose language is not known.
    pub default_language: String,
    /// Whether the daily digest is posted to `chat_webhook_url`.
    pub digest: bool,
    /// The hour (UTC, 0–23) the digest of the day before is posted.
    pub digest_hour_utc: u32,
}

/// One playbook rule.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PlaybookRule {
    /// For logs and the audit trail.
    pub name: String,
    /// Event types it applies to; `*` at the end matches a prefix (`charge.dispute.*`, `*`).
    pub events: Vec<String>,
    /// A CEL condition on `event`, `object` (the event's data.object) and `type`; empty: always.
    #[serde(default)]
    pub when: String,
    /// What to do.
    #[serde(rename = "do")]
    pub action: PlaybookAction,
    /// The team a ticket it opens goes to.
    #[serde(default)]
    pub team: Option<String>,
    /// `dispute_ticket` only: when the customer has an open ticket of their
    /// own, the dispute goes onto it instead of a ticket of its own.
    #[serde(default)]
    pub update_open_ticket: bool,
    /// `message_customer` only: the message sent, a template sent unasked
    /// (`refund_sent`, `payment_received`, `subscription_ended`, …).
    #[serde(default)]
    pub template: Option<String>,
}

impl PlaybookRule {
    /// The message template of a `message_customer` rule, if it names one.
    pub fn situation(&self) -> Option<Situation> {
        self.template
            .as_deref()
            .and_then(Situation::from_name)
            .filter(|s| s.unasked())
    }

    /// A `message_customer` rule names a template sent unasked; no other rule names one.
    fn validate_template(&self, i: usize) -> Result<(), ConfigError> {
        let problem = match (self.action, &self.template) {
            (PlaybookAction::MessageCustomer, None) => {
                "`template` is missing; do = \"message_customer\" needs one".to_owned()
            }
            (PlaybookAction::MessageCustomer, Some(t)) if self.situation().is_none() => {
                let known: Vec<&str> = Situation::ALL
                    .into_iter()
                    .filter(|s| s.unasked())
                    .map(Situation::as_str)
                    .collect();
                format!("`template` {t:?} is not one of {}", known.join(", "))
            }
            (PlaybookAction::MessageCustomer, Some(_)) | (_, None) => return Ok(()),
            (_, Some(_)) => "`template` applies only to do = \"message_customer\"".to_owned(),
        };
        Err(ConfigError::Invalid {
            key: "playbooks.rules",
            problem: format!("rule {} ({}): {problem}", i + 1, self.name),
        })
    }
}

/// What a matching event does.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum PlaybookAction {
    /// Nothing besides the mirror.
    Nothing,
    /// One ticket per dispute, kept to the dispute's latest state; closed when it is.
    DisputeTicket,
    /// A ticket for `team` about this event.
    OpenTicket,
    /// A note on the customer's open tickets.
    NoteOpenTicket,
    /// A post to the chat webhook.
    Chat,
    /// A failed invoice payment: a summary note on the customer's open
    /// tickets; on the final attempt, a message to the customer with the link to pay.
    FailedPayment,
    /// A welcome message to a new customer.
    Welcome,
    /// An email to the event's customer from the rule's `template`.
    MessageCustomer,
    /// Closes the customer's tickets linked to the event's object.
    CloseTicket,
}

/// `[agent]`: the live agent on ticket messages.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgentConfig {
    /// The merchant's policy file; empty: the built-in defaults.
    pub policy_file: String,
    /// Where the billing portal sends the customer back; empty: Stripe's default.
    pub portal_return_url: String,
    /// The knowledge base folder (Markdown files); empty: none.
    pub kb_dir: String,
}

/// `[outbox]`: how jobs (Stripe actions, replies, chat posts) are carried out.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutboxConfig {
    /// How often an idle worker looks for due jobs.
    pub poll_interval_ms: u64,
    /// How long a claimed job is a worker's before another may take it over.
    pub lease_secs: u64,
    /// Attempts before a failing job is parked.
    pub max_attempts: u32,
    /// Wait before the first retry; doubles with each further one.
    pub retry_base_ms: u64,
    /// Longest wait between two attempts.
    pub retry_max_ms: u64,
    /// Longest a single outgoing call (Stripe, chat webhook) may take.
    pub http_timeout_ms: u64,
}

/// `[stripe]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StripeConfig {
    /// Accepted webhook signing secrets.
    #[serde(deserialize_with = "list_or_csv")]
    pub webhook_secrets: Vec<Secret>,
    /// Allowed clock skew of a signature, seconds.
    pub signature_tolerance_secs: i64,
    /// API key for backfill and actions.
    pub api_key: Secret,
    /// Base URL of Stripe's API.
    pub api_base: String,
}

/// `[ingest]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IngestConfig {
    /// Largest accepted webhook body.
    pub max_body_bytes: usize,
    /// Most events per commit.
    pub batch_max: usize,
}

/// `[api]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiConfig {
    /// Bearer tokens accepted on /api/*.
    #[serde(deserialize_with = "list_or_csv")]
    pub tokens: Vec<Secret>,
}

/// `[llm]`: an OpenAI-compatible chat-completions server that helps the agent.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LlmConfig {
    /// Off unless set.
    pub enabled: bool,
    /// Base URL up to `/v1`.
    pub base_url: String,
    /// The model's name on that server.
    pub model: String,
    /// Bearer key; empty sends none (Ollama).
    pub api_key: Secret,
    /// Longest wait for one answer.
    pub timeout_ms: u64,
    /// Further attempts after a timeout, a 429 or a 5xx.
    pub max_retries: u32,
    /// What the model helps with.
    #[serde(deserialize_with = "uses_list_or_csv")]
    pub use_for: Vec<LlmUse>,
}

/// What a language model may help with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LlmUse {
    /// Tickets the built-in classifier is unsure of.
    Understanding,
    /// Phrasing template replies (facts checked).
    Replies,
}

impl LlmConfig {
    /// Whether the model is enabled for `what`.
    pub fn used_for(&self, what: LlmUse) -> bool {
        self.enabled && self.use_for.contains(&what)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        if !self.enabled {
            return Ok(());
        }
        let invalid = |key, problem: &str| {
            Err(ConfigError::Invalid {
                key,
                problem: problem.into(),
            })
        };
        if !(self.base_url.starts_with("http://") || self.base_url.starts_with("https://")) {
            return invalid("llm.base_url", "must be an http(s) URL");
        }
        if self.model.trim().is_empty() {
            return invalid("llm.model", "must name a model when llm.enabled is true");
        }
        if !(1..=600_000).contains(&self.timeout_ms) {
            return invalid("llm.timeout_ms", "must be between 1 and 600000");
        }
        if self.max_retries > 5 {
            return invalid("llm.max_retries", "must be at most 5");
        }
        Ok(())
    }
}

/// Like [`list_or_csv`], for `llm.use_for`.
fn uses_list_or_csv<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<LlmUse>, D::Error> {
    use serde::de::{Error, IntoDeserializer, value::StrDeserializer};
    list_or_csv(d)?
        .iter()
        .map(|s| {
            LlmUse::deserialize::<StrDeserializer<'_, D::Error>>(s.expose().into_deserializer())
        })
        .collect::<Result<_, _>>()
        .map_err(|e| D::Error::custom(format!("use_for: {e}")))
}

/// Accepts a TOML list or one comma-separated string (as environment variables give).
fn list_or_csv<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Secret>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        List(Vec<String>),
        Csv(String),
    }
    let items = match Raw::deserialize(d)? {
        Raw::List(items) => items,
        Raw::Csv(csv) => csv.split(',').map(str::to_string).collect(),
    };
    Ok(items
        .into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .map(Secret)
        .collect())
}

impl Config {
    /// Loads defaults → `file` (if given) → the process environment, and validates.
    pub fn load(file: Option<&Path>) -> Result<Config, ConfigError> {
        Self::load_with_env(file, |name| std::env::var(name).ok())
    }

    /// Like [`Config::load`], reading environment variables through `env`.
    pub fn load_with_env(
        file: Option<&Path>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let mut figment = Figment::from(Toml::string(DEFAULT_TOML));
        if let Some(path) = file {
            if !path.exists() {
                return Err(ConfigError::Load(format!(
                    "file {} does not exist",
                    path.display()
                )));
            }
            figment = figment.merge(Toml::file_exact(path));
        }
        let mut vars = Figment::new();
        let mut from_env = Vec::new();
        for (name, key, numeric) in ENV_KEYS {
            let Some(value) = env(name) else { continue };
            from_env.push((*key, *name));
            // Other values stay strings: a secret must never be reinterpreted.
            let value = match numeric {
                true => value
                    .trim()
                    .parse()
                    .unwrap_or(figment::value::Value::from(value)),
                false => figment::value::Value::from(value),
            };
            vars = vars.merge(Serialized::default(key, value));
        }
        let config: Config = figment
            .merge(vars)
            .extract()
            .map_err(|e| ConfigError::Load(describe(e, &from_env)))?;
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        let url = self.database_url.expose();
        if !(url.starts_with("sqlite:")
            || url.starts_with("postgres://")
            || url.starts_with("postgresql://"))
        {
            return Err(ConfigError::Invalid {
                key: "database_url",
                problem: "must start with sqlite:// or postgres://".into(),
            });
        }
        if let Some(i) = self
            .stripe
            .webhook_secrets
            .iter()
            .position(|s| !s.expose().starts_with("whsec_"))
        {
            return Err(ConfigError::Invalid {
                key: "stripe.webhook_secrets",
                problem: format!("entry {} does not start with whsec_", i + 1),
            });
        }
        if self.stripe.signature_tolerance_secs <= 0 {
            return Err(ConfigError::Invalid {
                key: "stripe.signature_tolerance_secs",
                problem: "must be > 0".into(),
            });
        }
        if !(self.stripe.api_base.starts_with("http://")
            || self.stripe.api_base.starts_with("https://"))
        {
            return Err(ConfigError::Invalid {
                key: "stripe.api_base",
                problem: "must be an http(s) URL".into(),
            });
        }
        if self.ingest.batch_max == 0 || self.ingest.max_body_bytes == 0 {
            return Err(ConfigError::Invalid {
                key: "ingest",
                problem: "batch_max and max_body_bytes must be > 0".into(),
            });
        }
        let o = &self.outbox;
        if o.max_attempts == 0 || o.lease_secs == 0 || o.poll_interval_ms == 0 {
            return Err(ConfigError::Invalid {
                key: "outbox",
                problem: "max_attempts, lease_secs and poll_interval_ms must be > 0".into(),
            });
        }
        if o.retry_base_ms > o.retry_max_ms {
            return Err(ConfigError::Invalid {
                key: "outbox.retry_base_ms",
                problem: "must not exceed outbox.retry_max_ms".into(),
            });
        }
        for (i, rule) in self.playbooks.rules.iter().enumerate() {
            rule.validate_template(i)?;
            if rule.events.is_empty() {
                return Err(ConfigError::Invalid {
                    key: "playbooks.rules",
                    problem: format!("rule {} ({}): `events` is empty", i + 1, rule.name),
                });
            }
            if !rule.when.trim().is_empty()
                && let Err(e) = cel_interpreter::Program::compile(&rule.when)
            {
                return Err(ConfigError::Invalid {
                    key: "playbooks.rules",
                    problem: format!("rule {} ({}): `when` is not CEL: {e}", i + 1, rule.name),
                });
            }
            if rule.update_open_ticket && rule.action != PlaybookAction::DisputeTicket {
                return Err(ConfigError::Invalid {
                    key: "playbooks.rules",
                    problem: format!(
                        "rule {} ({}): `update_open_ticket` applies only to do = \"dispute_ticket\"",
                        i + 1,
                        rule.name
                    ),
                });
            }
            if rule.action == PlaybookAction::Chat
                && self.playbooks.chat_webhook_url.expose().is_empty()
            {
                return Err(ConfigError::Invalid {
                    key: "playbooks.chat_webhook_url",
                    problem: format!(
                        "rule {} ({}) posts to chat, but no webhook URL is set",
                        i + 1,
                        rule.name
                    ),
                });
            }
        }
        if paydesk_agent::lang::Lang::from_code(&self.playbooks.default_language).is_none() {
            return Err(ConfigError::Invalid {
                key: "playbooks.default_language",
                problem: format!(
                    "`{}` is not one of en, de, es, fr, zh",
                    self.playbooks.default_language
                ),
            });
        }
        if self.playbooks.digest_hour_utc > 23 {
            return Err(ConfigError::Invalid {
                key: "playbooks.digest_hour_utc",
                problem: "must be an hour from 0 to 23".into(),
            });
        }
        if self.playbooks.message_max_age_secs < 0 {
            return Err(ConfigError::Invalid {
                key: "playbooks.message_max_age_secs",
                problem: "must be >= 0".into(),
            });
        }
        if let Err(e) = crate::email::Mailer::from_config(&self.email) {
            return Err(ConfigError::Invalid {
                key: "email",
                problem: e.to_string(),
            });
        }
        let kb_dir = &self.agent.kb_dir;
        if !kb_dir.is_empty() && !Path::new(kb_dir).is_dir() {
            return Err(ConfigError::Invalid {
                key: "agent.kb_dir",
                problem: format!("{kb_dir} is not a folder (it should hold the Markdown files)"),
            });
        }
        self.llm.validate()?;
        Ok(())
    }
}

/// Figment's error naming the key and where its value came from, without any secret value.
fn describe(e: figment::Error, from_env: &[(&str, &str)]) -> String {
    e.into_iter()
        .map(|e| {
            let key = e.path.join(".");
            let env = from_env
                .iter()
                .rev()
                .find(|(k, _)| *k == key)
                .map(|(_, name)| *name);
            let source = match (env, e.metadata.as_ref().and_then(|m| m.source.as_ref())) {
                (Some(name), _) => format!(" (from environment variable {name})"),
                (None, Some(figment::Source::File(path))) => format!(" (in {})", path.display()),
                _ => String::new(),
            };
            let key = if key.is_empty() {
                String::new()
            } else {
                format!("`{key}`: ")
            };
            format!("{key}{}{source}", e.kind)
        })
        .collect::<Vec<_>>()
        .join("; ")
}
