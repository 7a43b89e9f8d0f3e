//! Stripe webhook signatures (`Stripe-Signature: t=…,v1=…`).
//!
//! Stripe signs `"{t}.{raw body}"` with HMAC-SHA256 keyed by the endpoint's
//! whole `whsec_…` string. During secret rotation a delivery may carry several
//! `v1` signatures and paydesk may hold several secrets: any match passes.

mod error;
mod header;

pub use error::{MalformedReason, SignatureError};

use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

type HmacSha256 = Hmac<Sha256>;

/// Verifies a `Stripe-Signature` header over the raw body; returns the header's timestamp.
///
/// `tolerance_secs` bounds how far the signed timestamp may lie from
/// `now_unix`, in either direction; it is checked only once a signature
/// matches, so an attacker learns nothing about timing from a forged header.
pub fn verify_signature(
    header: Option<&str>,
    payload: &[u8],
    secrets: &[String],
    tolerance_secs: i64,
    now_unix: i64,
) -> Result<i64, SignatureError> {
    // An empty key would let anyone forge signatures, so it never counts as configured.
    let secrets: Vec<&str> = secrets
        .iter()
        .map(String::as_str)
        .filter(|s| !s.is_empty())
        .collect();
    if secrets.is_empty() {
        return Err(SignatureError::NoSecrets);
    }
    let header = header.ok_or(SignatureError::MissingHeader)?;
    let parsed = header::parse(header).map_err(SignatureError::MalformedHeader)?;
    if parsed.v1.is_empty() {
        return Err(SignatureError::NoV1Signature);
    }
    let candidates: Vec<Vec<u8>> = parsed
        .v1
        .iter()
        .filter_map(|sig| hex::decode(sig).ok())
        .collect();
    let matched = secrets.iter().any(|secret| {
        let expected = mac(payload, secret, parsed.timestamp);
        // Checks every candidate rather than stopping early: timing then depends
        // only on how many signatures the header holds, never on their content.
        candidates.iter().fold(false, |hit, candidate| {
            hit | bool::from(expected.as_slice().ct_eq(candidate))
        })
    });
    if !matched {
        return Err(SignatureError::SignatureMismatch);
    }
    check_timestamp(parsed.timestamp, tolerance_secs, now_unix)?;
    Ok(parsed.timestamp)
}

/// The hex v1 signature Stripe computes: HMAC-SHA256 over "{t}.{payload}" keyed with the whole `whsec_…` string.
pub fn sign_payload(payload: &[u8], secret: &str, timestamp: i64) -> String {
    hex::encode(mac(payload, secret, timestamp))
}

/// Raw HMAC-SHA256 bytes of `"{timestamp}.{payload}"`.
fn mac(payload: &[u8], secret: &str, timestamp: i64) -> Vec<u8> {
    let mut mac =
        HmacSha256::new_from_slice(secret.as_bytes()).expect("HMAC accepts keys of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(payload);
    mac.finalize().into_bytes().to_vec()
}

/// Rejects timestamps more than `tolerance_secs` away from now, either way.
fn check_timestamp(
    timestamp: i64,
    tolerance_secs: i64,
    now_unix: i64,
) -> Result<(), SignatureError> {
    let age_secs = now_unix.saturating_sub(timestamp);
    if age_secs > tolerance_secs {
        return Err(SignatureError::TimestampTooOld {
            age_secs,
            tolerance_secs,
        });
    }
    let ahead_secs = timestamp.saturating_sub(now_unix);
    if ahead_secs > tolerance_secs {
        return Err(SignatureError::TimestampInFuture {
            ahead_secs,
            tolerance_secs,
        });
    }
    Ok(())
}
