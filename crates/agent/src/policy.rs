//! The merchant's policy (TOML, every key optional): what the agent may do
//! on its own. Unknown keys are refused, naming the key.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::intent::Intent;

/// The whole policy.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Policy {
    pub identity: Identity,
    pub refunds: Refunds,
    pub duplicates: Duplicates,
    pub subscriptions: Subscriptions,
    pub understanding: Understanding,
    /// Per intent: `autopilot`, `approve` or `draft`.
    pub modes: BTreeMap<String, Mode>,
}

/// `[identity]`
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Identity {
    /// Act only when the ticket's email is the Stripe customer's.
    pub require_email_match: bool,
}

/// `[refunds]`
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Refunds {
    pub auto: bool,
    /// Minor units per lowercase currency; a currency absent here is never refunded automatically.
    pub max_amount: BTreeMap<String, i64>,
    pub max_age_days: i64,
    pub max_per_customer_90d: usize,
}

/// `[duplicates]`
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Duplicates {
    pub window_minutes: i64,
    pub max_amount: BTreeMap<String, i64>,
}

/// `[subscriptions]`
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Subscriptions {
    pub cancel_mode: CancelMode,
    pub refund_after_cancel: bool,
}

/// `[understanding]`
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Understanding {
    /// Below this classifier confidence the ticket goes to a person.
    pub min_confidence: f32,
    /// Below this confidence nothing is refunded or cancelled: the decision goes to a person.
    pub min_action_confidence: f32,
}

/// When a cancellation takes effect.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum CancelMode {
    PeriodEnd,
    Immediately,
}

/// What happens to a decision of an intent in live traffic.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Act and reply.
    Autopilot,
    /// Queue for a person; nothing happens until approved.
    Approve,
    /// Draft the reply for a person; no action.
    Draft,
}

fn per_currency(amount: i64) -> BTreeMap<String, i64> {
    ["usd", "eur", "gbp"]
        .iter()
        .map(|c| (c.to_string(), amount))
        .collect()
}

impl Default for Identity {
    fn default() -> Self {
        Identity {
            require_email_match: true,
        }
    }
}

impl Default for Refunds {
    fn default() -> Self {
        Refunds {
            auto: true,
            max_amount: per_currency(5_000),
            max_age_days: 30,
            max_per_customer_90d: 1,
        }
    }
}

impl Default for Duplicates {
    fn default() -> Self {
        Duplicates {
            window_minutes: 60,
            max_amount: per_currency(50_000),
        }
    }
}

impl Default for Subscriptions {
    fn default() -> Self {
        Subscriptions {
            cancel_mode: CancelMode::PeriodEnd,
            refund_after_cancel: true,
        }
    }
}

impl Default for Understanding {
    fn default() -> Self {
        Understanding {
            min_confidence: 0.45,
            min_action_confidence: 0.6,
        }
    }
}

/// A policy file that cannot be used, with the reason (and key) from the parser.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct PolicyError(String);

impl Policy {
    /// Parses a policy file's text; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Policy, PolicyError> {
        let mut policy: Policy =
            toml::from_str(text).map_err(|e| PolicyError(format!("{file}: {e}")))?;
        for key in policy.modes.keys() {
            if Intent::parse(key).is_none() {
                return Err(PolicyError(format!(
                    "{file}: [modes] `{key}` is not an intent"
                )));
            }
        }
        let lower = |m: &mut BTreeMap<String, i64>| {
            *m = m.iter().map(|(k, v)| (k.to_lowercase(), *v)).collect()
        };
        lower(&mut policy.refunds.max_amount);
        lower(&mut policy.duplicates.max_amount);
        Ok(policy)
    }

    /// The mode of an intent: as configured, else autopilot for information
    /// and approval for money and cancellations.
    pub fn mode(&self, intent: Intent) -> Mode {
        if let Some(mode) = self.modes.get(intent.as_str()) {
            return *mode;
        }
        match intent {
            Intent::RefundRequest
            | Intent::DuplicateCharge
            | Intent::ChargedAfterCancel
            | Intent::CancelSubscription => Mode::Approve,
            _ => Mode::Autopilot,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_file_is_the_documented_default() {
        let p = Policy::parse("p.toml", "").unwrap();
        assert_eq!(p, Policy::default());
        assert_eq!(p.refunds.max_amount["eur"], 5000);
        assert_eq!(p.mode(Intent::RefundRequest), Mode::Approve);
        assert_eq!(p.mode(Intent::RefundStatus), Mode::Autopilot);
    }

    #[test]
    fn keys_override_and_unknown_keys_are_named() {
        let p = Policy::parse(
            "p.toml",
            "[refunds]\nmax_amount = { EUR = 10000 }\n[modes]\nrefund_request = \"autopilot\"",
        )
        .unwrap();
        assert_eq!(p.refunds.max_amount.get("eur"), Some(&10000));
        assert_eq!(
            p.refunds.max_amount.get("usd"),
            None,
            "a listed map replaces the default"
        );
        assert_eq!(p.mode(Intent::RefundRequest), Mode::Autopilot);
        let err = Policy::parse("p.toml", "[refunds]\nmax_amout = 1")
            .unwrap_err()
            .to_string();
        assert!(err.contains("p.toml") && err.contains("max_amout"), "{err}");
        let err = Policy::parse("p.toml", "[modes]\nrefnd = \"draft\"")
            .unwrap_err()
            .to_string();
        assert!(err.contains("refnd"), "{err}");
    }
}
