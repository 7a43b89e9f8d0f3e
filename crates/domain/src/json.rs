//! Defensive readers for Stripe JSON: fields may be missing, null, an id or
//! an expanded object, depending on the API version and the request.

use serde_json::Value;

/// The value at a path of object keys, if every step exists.
pub fn at<'a>(value: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(value, |v, key| v.get(key))
}

/// A string at a path; empty strings count as absent.
pub fn str_at(value: &Value, path: &[&str]) -> Option<String> {
    at(value, path)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// An integer at a path.
pub fn i64_at(value: &Value, path: &[&str]) -> Option<i64> {
    at(value, path).and_then(Value::as_i64)
}

/// A boolean at a path, `false` when absent.
pub fn bool_at(value: &Value, path: &[&str]) -> bool {
    at(value, path).and_then(Value::as_bool).unwrap_or(false)
}

/// An expandable reference: either the id string or an expanded object's `id`.
pub fn id_at(value: &Value, path: &[&str]) -> Option<String> {
    match at(value, path)? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Object(o) => o.get("id").and_then(Value::as_str).map(str::to_string),
        _ => None,
    }
}

/// The items of an embedded list object (`{"object":"list","data":[…]}`) or a bare array.
pub fn list_at<'a>(value: &'a Value, path: &[&str]) -> &'a [Value] {
    match at(value, path) {
        Some(Value::Array(items)) => items,
        Some(Value::Object(o)) => o
            .get("data")
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice),
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ids_are_read_from_strings_and_expanded_objects() {
        let v = json!({"a": "ch_1", "b": {"id": "ch_2", "object": "charge"}, "c": null, "d": ""});
        assert_eq!(id_at(&v, &["a"]).as_deref(), Some("ch_1"));
        assert_eq!(id_at(&v, &["b"]).as_deref(), Some("ch_2"));
        assert_eq!(id_at(&v, &["c"]), None);
        assert_eq!(id_at(&v, &["d"]), None);
        assert_eq!(id_at(&v, &["missing", "deeper"]), None);
    }

    #[test]
    fn lists_are_read_from_list_objects_and_arrays() {
        let v = json!({"l": {"object": "list", "data": [1, 2]}, "a": [3]});
        assert_eq!(list_at(&v, &["l"]).len(), 2);
        assert_eq!(list_at(&v, &["a"]).len(), 1);
        assert!(list_at(&v, &["x"]).is_empty());
    }
}
