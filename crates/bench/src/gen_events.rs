//! Writes distinct events as JSON lines, for the `paydesk import-events` benchmark.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};

use crate::prepare::SignedEvent;
use crate::template::EventTemplate;

/// Writes events `0..count` of `template` to `out`, one per line.
pub fn write_jsonl(template: &EventTemplate, count: u64, out: &Path) -> Result<()> {
    let started = Instant::now();
    let file = File::create(out).with_context(|| format!("creating {}", out.display()))?;
    let mut writer = BufWriter::with_capacity(1 << 20, file);
    let mut line = Vec::with_capacity(template.size_hint() + 1);
    let mut bytes = 0u64;
    for i in 0..count {
        line.clear();
        template.render(i, &mut line);
        line.push(b'\n');
        writer.write_all(&line)?;
        bytes += line.len() as u64;
    }
    writer
        .flush()
        .with_context(|| format!("writing {}", out.display()))?;
    eprintln!(
        "wrote {count} events ({:.1} MB) to {} in {:.2} s",
        bytes as f64 / 1e6,
        out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Writes `signature<TAB>body` lines; compact JSON holds no raw tab or newline.
pub fn write_signed(events: &[SignedEvent], out: &Path) -> Result<()> {
    let file = File::create(out).with_context(|| format!("creating {}", out.display()))?;
    let mut writer = BufWriter::with_capacity(1 << 20, file);
    for event in events {
        writer.write_all(event.signature.as_bytes())?;
        writer.write_all(b"\t")?;
        writer.write_all(&event.body)?;
        writer.write_all(b"\n")?;
    }
    writer
        .flush()
        .with_context(|| format!("writing {}", out.display()))
}
