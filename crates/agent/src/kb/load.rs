//! Reading a knowledge base folder: Markdown files into passages.

use std::path::Path;

use super::{KbError, Passage};

/// The (file name, text) of every `*.md` file in `dir`, in name order.
pub fn read_folder(dir: &Path) -> Result<Vec<(String, String)>, KbError> {
    let folder = |reason: String| KbError::Folder {
        dir: dir.to_path_buf(),
        reason,
    };
    let entries = std::fs::read_dir(dir).map_err(|e| folder(e.to_string()))?;
    let mut paths = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| folder(e.to_string()))?.path();
        let markdown = path
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("md"));
        if markdown && !path.is_dir() {
            paths.push(path);
        }
    }
    paths.sort();
    paths.iter().map(|path| read_file(path)).collect()
}

/// One Markdown file's name and text; not UTF-8 is an error naming the byte.
fn read_file(path: &Path) -> Result<(String, String), KbError> {
    let file = |reason: String| KbError::File {
        file: path.to_path_buf(),
        reason,
    };
    let bytes = std::fs::read(path).map_err(|e| file(e.to_string()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        file(format!(
            "not UTF-8 (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok((name, text.trim_start_matches('\u{feff}').to_string()))
}

/// The passages of one Markdown file: each bullet (with its continuation
/// lines) and each paragraph, under the nearest heading. Code blocks are skipped.
pub fn parse(file: &str, text: &str) -> Vec<Passage> {
    let stem = file.strip_suffix(".md").unwrap_or(file);
    let mut heading = stem.to_string();
    let mut passages = Vec::new();
    let mut current: Option<String> = None;
    let mut in_code = false;
    let mut flush = |current: &mut Option<String>, heading: &str| {
        if let Some(text) = current.take().map(|t| clean(&t)).filter(|t| !t.is_empty()) {
            passages.push(Passage {
                file: file.to_string(),
                heading: heading.to_string(),
                text,
            });
        }
    };
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with("```") || line.starts_with("~~~") {
            in_code = !in_code;
            flush(&mut current, &heading);
            continue;
        }
        if in_code {
            continue;
        }
        if line.is_empty() {
            flush(&mut current, &heading);
        } else if line.starts_with('#') {
            flush(&mut current, &heading);
            heading = clean(line.trim_start_matches('#'));
        } else if let Some(rest) = bullet(line) {
            flush(&mut current, &heading);
            current = Some(rest.to_string());
        } else {
            let text = current.get_or_insert_with(String::new);
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(line);
        }
    }
    flush(&mut current, &heading);
    passages
}

/// The text after a list marker (`- `, `* `, `+ `, `1. `), if the line is a list item.
fn bullet(line: &str) -> Option<&str> {
    for marker in ["- ", "* ", "+ "] {
        if let Some(rest) = line.strip_prefix(marker) {
            return Some(rest);
        }
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let rest = &line[digits..];
    (digits > 0)
        .then(|| rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")))
        .flatten()
}

/// Markdown emphasis and link brackets removed, spaces collapsed.
fn clean(text: &str) -> String {
    let plain: String = text
        .chars()
        .filter(|c| !matches!(c, '*' | '`' | '[' | ']'))
        .collect();
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bullets_and_paragraphs_become_passages_under_their_heading() {
        let md = "# Shipping\n\nWe ship fast.\nReally.\n\n- Tracking links\n  are emailed.\n* Second **point**\n\n## Abroad\n1. Duties apply.\n```\ncode\n```\n";
        let p = parse("shipping.md", md);
        let texts: Vec<(&str, &str)> = p
            .iter()
            .map(|p| (p.heading.as_str(), p.text.as_str()))
            .collect();
        assert_eq!(
            texts,
            [
                ("Shipping", "We ship fast. Really."),
                ("Shipping", "Tracking links are emailed."),
                ("Shipping", "Second point"),
                ("Abroad", "Duties apply."),
            ]
        );
        assert!(p.iter().all(|p| p.file == "shipping.md"));
    }

    #[test]
    fn a_file_without_heading_is_headed_by_its_name() {
        let p = parse("faq.md", "Plain words.");
        assert_eq!(p[0].heading, "faq");
    }
}
