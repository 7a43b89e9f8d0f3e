//! `paydesk simulate`: past tickets against the state as of each ticket.

use std::collections::BTreeMap;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use paydesk_agent::decision::Decision;
use paydesk_agent::simulate::{self, Inputs};

/// Arguments of `simulate`.
#[derive(clap::Args)]
pub struct Args {
    /// Stripe events, JSONL.
    #[arg(long)]
    events: PathBuf,
    /// Tickets, JSONL.
    #[arg(long)]
    tickets: PathBuf,
    /// Shopify orders, JSONL.
    #[arg(long)]
    orders: Option<PathBuf>,
    /// Knowledge base: a folder of Markdown files.
    #[arg(long)]
    kb: Option<PathBuf>,
    /// Policy, TOML (defaults as in the README).
    #[arg(long)]
    policy: Option<PathBuf>,
    /// Where to write one decision per ticket (JSONL); stdout when absent.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Also write the report's figures as JSON.
    #[arg(long)]
    report_json: Option<PathBuf>,
}

/// Runs the simulation. Decisions go to a `.partial` file as they are made
/// (in ticket-file order) and it is renamed only once every ticket is decided.
pub fn run(args: Args) -> anyhow::Result<()> {
    let inputs = Inputs {
        events: args.events,
        tickets: args.tickets,
        orders: args.orders,
        kb: args.kb,
        policy: args.policy,
    };
    let bar = super::progress_bar(None, "{bar:40} {pos}/{len} tickets {per_sec} eta {eta}");
    let mut out = Output::open(args.out.as_deref())?;
    let mut failed = None;
    let result = simulate::run_with(
        &inputs,
        |done, total| {
            if done == 1 {
                bar.set_length(total as u64);
            }
            if done % 256 == 0 || done == total {
                bar.set_position(done as u64);
            }
        },
        |i, decision| {
            if failed.is_none()
                && let Err(e) = out.put(i, &decision)
            {
                failed = Some(e);
            }
        },
    );
    bar.finish_and_clear();
    let report = match result {
        Ok(report) => report,
        Err(e) => {
            out.abandon();
            return Err(e.into());
        }
    };
    if let Some(e) = failed {
        out.abandon();
        return Err(e);
    }
    out.finish()?;
    if let Some(path) = &args.report_json {
        write_atomically(path, serde_json::to_string_pretty(&report)?.as_bytes())?;
    }
    eprint!("{}", report.render());
    Ok(())
}

/// Where decisions go, one JSON line each in ticket-file order, whatever
/// order they are decided in.
struct Output {
    target: Target,
    next: usize,
    waiting: BTreeMap<usize, String>,
}

enum Target {
    /// A `.partial` file beside the output, renamed at the end.
    File {
        writer: BufWriter<std::fs::File>,
        tmp: PathBuf,
        path: PathBuf,
    },
    /// Stdout is written at the end, so a failed run prints no decisions.
    Stdout(Vec<u8>),
}

impl Output {
    fn open(path: Option<&Path>) -> anyhow::Result<Output> {
        let target = match path {
            Some(path) => {
                let tmp = path.with_extension("partial");
                let file = std::fs::File::create(&tmp)
                    .with_context(|| format!("writing {}", tmp.display()))?;
                Target::File {
                    writer: BufWriter::with_capacity(1 << 20, file),
                    tmp,
                    path: path.to_path_buf(),
                }
            }
            None => Target::Stdout(Vec::new()),
        };
        Ok(Output {
            target,
            next: 0,
            waiting: BTreeMap::new(),
        })
    }

    fn write(&mut self, line: &str) -> anyhow::Result<()> {
        match &mut self.target {
            Target::File { writer, tmp, .. } => writer
                .write_all(line.as_bytes())
                .with_context(|| format!("writing {}", tmp.display())),
            Target::Stdout(buf) => {
                buf.extend_from_slice(line.as_bytes());
                Ok(())
            }
        }
    }

    fn put(&mut self, i: usize, decision: &Decision) -> anyhow::Result<()> {
        let mut line = serde_json::to_string(decision)?;
        line.push('\n');
        self.waiting.insert(i, line);
        while let Some(line) = self.waiting.remove(&self.next) {
            self.write(&line)?;
            self.next += 1;
        }
        Ok(())
    }

    fn finish(mut self) -> anyhow::Result<()> {
        for line in std::mem::take(&mut self.waiting).into_values() {
            self.write(&line)?;
        }
        match self.target {
            Target::File {
                mut writer,
                tmp,
                path,
            } => {
                writer
                    .flush()
                    .with_context(|| format!("writing {}", tmp.display()))?;
                drop(writer);
                std::fs::rename(&tmp, &path).with_context(|| format!("writing {}", path.display()))
            }
            Target::Stdout(buf) => Ok(std::io::stdout().lock().write_all(&buf)?),
        }
    }

    fn abandon(self) {
        if let Target::File { tmp, .. } = &self.target {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// Writes a file whole or not at all.
fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> anyhow::Result<()> {
    let tmp = path.with_extension("partial");
    std::fs::write(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}
