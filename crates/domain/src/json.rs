//! Defensive readers for Stripe JSON: fields may be missing, null, an id or
//! an expanded object, depending on the API version and the request.

use crate::tree::Node;

/// The value at a path of object keys, if every step exists.
pub fn at<'v, J: Node<'v>>(value: J, path: &[&str]) -> Option<J> {
    path.iter().try_fold(value, |v, key| v.get(key))
}

/// A string at a path; empty strings count as absent.
pub fn str_at<'v, J: Node<'v>>(value: J, path: &[&str]) -> Option<String> {
    at(value, path)
        .and_then(J::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// An integer at a path.
pub fn i64_at<'v, J: Node<'v>>(value: J, path: &[&str]) -> Option<i64> {
    at(value, path).and_then(J::as_i64)
}

/// A boolean at a path, `false` when absent.
pub fn bool_at<'v, J: Node<'v>>(value: J, path: &[&str]) -> bool {
    at(value, path).and_then(J::as_bool).unwrap_or(false)
}

/// An expandable reference: either the id string or an expanded object's `id`.
pub fn id_at<'v, J: Node<'v>>(value: J, path: &[&str]) -> Option<String> {
    let v = at(value, path)?;
    match v.as_str() {
        Some(s) if !s.is_empty() => Some(s.to_string()),
        Some(_) => None,
        None if v.is_object() => v.get("id").and_then(J::as_str).map(str::to_string),
        None => None,
    }
}

/// The items of an embedded list object (`{"object":"list","data":[…]}`) or a bare array.
pub fn list_at<'v, J: Node<'v>>(value: J, path: &[&str]) -> impl DoubleEndedIterator<Item = J> {
    at(value, path)
        .and_then(|v| v.array().or_else(|| v.get("data").and_then(J::array)))
        .into_iter()
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

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
        assert_eq!(list_at(&v, &["l"]).count(), 2);
        assert_eq!(list_at(&v, &["a"]).count(), 1);
        assert_eq!(list_at(&v, &["x"]).count(), 0);
        let _: &Value = list_at(&v, &["a"]).next().unwrap();
    }
}
