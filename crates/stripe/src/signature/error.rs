//! Why a webhook's signature was refused.

/// Why a `Stripe-Signature` header was refused; messages never contain a secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// The request carried no `Stripe-Signature` header.
    #[error("the request has no Stripe-Signature header")]
    MissingHeader,
    /// The header could not be read as `t=…,v1=…`.
    #[error("the Stripe-Signature header is malformed: {0}")]
    MalformedHeader(MalformedReason),
    /// The header is well formed but carries no `v1` (HMAC-SHA256) signature.
    #[error("the Stripe-Signature header has no v1 signature (only v1 is accepted)")]
    NoV1Signature,
    /// No webhook signing secret is configured, so nothing can be verified.
    #[error("no webhook signing secret (whsec_…) is configured")]
    NoSecrets,
    /// No `v1` signature matches the body under any configured secret.
    #[error("no v1 signature matches the request body under any configured webhook secret")]
    SignatureMismatch,
    /// The signature matches but was made longer ago than the tolerance allows.
    #[error(
        "the signature timestamp is {age_secs} s old, more than the {tolerance_secs} s tolerance (replayed or delayed request?)"
    )]
    TimestampTooOld {
        /// Seconds between the header's timestamp and now.
        age_secs: i64,
        /// The configured tolerance in seconds.
        tolerance_secs: i64,
    },
    /// The signature matches but its timestamp is further ahead than the tolerance allows.
    #[error(
        "the signature timestamp is {ahead_secs} s in the future, more than the {tolerance_secs} s tolerance (clock skew?)"
    )]
    TimestampInFuture {
        /// Seconds between now and the header's timestamp.
        ahead_secs: i64,
        /// The configured tolerance in seconds.
        tolerance_secs: i64,
    },
}

impl SignatureError {
    /// A stable snake_case reason, used as a JSON error code and a metrics label.
    pub fn code(&self) -> &'static str {
        match self {
            Self::MissingHeader => "missing_header",
            Self::MalformedHeader(_) => "malformed_header",
            Self::NoV1Signature => "no_v1_signature",
            Self::NoSecrets => "no_secrets",
            Self::SignatureMismatch => "signature_mismatch",
            Self::TimestampTooOld { .. } => "timestamp_too_old",
            Self::TimestampInFuture { .. } => "timestamp_in_future",
        }
    }
}

/// What exactly is wrong with a malformed `Stripe-Signature` header.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MalformedReason {
    /// The header value is empty or only whitespace.
    #[error("the header is empty")]
    Empty,
    /// No `t=` item.
    #[error("no timestamp (t=…) item")]
    NoTimestamp,
    /// More than one `t=` item, so it is unclear which one was signed.
    #[error("more than one timestamp (t=…) item")]
    DuplicateTimestamp,
    /// The `t=` value is not a non-negative whole number of seconds.
    #[error("timestamp {0:?} is not a Unix time in seconds")]
    BadTimestamp(String),
}
