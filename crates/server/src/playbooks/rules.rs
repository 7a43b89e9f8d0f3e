//! Which rule an event matches: its type, then its CEL condition.

use cel_interpreter::{Context, Program, Value as CelValue};
use serde_json::Value;

/// Whether an event type matches one of a rule's patterns (`*` at the end: a prefix).
pub(super) fn typed(patterns: &[String], event_type: &str) -> bool {
    patterns
        .iter()
        .any(|pattern| match pattern.strip_suffix('*') {
            Some(prefix) => event_type.starts_with(prefix),
            None => pattern == event_type,
        })
}

/// Evaluates a rule's condition; an error or a non-boolean is "no" (and logged).
pub(super) fn condition(program: &Program, rule: &str, event: &Value) -> bool {
    let mut context = Context::default();
    let vars = [
        ("event", event.clone()),
        ("object", event["data"]["object"].clone()),
        ("type", event["type"].clone()),
    ];
    for (name, value) in vars {
        if let Err(e) = context.add_variable(name, value) {
            tracing::warn!(rule, error = %e, "playbook condition: cannot read the event");
            return false;
        }
    }
    match program.execute(&context) {
        Ok(CelValue::Bool(b)) => b,
        Ok(other) => {
            tracing::warn!(rule, value = ?other, "playbook condition is not a boolean; rule skipped");
            false
        }
        Err(e) => {
            tracing::debug!(rule, error = %e, "playbook condition failed on this event; rule skipped");
            false
        }
    }
}
