//! Email to customers: the `email.send` outbox job, sent over SMTP.
//!
//! paydesk mails a customer only where a playbook says so (the message on a
//! failed payment's final attempt, the welcome message). Each message is an
//! outbox job, so it is retried after a refusal with a 4xx reply or a lost
//! connection, and parked after a 5xx refusal or the retry budget.
//!
//! SMTP has no idempotency key. The job's `Message-ID` is derived from its
//! key, so every attempt sends the same id, and a mail client shows a
//! message sent twice once. A send that reached the server but whose answer
//! was lost can still arrive twice: SMTP cannot rule that out.
//!
//! Job payload: `{to, subject, text}` → result `{message_id}`.

use std::time::Duration;

use async_trait::async_trait;
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use paydesk_store::Job;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::config::EmailConfig;
use crate::outbox::{Deliver, Failure};

/// The job kind.
pub const KIND: &str = "email.send";

/// Sends `email.send` jobs through the configured SMTP server.
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

/// Why the email settings cannot be used; never contains the URL (it may hold a password).
#[derive(Debug, thiserror::Error)]
pub enum EmailSetupError {
    /// `email.smtp_url` is not an SMTP URL lettre understands.
    #[error(
        "`email.smtp_url` is not a usable SMTP URL ({0}); use smtp://host:25, smtp://user:pass@host:587?tls=required or smtps://user:pass@host:465"
    )]
    Url(String),
    /// `email.from` is not a mailbox.
    #[error("`email.from` is not an address like `Shop <support@shop.example>`: {0}")]
    From(String),
}

impl Mailer {
    /// The mailer the configuration describes; `None` when no SMTP URL is set.
    pub fn from_config(config: &EmailConfig) -> Result<Option<Mailer>, EmailSetupError> {
        let url = config.smtp_url.expose();
        if url.is_empty() {
            return Ok(None);
        }
        let from: Mailbox = config
            .from
            .parse()
            .map_err(|e: lettre::address::AddressError| EmailSetupError::From(e.to_string()))?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            // lettre's URL errors do not repeat the URL; keep only its kind.
            .map_err(|e| EmailSetupError::Url(kind_of(&e)))?
            .timeout(Some(Duration::from_millis(config.timeout_ms)))
            .build();
        Ok(Some(Mailer { transport, from }))
    }
}

fn kind_of(e: &lettre::transport::smtp::Error) -> String {
    let text = e.to_string();
    // Belt and braces: never echo anything that looks like credentials.
    if text.contains('@') || text.contains("://") {
        "invalid URL".to_owned()
    } else {
        text
    }
}

/// The `Message-ID` every attempt of a job sends: `<{hash of the key}@paydesk>`.
pub fn message_id(key: &str) -> String {
    let digest = Sha256::digest(key.as_bytes());
    format!("<{}@paydesk>", hex::encode(&digest[..16]))
}

#[async_trait]
impl Deliver for Mailer {
    fn handles(&self, kind: &str) -> bool {
        kind == KIND
    }

    async fn deliver(&self, job: &Job) -> Result<Value, Failure> {
        let p = &job.payload;
        let (Some(to), Some(subject), Some(text)) =
            (p["to"].as_str(), p["subject"].as_str(), p["text"].as_str())
        else {
            return Err(Failure::Permanent("malformed email.send job".into()));
        };
        let to: Mailbox = to
            .parse()
            .map_err(|e| Failure::Permanent(format!("the recipient is not an address: {e}")))?;
        let id = message_id(&job.key);
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .message_id(Some(id.clone()))
            .header(ContentType::TEXT_PLAIN)
            .body(text.to_owned())
            .map_err(|e| Failure::Permanent(format!("cannot build the message: {e}")))?;
        match self.transport.send(message).await {
            Ok(_) => Ok(json!({"message_id": id})),
            // 5xx: the server will not take it as it is.
            Err(e) if e.is_permanent() => Err(Failure::Permanent(format!("SMTP refused: {e}"))),
            Err(e) => Err(Failure::Transient(format!("SMTP: {e}"))),
        }
    }
}
