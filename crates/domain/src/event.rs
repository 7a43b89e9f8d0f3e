//! The envelope of a Stripe event: the few fields every event has.

use serde_json::Value;

use crate::tree::Node;

/// Why a body is not a Stripe event.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EnvelopeError {
    /// The body is not JSON at all.
    #[error("body is not JSON: {0}")]
    NotJson(String),
    /// JSON, but not an object with `"object": "event"`.
    #[error("not a Stripe event: {0}")]
    NotAnEvent(String),
}

impl EnvelopeError {
    /// Stable snake_case reason, for JSON error codes and metric labels.
    pub fn code(&self) -> &'static str {
        match self {
            EnvelopeError::NotJson(_) => "invalid_json",
            EnvelopeError::NotAnEvent(_) => "not_an_event",
        }
    }
}

/// The fields of a Stripe event that paydesk indexes; the rest stays in the raw bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventEnvelope {
    /// `evt_…`, unique per account: the log's key.
    pub id: String,
    /// e.g. `charge.succeeded`; any string, known or not.
    pub event_type: String,
    /// Unix seconds when Stripe created the event.
    pub created: i64,
    /// The API version the payload was rendered in, when Stripe says.
    pub api_version: Option<String>,
    /// Live or test mode.
    pub livemode: bool,
}

impl EventEnvelope {
    /// Parses raw bytes into the full JSON value and the envelope.
    pub fn parse(raw: &[u8]) -> Result<(EventEnvelope, Value), EnvelopeError> {
        let value: Value =
            serde_json::from_slice(raw).map_err(|e| EnvelopeError::NotJson(e.to_string()))?;
        let envelope = Self::from_value(&value)?;
        Ok((envelope, value))
    }

    /// Reads the envelope out of an already parsed event.
    pub fn from_value(value: &Value) -> Result<EventEnvelope, EnvelopeError> {
        Self::from_node(value)
    }

    /// Reads the envelope out of a parsed event, whatever its representation.
    pub fn from_node<'v, J: Node<'v>>(value: J) -> Result<EventEnvelope, EnvelopeError> {
        let not_event = |why: &str| EnvelopeError::NotAnEvent(why.to_string());
        if !value.is_object() {
            return Err(not_event("top level is not an object"));
        }
        match value.get("object").and_then(J::as_str) {
            Some("event") => {}
            Some(other) => {
                return Err(not_event(&format!(
                    "`object` is \"{other}\", not \"event\""
                )));
            }
            None => return Err(not_event("missing field `object`")),
        }
        let id = value
            .get("id")
            .and_then(J::as_str)
            .filter(|id| !id.is_empty())
            .ok_or_else(|| not_event("missing or empty field `id`"))?;
        let event_type = value
            .get("type")
            .and_then(J::as_str)
            .ok_or_else(|| not_event("missing field `type`"))?;
        let created = value
            .get("created")
            .and_then(J::as_i64)
            .ok_or_else(|| not_event("missing or non-integer field `created`"))?;
        if !value.get("data").is_some_and(J::is_object) {
            return Err(not_event("missing field `data`"));
        }
        Ok(EventEnvelope {
            id: id.to_string(),
            event_type: event_type.to_string(),
            created,
            api_version: value
                .get("api_version")
                .and_then(J::as_str)
                .map(str::to_string),
            livemode: value.get("livemode").and_then(J::as_bool).unwrap_or(false),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_minimal_event_parses() {
        let raw =
            br#"{"id":"evt_1","object":"event","type":"x.y","created":5,"data":{"object":{}}}"#;
        let (env, _) = EventEnvelope::parse(raw).unwrap();
        assert_eq!(env.id, "evt_1");
        assert_eq!(env.event_type, "x.y");
        assert_eq!(env.created, 5);
        assert_eq!(env.api_version, None);
    }

    #[test]
    fn non_events_are_refused_with_the_reason() {
        assert_eq!(
            EventEnvelope::parse(b"nope").unwrap_err().code(),
            "invalid_json"
        );
        let err = EventEnvelope::parse(br#"{"object":"charge","id":"ch_1"}"#).unwrap_err();
        assert!(err.to_string().contains("\"charge\""), "{err}");
        let err = EventEnvelope::parse(br#"{"object":"event","type":"a","created":1,"data":{}}"#)
            .unwrap_err();
        assert!(err.to_string().contains("`id`"), "{err}");
    }
}
