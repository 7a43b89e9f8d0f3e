//! A Stripe resource collection and Stripe's cursor pagination over it.

use std::collections::HashMap;

use serde_json::Value;

use super::error::StripeError;

/// Stripe's default and largest `limit` for list endpoints.
const DEFAULT_LIMIT: usize = 10;
const MAX_LIMIT: usize = 100;

/// One stored object, kept as the exact JSON text the fake serves.
#[derive(Debug)]
struct Stored {
    id: String,
    created: i64,
    raw: String,
}

/// All objects of one resource (events, later refunds, …), in insertion order.
#[derive(Debug)]
pub(crate) struct Collection {
    /// Singular resource name for messages, as Stripe words them ("event").
    noun: &'static str,
    items: Vec<Stored>,
}

impl Collection {
    /// An empty collection of `noun`s.
    pub(crate) fn new(noun: &'static str) -> Self {
        Self {
            noun,
            items: Vec::new(),
        }
    }

    /// Adds one object given as JSON text, served later exactly as given
    /// (minus surrounding whitespace). Panics, as a test fixture error, if it
    /// lacks a string `id` and integer `created`, or reuses an id.
    pub(crate) fn insert_raw(&mut self, raw: &str) {
        let raw = raw.trim();
        let value: Value = serde_json::from_str(raw)
            .unwrap_or_else(|err| panic!("fake Stripe: a {} is not JSON: {err}", self.noun));
        let Some(id) = value.get("id").and_then(Value::as_str) else {
            panic!("fake Stripe: a {} has no string \"id\"", self.noun);
        };
        let Some(created) = value.get("created").and_then(Value::as_i64) else {
            panic!("fake Stripe: {} {id} has no integer \"created\"", self.noun);
        };
        assert!(
            self.find(id).is_none(),
            "fake Stripe: {} id {id} added twice; Stripe ids are unique",
            self.noun
        );
        self.items.push(Stored {
            id: id.to_owned(),
            created,
            raw: raw.to_owned(),
        });
    }

    /// The JSON text of the object with this id.
    pub(crate) fn get(&self, id: &str) -> Option<&str> {
        self.find(id).map(|i| self.items[i].raw.as_str())
    }

    /// Answers a list request (`limit`, `starting_after`, `ending_before`)
    /// with Stripe's list body, newest first.
    pub(crate) fn list_body(
        &self,
        params: &HashMap<String, String>,
        url: &str,
    ) -> Result<String, StripeError> {
        let limit = parse_limit(params.get("limit"))?;
        let ordered = self.newest_first();
        let position = |param: &'static str, id: &str| {
            ordered
                .iter()
                .position(|item| item.id == id)
                .ok_or_else(|| StripeError::no_such(self.noun, id, Some(param)))
        };
        let (page, has_more) = match (params.get("starting_after"), params.get("ending_before")) {
            (Some(_), Some(_)) => {
                let message =
                    "You may only specify one of these parameters: ending_before, starting_after.";
                return Err(StripeError::invalid_request(message, None));
            }
            (Some(after), None) => {
                let older = &ordered[position("starting_after", after)? + 1..];
                (&older[..limit.min(older.len())], older.len() > limit)
            }
            (None, Some(before)) => {
                // The `limit` objects just newer than the cursor, still newest first.
                let newer = &ordered[..position("ending_before", before)?];
                let start = newer.len().saturating_sub(limit);
                (&newer[start..], start > 0)
            }
            (None, None) => (&ordered[..limit.min(ordered.len())], ordered.len() > limit),
        };
        let data: Vec<&str> = page.iter().map(|item| item.raw.as_str()).collect();
        let url = Value::from(url);
        Ok(format!(
            r#"{{"object":"list","data":[{}],"has_more":{has_more},"url":{url}}}"#,
            data.join(",")
        ))
    }

    /// Newest first: `created` descending, later insertions first on ties.
    fn newest_first(&self) -> Vec<&Stored> {
        let mut ordered: Vec<&Stored> = self.items.iter().rev().collect();
        // A stable sort keeps the reversed insertion order among equal `created`.
        ordered.sort_by_key(|item| std::cmp::Reverse(item.created));
        ordered
    }

    fn find(&self, id: &str) -> Option<usize> {
        self.items.iter().position(|item| item.id == id)
    }
}

/// Stripe accepts `limit` from 1 to 100 and defaults to 10.
fn parse_limit(raw: Option<&String>) -> Result<usize, StripeError> {
    let Some(raw) = raw else {
        return Ok(DEFAULT_LIMIT);
    };
    match raw.parse::<usize>() {
        Ok(limit) if (1..=MAX_LIMIT).contains(&limit) => Ok(limit),
        Ok(_) => Err(StripeError::invalid_request(
            format!("Invalid limit: must be between 1 and {MAX_LIMIT} (it currently is '{raw}')"),
            Some("limit"),
        )),
        Err(_) => Err(StripeError::invalid_request(
            format!("Invalid integer: {raw}"),
            Some("limit"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collection() -> Collection {
        let mut events = Collection::new("event");
        for (id, created) in [("a", 1), ("b", 3), ("c", 2), ("d", 3)] {
            events.insert_raw(&format!(r#"{{"id":"{id}","created":{created}}}"#));
        }
        events
    }

    fn ids(body: &str) -> (Vec<String>, bool) {
        let value: Value = serde_json::from_str(body).unwrap();
        let ids = value["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap().to_owned())
            .collect();
        (ids, value["has_more"].as_bool().unwrap())
    }

    fn params(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn pages_newest_first_in_both_directions() {
        let events = collection();
        let list = |p: &[(&str, &str)]| ids(&events.list_body(&params(p), "/v1/events").unwrap());
        assert_eq!(
            list(&[]),
            (vec!["d".into(), "b".into(), "c".into(), "a".into()], false)
        );
        assert_eq!(
            list(&[("limit", "2")]),
            (vec!["d".into(), "b".into()], true)
        );
        assert_eq!(
            list(&[("limit", "2"), ("starting_after", "b")]),
            (vec!["c".into(), "a".into()], false)
        );
        assert_eq!(
            list(&[("limit", "1"), ("ending_before", "c")]),
            (vec!["b".into()], true)
        );
        assert_eq!(
            list(&[("limit", "5"), ("ending_before", "c")]),
            (vec!["d".into(), "b".into()], false)
        );
    }

    #[test]
    fn refuses_bad_parameters() {
        let events = collection();
        for bad in [
            &[("limit", "0")][..],
            &[("limit", "101")],
            &[("limit", "x")],
            &[("starting_after", "zz")],
        ] {
            assert!(
                events.list_body(&params(bad), "/v1/events").is_err(),
                "{bad:?}"
            );
        }
    }
}
