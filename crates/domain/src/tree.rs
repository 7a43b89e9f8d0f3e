//! A JSON tree that borrows its strings from the raw bytes: what the ingest
//! path parses events into.
//!
//! `serde_json::Value` allocates every key and every string and keeps
//! objects in B-trees; an event becomes a few hundred allocations, freed
//! again a moment later. Here strings without escapes point into the input,
//! an object is one vector of (key, value) read by a linear scan (Stripe
//! objects have a few dozen keys), and reading goes through [`Node`], so the
//! object views read this tree and a `Value` with the same code.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Number, Value};

/// A parsed JSON value borrowing from its input.
#[derive(Debug, Clone, PartialEq)]
pub enum Json<'a> {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number, as `serde_json` reads it.
    Number(Number),
    /// A string (borrowed unless it had escapes).
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Json<'a>>),
    /// An object's members in input order; a repeated key's last value counts.
    Object(Vec<(Cow<'a, str>, Json<'a>)>),
}

impl<'a> Json<'a> {
    /// Parses JSON bytes, with `serde_json`'s grammar, errors and depth limit.
    pub fn parse(raw: &'a [u8]) -> Result<Json<'a>, serde_json::Error> {
        serde_json::from_slice(raw)
    }
}

/// Read access to a JSON value, for `serde_json::Value` and [`Json`] alike.
pub trait Node<'v>: Copy {
    /// Iterator over an array's items.
    type Items: DoubleEndedIterator<Item = Self>;
    /// The member `key` of an object (the last one if repeated).
    fn get(self, key: &str) -> Option<Self>;
    /// The string, when this is one.
    fn as_str(self) -> Option<&'v str>;
    /// The integer, when this is a number that fits an `i64`.
    fn as_i64(self) -> Option<i64>;
    /// The boolean, when this is one.
    fn as_bool(self) -> Option<bool>;
    /// Whether this is an object.
    fn is_object(self) -> bool;
    /// The items, when this is an array.
    fn array(self) -> Option<Self::Items>;
    /// The number as `serde_json` prints it, when this is a number.
    fn number_text(self) -> Option<String>;
}

impl<'v> Node<'v> for &'v Value {
    type Items = std::slice::Iter<'v, Value>;
    fn get(self, key: &str) -> Option<Self> {
        Value::get(self, key)
    }
    fn as_str(self) -> Option<&'v str> {
        Value::as_str(self)
    }
    fn as_i64(self) -> Option<i64> {
        Value::as_i64(self)
    }
    fn as_bool(self) -> Option<bool> {
        Value::as_bool(self)
    }
    fn is_object(self) -> bool {
        Value::is_object(self)
    }
    fn array(self) -> Option<Self::Items> {
        self.as_array().map(|items| items.iter())
    }
    fn number_text(self) -> Option<String> {
        match self {
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }
}

impl<'v, 'a: 'v> Node<'v> for &'v Json<'a> {
    type Items = std::slice::Iter<'v, Json<'a>>;
    fn get(self, key: &str) -> Option<Self> {
        match self {
            Json::Object(members) => members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
    fn as_str(self) -> Option<&'v str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }
    fn as_i64(self) -> Option<i64> {
        match self {
            Json::Number(n) => n.as_i64(),
            _ => None,
        }
    }
    fn as_bool(self) -> Option<bool> {
        match self {
            Json::Bool(b) => Some(*b),
            _ => None,
        }
    }
    fn is_object(self) -> bool {
        matches!(self, Json::Object(_))
    }
    fn array(self) -> Option<Self::Items> {
        match self {
            Json::Array(items) => Some(items.iter()),
            _ => None,
        }
    }
    fn number_text(self) -> Option<String> {
        match self {
            Json::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Json<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any valid JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Json::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Json::Number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Json::Number(v.into()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        // As `Value` does: a float JSON cannot hold becomes null.
        Ok(Number::from_f64(v).map_or(Json::Null, Json::Number))
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Json::String(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Json::String(Cow::Owned(v.to_string())))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Json::String(Cow::Owned(v)))
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Json::Null)
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(Json::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        Deserialize::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut members = Vec::with_capacity(map.size_hint().unwrap_or(8));
        while let Some(Key(key)) = map.next_key()? {
            members.push((key, map.next_value()?));
        }
        Ok(Json::Object(members))
    }
}

/// An object key, borrowed when it has no escapes.
struct Key<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Key<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v.to_string())))
            }
            fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads the same paths from a `Value` and a tree of `raw`.
    fn same_reads(raw: &str) {
        let value: Value = serde_json::from_str(raw).unwrap();
        let tree = Json::parse(raw.as_bytes()).unwrap();
        let read_value = |path: &[&str]| {
            let n = path.iter().try_fold(&value, |v, k| Node::get(v, k));
            (
                n.and_then(Node::as_str).map(str::to_string),
                n.and_then(Node::as_i64),
            )
        };
        let read_tree = |path: &[&str]| {
            let n = path.iter().try_fold(&tree, |v, k| Node::get(v, k));
            (
                n.and_then(Node::as_str).map(str::to_string),
                n.and_then(Node::as_i64),
            )
        };
        for path in [
            &["a"][..],
            &["b", "c"],
            &["dup"],
            &["esc"],
            &["big"],
            &["neg"],
            &["f"],
            &["missing"],
        ] {
            assert_eq!(read_value(path), read_tree(path), "{path:?}");
        }
    }

    #[test]
    fn the_tree_reads_like_a_value() {
        same_reads(
            r#"{"a":"x","b":{"c":7},"dup":1,"dup":"last","esc":"a\"b\u00e9","big":18446744073709551615,"neg":-3,"f":1.5}"#,
        );
    }

    #[test]
    fn numbers_print_as_serde_json_prints_them() {
        let raw = r#"[1, -2, 3.0, 1e3, 18446744073709551615]"#;
        let value: Value = serde_json::from_str(raw).unwrap();
        let tree = Json::parse(raw.as_bytes()).unwrap();
        let from_value: Vec<_> = Node::array(&value)
            .unwrap()
            .map(Node::number_text)
            .collect();
        let from_tree: Vec<_> = Node::array(&tree).unwrap().map(Node::number_text).collect();
        assert_eq!(from_value, from_tree);
    }

    #[test]
    fn bad_json_is_refused_with_serde_json_s_message() {
        for raw in ["", "{", r#"{"a":1} x"#, "nul", r#"{"a":"\ud800"}"#] {
            let by_value = serde_json::from_str::<Value>(raw).unwrap_err().to_string();
            let by_tree = Json::parse(raw.as_bytes()).unwrap_err().to_string();
            assert_eq!(by_value, by_tree, "{raw}");
        }
    }
}
