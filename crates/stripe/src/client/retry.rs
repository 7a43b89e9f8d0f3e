//! When and how long to wait before asking Stripe again.

use std::time::Duration;

/// How often and how patiently failed calls (429, 5xx, network) are retried.
#[derive(Clone, Debug)]
pub struct RetryPolicy {
    /// Retries after the first attempt; 0 means try once.
    pub max_retries: u32,
    /// Delay before the first retry; doubles on each further one.
    pub base_delay: Duration,
    /// No single wait is longer than this, whatever `Retry-After` asks.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    /// 8 retries, 500 ms base, 30 s max: rides out Stripe's rate limiting
    /// and short incidents (about two minutes in all) without hanging a backfill.
    fn default() -> Self {
        Self {
            max_retries: 8,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// The wait before retry number `retry` (0-based): exponential backoff
    /// with jitter, never shorter than the server's `Retry-After`, never
    /// longer than `max_delay`.
    pub(crate) fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        let exponential = self
            .base_delay
            .saturating_mul(2u32.saturating_pow(retry))
            .min(self.max_delay);
        // "Equal jitter": half fixed, half random, so many clients hitting the
        // same rate limit spread out yet each still backs off.
        let half = exponential / 2;
        let jittered = half + half.mul_f64(fastrand::f64());
        jittered
            .max(retry_after.unwrap_or_default())
            .min(self.max_delay)
    }
}

/// Reads a `Retry-After` header given in seconds (the form Stripe uses);
/// the HTTP-date form is ignored and plain backoff applies.
pub(crate) fn parse_retry_after(value: Option<&str>) -> Option<Duration> {
    value?.trim().parse::<u64>().ok().map(Duration::from_secs)
}

/// Whether a status is worth retrying: rate limiting and server-side failures.
pub(crate) fn status_is_retryable(status: u16) -> bool {
    status == 429 || (500..=599).contains(&status)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_retries: 5,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(1),
        }
    }

    #[test]
    fn backs_off_exponentially_within_jitter_bounds() {
        for retry in 0..4 {
            let full = Duration::from_millis(100 * 2u64.pow(retry));
            let d = policy().delay(retry, None);
            assert!(d >= full / 2 && d <= full, "retry {retry}: {d:?}");
        }
    }

    #[test]
    fn honours_retry_after_but_caps_at_max_delay() {
        assert!(policy().delay(0, Some(Duration::from_millis(700))) >= Duration::from_millis(700));
        assert_eq!(
            policy().delay(0, Some(Duration::from_secs(60))),
            Duration::from_secs(1)
        );
        assert!(policy().delay(30, None) <= Duration::from_secs(1));
    }

    #[test]
    fn reads_retry_after_seconds_only() {
        assert_eq!(parse_retry_after(Some("3")), Some(Duration::from_secs(3)));
        assert_eq!(
            parse_retry_after(Some("Wed, 21 Oct 2015 07:28:00 GMT")),
            None
        );
        assert_eq!(parse_retry_after(None), None);
    }
}
