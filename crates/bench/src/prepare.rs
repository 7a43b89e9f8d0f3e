//! Renders and signs every event before the clock starts, so the timed phase
//! only moves bytes.

use anyhow::{Context, Result};
use bytes::Bytes;
use hyper::header::HeaderValue;
use paydesk_testkit::stripe_signature_header;

use crate::template::EventTemplate;

/// One ready-to-send event: its body and its `Stripe-Signature` header.
#[derive(Debug, Clone)]
pub struct SignedEvent {
    /// Compact JSON of the event; a slice of one shared buffer.
    pub body: Bytes,
    /// `t=…,v1=…` over `body`.
    pub signature: HeaderValue,
}

/// Renders events `0..count` and signs each with `secret` at time `t`.
pub fn sign_all(
    template: &EventTemplate,
    count: usize,
    secret: &str,
    t: i64,
) -> Result<Vec<SignedEvent>> {
    // One allocation for all bodies: each request then clones a cheap slice.
    let mut buffer = Vec::with_capacity(template.size_hint() * count);
    let mut ends = Vec::with_capacity(count);
    for i in 0..count {
        template.render(i as u64, &mut buffer);
        ends.push(buffer.len());
    }
    let all = Bytes::from(buffer);
    let mut start = 0;
    ends.into_iter()
        .map(|end| {
            let body = all.slice(start..end);
            start = end;
            let header = stripe_signature_header(&body, secret, t);
            let signature = HeaderValue::try_from(header).context("signature header")?;
            Ok(SignedEvent { body, signature })
        })
        .collect()
}

/// Seconds since the Unix epoch.
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}
