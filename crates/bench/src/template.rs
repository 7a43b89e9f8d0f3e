//! Turns one recorded Stripe event into a generator of distinct events.
//!
//! The template is parsed once, its varying fields are swapped for markers,
//! and the compact serialisation is split around those markers. Rendering an
//! event is then only copying literal pieces and formatting a few ids and
//! numbers, so generating a million events costs far less than serialising a
//! million JSON trees.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde_json::Value;

/// Marks the spots in the serialised template that change per event.
const MARK: &str = "@@";

/// A compiled event template that renders event `i` of a run.
#[derive(Debug)]
pub struct EventTemplate {
    pieces: Vec<Piece>,
    run: String,
    created_base: i64,
    literal_len: usize,
}

#[derive(Debug)]
enum Piece {
    Literal(Box<[u8]>),
    /// An id rendered as `{prefix}_bench_{run}_{i}`.
    Id(String),
    /// A unix timestamp rendered as `created_base + i`.
    Created,
}

/// Where the default template lives: `$PAYDESK_SHARED/data/stripe/events/charge_succeeded.json`.
pub fn default_template_path() -> PathBuf {
    // The shared folder sits beside the repository; the binary is built from
    // the repository, so its manifest dir locates it when no env var does.
    let shared = std::env::var_os("PAYDESK_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    shared.join("data/stripe/events/charge_succeeded.json")
}

/// A run id that differs between invocations, so repeated runs never collide.
pub fn fresh_run_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!(
        "{:x}",
        (nanos as u64) ^ (u64::from(std::process::id()) << 40)
    )
}

impl EventTemplate {
    /// Reads and compiles the template at `path`.
    pub fn load(path: &Path, run: &str, created_base: i64) -> Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("reading event template {}", path.display()))?;
        Self::compile(&text, run, created_base)
            .with_context(|| format!("compiling event template {}", path.display()))
    }

    /// Compiles a template from its JSON text.
    pub fn compile(text: &str, run: &str, created_base: i64) -> Result<Self> {
        let plain = |c: char| c.is_ascii_alphanumeric() || c == '-';
        if run.is_empty() || !run.chars().all(plain) {
            bail!("run tag {run:?} must be letters, digits or '-'");
        }
        if text.contains(MARK) {
            bail!("the template already contains the marker {MARK:?}");
        }
        let mut event: Value = serde_json::from_str(text).context("template is not JSON")?;
        let originals = varying_ids(&event)?;
        replace_ids(&mut event, &originals);
        for pointer in ["/created", "/data/object/created"] {
            if let Some(created) = event.pointer_mut(pointer)
                && created.is_i64()
            {
                *created = Value::String("@@CREATED@@".into());
            }
        }
        let compact = serde_json::to_string(&event)?;
        let prefixes: Vec<String> = originals
            .iter()
            .map(|id| id_prefix(id).to_owned())
            .collect();
        let pieces = split_pieces(&compact, &prefixes)?;
        let literal_len = pieces
            .iter()
            .map(|p| match p {
                Piece::Literal(b) => b.len(),
                _ => 0,
            })
            .sum();
        Ok(Self {
            pieces,
            run: run.to_owned(),
            created_base,
            literal_len,
        })
    }

    /// An upper bound guess of one rendered event's size, for buffer sizing.
    pub fn size_hint(&self) -> usize {
        self.literal_len + self.pieces.len() * (self.run.len() + 32)
    }

    /// Appends event `i` to `out` as compact JSON.
    pub fn render(&self, i: u64, out: &mut Vec<u8>) {
        for piece in &self.pieces {
            // Writing into a Vec cannot fail.
            let _ = match piece {
                Piece::Literal(bytes) => out.write_all(bytes),
                Piece::Id(prefix) => write!(out, "{prefix}_bench_{}_{i}", self.run),
                Piece::Created => write!(out, "{}", self.created_base + i as i64),
            };
        }
    }
}

/// The ids that must differ per event: the event's, its object's, and the payment intent's.
fn varying_ids(event: &Value) -> Result<Vec<String>> {
    let Some(event_id) = event["id"].as_str() else {
        bail!("the template has no string field `id`");
    };
    let object = &event["data"]["object"];
    let mut ids = vec![event_id.to_owned()];
    for field in [&object["id"], &object["payment_intent"]] {
        if let Some(id) = field.as_str() {
            ids.push(id.to_owned());
        }
    }
    Ok(ids)
}

/// Replaces every occurrence of each original id in every string (ids also sit inside URLs).
fn replace_ids(value: &mut Value, originals: &[String]) {
    match value {
        Value::String(s) => {
            for (k, id) in originals.iter().enumerate() {
                if s.contains(id.as_str()) {
                    *s = s.replace(id.as_str(), &format!("{MARK}ID{k}{MARK}"));
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| replace_ids(v, originals)),
        Value::Object(map) => map.values_mut().for_each(|v| replace_ids(v, originals)),
        _ => {}
    }
}

/// `ch_3KtQ…` → `ch`; ids without an underscore keep their whole text as prefix.
fn id_prefix(id: &str) -> &str {
    id.split_once('_').map_or(id, |(prefix, _)| prefix)
}

/// Splits the serialised template into literal bytes and the slots between them.
fn split_pieces(compact: &str, prefixes: &[String]) -> Result<Vec<Piece>> {
    let mut pieces = Vec::new();
    let mut rest = compact;
    while let Some(start) = rest.find(MARK) {
        let token_start = start + MARK.len();
        let token_len = rest[token_start..]
            .find(MARK)
            .context("unterminated marker")?;
        let token = &rest[token_start..token_start + token_len];
        let mut after = token_start + token_len + MARK.len();
        let mut literal_end = start;
        let slot = if token == "CREATED" {
            // A number replaced a string: the quotes around the marker go too.
            literal_end -= 1;
            after += 1;
            Piece::Created
        } else {
            let k: usize = token.trim_start_matches("ID").parse()?;
            Piece::Id(prefixes[k].clone())
        };
        pieces.push(Piece::Literal(rest.as_bytes()[..literal_end].into()));
        pieces.push(slot);
        rest = &rest[after..];
    }
    pieces.push(Piece::Literal(rest.as_bytes().into()));
    Ok(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVENT: &str = r#"{"id":"evt_1","created":100,"data":{"object":{"id":"ch_9",
        "created":50,"payment_intent":"pi_7","url":"/v1/charges/ch_9/refunds"}}}"#;

    fn render(t: &EventTemplate, i: u64) -> Value {
        let mut out = Vec::new();
        t.render(i, &mut out);
        serde_json::from_slice(&out).expect("rendered event is JSON")
    }

    #[test]
    fn each_event_gets_its_own_ids_and_time() {
        let template = EventTemplate::compile(EVENT, "r1", 1_000).unwrap();

        let (a, b) = (render(&template, 0), render(&template, 7));

        assert_eq!(a["id"], "evt_bench_r1_0");
        assert_eq!(b["id"], "evt_bench_r1_7");
        assert_eq!(b["data"]["object"]["id"], "ch_bench_r1_7");
        assert_eq!(b["data"]["object"]["payment_intent"], "pi_bench_r1_7");
        assert_eq!(
            b["data"]["object"]["url"],
            "/v1/charges/ch_bench_r1_7/refunds"
        );
        assert_eq!(b["created"], 1_007);
        assert_eq!(b["data"]["object"]["created"], 1_007);
    }

    #[test]
    fn the_shared_template_renders_compactly() {
        let path = default_template_path();
        if !path.exists() {
            return; // shared data is not beside this checkout
        }
        let template = EventTemplate::load(&path, "abc", 1).unwrap();
        let mut out = Vec::new();

        template.render(123_456, &mut out);

        assert!((1_800..2_600).contains(&out.len()), "{} bytes", out.len());
        assert!(!out.contains(&b'\n'));
        let event: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(event["type"], "charge.succeeded");
    }
}
