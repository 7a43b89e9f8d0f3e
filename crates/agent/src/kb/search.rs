//! BM25 over the passages' folded, lightly stemmed English words.

use std::collections::HashMap;

use super::Passage;
use crate::understand::text::fold;

/// BM25's term-frequency saturation.
const K1: f32 = 1.2;
/// BM25's length normalisation.
const B: f32 = 0.75;
/// A passage below this score is not relevant: about two distinctive words
/// shared with the query, or one word that only a few passages hold.
pub const MIN_SCORE: f32 = 3.0;
/// One shared word is chance ("know", "good"); a topic takes two.
pub const MIN_MATCHED: usize = 2;
/// A second passage is attached only when it scores at least this share of the first.
const SECOND_SHARE: f32 = 0.6;

/// Words that say nothing about a topic.
const STOP: &[&str] = &[
    "a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be",
    "been", "but", "by", "can", "could", "did", "do", "doe", "for", "from", "get", "got", "had",
    "ha", "have", "hello", "hi", "how", "i", "if", "in", "into", "is", "it", "its", "just", "me",
    "more", "my", "no", "not", "of", "on", "one", "only", "or", "our", "out", "over", "pleas",
    "please", "so", "still", "than", "thank", "thanks", "that", "the", "their", "them", "then",
    "there", "they", "thi", "this", "to", "u", "up", "us", "usually", "wa", "was", "we", "what",
    "when", "where", "which", "who", "why", "will", "with", "would", "yet", "you", "your",
];

/// The search terms of a text: folded words, stemmed, without stop words.
pub fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(stem)
        .filter(|w| !STOP.contains(&w.as_str()))
        .collect()
}

/// A light English stemmer: plural `s`, `ing` and `ed` (with a doubled
/// consonant undone), enough for "tracking" to meet "track".
pub fn stem(word: &str) -> String {
    let mut w = word.to_string();
    if !w.is_ascii() {
        return w;
    }
    for suffix in ["ing", "ed"] {
        if w.len() > suffix.len() + 2 && w.ends_with(suffix) {
            w.truncate(w.len() - suffix.len());
            let b = w.as_bytes();
            let n = b.len();
            let doubled = n >= 2 && b[n - 1] == b[n - 2];
            // "shipping" → "ship", "cancelled" → "cancel", but "billing" → "bill".
            let undo = doubled && (!b"aeiouls".contains(&b[n - 1]) || (b[n - 1] == b'l' && n > 5));
            if undo {
                w.pop();
            }
            return w;
        }
    }
    if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") {
        w.pop();
    }
    w
}

/// Term statistics of every passage.
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// Per passage: term → count.
    terms: Vec<HashMap<String, u32>>,
    /// Per passage: how many terms.
    lengths: Vec<u32>,
    /// Term → how many passages hold it.
    passages_with: HashMap<String, u32>,
    average_length: f32,
}

impl Index {
    /// Indexes each passage's heading and text.
    pub fn build(passages: &[Passage]) -> Index {
        let mut index = Index::default();
        for p in passages {
            let mut counts: HashMap<String, u32> = HashMap::new();
            let all = words(&format!("{}\n{}", p.heading, p.text));
            for w in &all {
                *counts.entry(w.clone()).or_default() += 1;
            }
            for w in counts.keys() {
                *index.passages_with.entry(w.clone()).or_default() += 1;
            }
            index.lengths.push(all.len() as u32);
            index.terms.push(counts);
        }
        let total: u32 = index.lengths.iter().sum();
        index.average_length = total as f32 / index.lengths.len().max(1) as f32;
        index
    }

    /// Weighted BM25 score of passage `i` for distinct query terms, and how many of them it holds.
    fn score(&self, i: usize, query: &[(String, f32)]) -> (f32, usize) {
        let n = self.terms.len() as f32;
        let length = self.lengths[i] as f32 / self.average_length.max(1.0);
        query
            .iter()
            .filter_map(|(t, weight)| {
                let tf = *self.terms[i].get(t)? as f32;
                let df = self.passages_with[t] as f32;
                let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
                Some(weight * idf * tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * length)))
            })
            .fold((0.0, 0), |(sum, matched), s| (sum + s, matched + 1))
    }

    /// (passage, score) of the passages that share at least
    /// [`MIN_MATCHED`] terms with the query and score at least
    /// [`MIN_SCORE`], best first; a runner-up far behind the best is left out.
    /// A term given twice counts once, with its highest weight.
    pub fn search(&self, query: &[(String, f32)]) -> Vec<(usize, f32)> {
        let mut distinct: Vec<(String, f32)> = query.to_vec();
        distinct.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
        distinct.dedup_by(|later, first| later.0 == first.0);
        let mut hits: Vec<(usize, f32)> = (0..self.terms.len())
            .map(|i| (i, self.score(i, &distinct)))
            .filter(|(_, (s, matched))| *s >= MIN_SCORE && *matched >= MIN_MATCHED)
            .map(|(i, (s, _))| (i, s))
            .collect();
        hits.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        if let Some(&(_, best)) = hits.first() {
            hits.retain(|(_, s)| *s >= best * SECOND_SHARE);
        }
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_meet_across_forms() {
        assert_eq!(stem("tracking"), "track");
        assert_eq!(stem("shipping"), "ship");
        assert_eq!(stem("ships"), "ship");
        assert_eq!(stem("refunded"), "refund");
        assert_eq!(stem("cancelled"), "cancel");
        assert_eq!(stem("cancelling"), "cancel");
        assert_eq!(stem("address"), "address");
        assert_eq!(stem("billing"), "bill");
        assert_eq!(stem("links"), "link");
    }
}
