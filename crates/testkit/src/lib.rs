//! Test helpers for paydesk: reference data, Stripe signatures, a fake Stripe API.
//!
//! # Layout
//! - [`shared_dir`], [`real_events`]: the shared reference data (read in
//!   place, never copied into the repository).
//! - [`stripe_signature_header`]: signs a payload the way Stripe does, without
//!   depending on `paydesk-stripe` (whose tests use this crate).
//! - [`fake_stripe`]: a loopback HTTP server that answers like Stripe's API.
//! - [`fake_llm`]: a loopback OpenAI-compatible chat-completions server with scripted answers.
//! - [`fake_smtp`]: a loopback SMTP server that keeps what it accepts and can refuse or hang up.

pub mod fake_llm;
pub mod fake_smtp;
pub mod fake_stripe;
mod shared;

pub use fake_llm::{FakeLlm, RecordedChat, Scripted};
pub use fake_smtp::{FakeSmtp, ReceivedMail};
pub use fake_stripe::{FakeStripe, RecordedRequest};
pub use shared::{real_events, shared_dir};

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// A `Stripe-Signature` header value "t={t},v1={hex}" (implement with hmac+sha2 directly; testkit must not depend on paydesk-stripe, to avoid a cycle).
pub fn stripe_signature_header(payload: &[u8], secret: &str, t: i64) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC accepts keys of any length");
    mac.update(format!("{t}.").as_bytes());
    mac.update(payload);
    format!("t={t},v1={}", hex::encode(mac.finalize().into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_the_reference_vector() {
        let header = stripe_signature_header(
            br#"{"id":"evt_1","object":"event"}"#,
            "whsec_test_secret",
            1_700_000_000,
        );
        assert_eq!(
            header,
            "t=1700000000,v1=0c8670ed117751cc551a20e35839447075c42800ea3cf3e8a2fbda99cd1e6edd"
        );
    }
}
