//! The merchant's knowledge base: a folder of Markdown files (policies, FAQ)
//! read into passages, and the passages most relevant to a ticket.
//!
//! The passages are for the person who handles an escalated ticket: they are
//! attached to the decision's reasons (`kb: shipping.md — …`), never put into
//! the customer's reply, and never read as facts of the customer's payment.
//! The knowledge base is English; a message in another language finds its
//! passage through the English terms of its intent and of its keywords
//! ([`terms`]). When no passage scores above a threshold, none is attached.
//!
//! # Layout
//! - [`load`]: reading the folder into passages (file, heading, bullet or paragraph).
//! - [`search`]: BM25 over folded, lightly stemmed English words.
//! - [`terms`]: the query of a ticket: its words, its intent's and its keywords' English terms.

pub mod load;
pub mod search;
pub mod terms;

use std::path::{Path, PathBuf};

use crate::decide::Understanding;

pub use load::parse;

/// Why a knowledge base cannot be read, naming the folder or file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KbError {
    /// The folder cannot be listed.
    #[error("knowledge base {}: {reason}", dir.display())]
    Folder {
        /// The folder.
        dir: PathBuf,
        /// What went wrong.
        reason: String,
    },
    /// A Markdown file cannot be read or is not UTF-8.
    #[error("knowledge base file {}: {reason}", file.display())]
    File {
        /// The file.
        file: PathBuf,
        /// What went wrong.
        reason: String,
    },
}

/// One bullet or paragraph of a Markdown file, under its heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// The file's name, e.g. `shipping.md`.
    pub file: String,
    /// The nearest heading above it (the file's stem when there is none).
    pub heading: String,
    /// The passage's text, its lines joined by spaces.
    pub text: String,
}

impl Passage {
    /// The reason line for a decision: `kb: shipping.md — Tracking links are …`.
    pub fn reason(&self) -> String {
        format!("kb: {} — {}", self.file, shorten(&self.text, REASON_CHARS))
    }
}

/// Longest passage text quoted in a reason.
const REASON_CHARS: usize = 220;

/// At most `max` characters of `text`, cut at a word and marked with `…`.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => &cut,
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

/// The passages of a knowledge base and their search index.
#[derive(Debug, Clone, Default)]
pub struct KnowledgeBase {
    files: usize,
    passages: Vec<Passage>,
    index: search::Index,
}

/// Most passages attached to one decision.
pub const MOST_ATTACHED: usize = 2;

impl KnowledgeBase {
    /// Reads every `*.md` file of `dir` (not its subfolders), in name order.
    pub fn load(dir: &Path) -> Result<KnowledgeBase, KbError> {
        Ok(KnowledgeBase::from_files(load::read_folder(dir)?))
    }

    /// A knowledge base of (file name, Markdown text) pairs.
    pub fn from_files(files: Vec<(String, String)>) -> KnowledgeBase {
        let passages: Vec<Passage> = files
            .iter()
            .flat_map(|(name, text)| parse(name, text))
            .collect();
        let index = search::Index::build(&passages);
        KnowledgeBase {
            files: files.len(),
            passages,
            index,
        }
    }

    /// How many Markdown files it was read from.
    pub fn files(&self) -> usize {
        self.files
    }

    /// Every passage, in file order.
    pub fn passages(&self) -> &[Passage] {
        &self.passages
    }

    /// The passages relevant to a ticket (best first, at most
    /// [`MOST_ATTACHED`]); empty when none scores above the threshold.
    pub fn relevant(&self, u: &Understanding, text: &str) -> Vec<&Passage> {
        let query = terms::query(u.intent, &u.entities, text);
        self.index
            .search(&query)
            .into_iter()
            .take(MOST_ATTACHED)
            .map(|(i, _)| &self.passages[i])
            .collect()
    }
}
