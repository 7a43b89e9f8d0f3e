//! `paydesk classify`: JSONL `{"id","text"}` on stdin → JSONL
//! `{"id","language","intent","confidence"}` on stdout.

use std::io::{BufRead, BufWriter, Write};

use anyhow::{Context, anyhow};
use paydesk_agent::pipeline::language_of;
use paydesk_agent::understand::Classifier;
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize)]
struct Input {
    id: serde_json::Value,
    text: String,
}

/// Lines classified per batch; batches are split across the cores.
const BATCH: usize = 2_048;

/// Classifies stdin to stdout, in input order.
pub fn run() -> anyhow::Result<()> {
    let classifier = Classifier::builtin();
    let stdin = std::io::stdin().lock();
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut batch: Vec<(usize, String)> = Vec::with_capacity(BATCH);
    for (i, line) in stdin.lines().enumerate() {
        let line = line.context("reading stdin")?;
        if !line.trim().is_empty() {
            batch.push((i + 1, line));
        }
        if batch.len() == BATCH {
            write_batch(classifier, &std::mem::take(&mut batch), &mut out)?;
        }
    }
    write_batch(classifier, &batch, &mut out)?;
    out.flush()?;
    Ok(())
}

fn write_batch(
    classifier: &Classifier,
    batch: &[(usize, String)],
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(batch.len().max(1));
    let chunk = batch.len().div_ceil(threads.max(1)).max(1);
    let results: Vec<anyhow::Result<Vec<String>>> = std::thread::scope(|s| {
        let handles: Vec<_> = batch
            .chunks(chunk)
            .map(|part| s.spawn(move || classify_all(classifier, part)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(anyhow!("a classifier thread failed")))
            })
            .collect()
    });
    for lines in results {
        for line in lines? {
            out.write_all(line.as_bytes())?;
            out.write_all(b"\n")?;
        }
    }
    Ok(())
}

fn classify_all(classifier: &Classifier, part: &[(usize, String)]) -> anyhow::Result<Vec<String>> {
    part.iter()
        .map(|(n, line)| {
            let input: Input = serde_json::from_str(line)
                .map_err(|e| anyhow!("stdin:{n}: expected {{\"id\",\"text\"}}: {e}"))?;
            let p = classifier.predict(&input.text);
            let out = json!({
                "id": input.id,
                "language": language_of(&input.text).code(),
                "intent": p.intent,
                "confidence": (f64::from(p.confidence) * 1000.0).round() / 1000.0,
            });
            Ok(out.to_string())
        })
        .collect()
}
