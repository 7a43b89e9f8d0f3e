//! Sparse features of a text: hashed word unigrams and bigrams and
//! character n-grams within words (3–6 characters), sublinear TF, L2-normalised.
//! Character n-grams carry typos and inflections; Chinese (no spaces) gets
//! character bigrams and trigrams.
//!
//! Hashing works on the folded characters directly: no string is built per
//! word or n-gram, and the scratch buffers are reused per thread.

use std::cell::RefCell;

use super::text::fold_char;

/// Number of hash buckets.
pub const DIM: usize = 1 << 15;

/// A sparse, L2-normalised feature vector.
pub type Features = Vec<(u32, f32)>;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// Weight of one character n-gram relative to a word.
const NGRAM_WEIGHT: f32 = 1.0;
/// Shortest and longest character n-gram. Bigrams ("re", "e ") occur in
/// nearly every word of every language and drown the informative longer
/// n-grams: 3–6 measured better than 2–5 on BANKING77 (91.5 % against 88.9 %)
/// and on 5-fold cross-validation of the training set (91.3 % against 89.8 %).
const NGRAMS: std::ops::RangeInclusive<usize> = 3..=6;
/// Words longer than this (URLs, ids) give no character n-grams.
const MAX_NGRAM_WORD: usize = 38;

/// FNV-1a over characters: stable across runs and platforms, so training is reproducible.
fn hash_chars(kind: u8, chars: &[char]) -> u64 {
    let mut h = FNV_OFFSET ^ u64::from(kind);
    for &c in chars {
        h = (h ^ u64::from(c)).wrapping_mul(FNV_PRIME);
    }
    h
}

/// Combines word hashes into one feature (bigrams, CJK runs).
fn combine(kind: u8, parts: &[u64]) -> u64 {
    let mut h = FNV_OFFSET ^ u64::from(kind);
    for p in parts {
        h = (h ^ p).wrapping_mul(FNV_PRIME);
        h ^= h >> 29;
    }
    h
}

/// A bucket from a 64-bit hash; the final mix spreads FNV's low bits.
fn bucket(h: u64) -> u32 {
    let h = (h ^ (h >> 31)).wrapping_mul(0x7fb5_d329_728e_a185);
    ((h ^ (h >> 27)) % DIM as u64) as u32
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3040}'..='\u{30ff}').contains(&c)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\''
}

/// Buffers reused from one text to the next.
#[derive(Default)]
struct Scratch {
    /// The folded text; digits become `0`.
    chars: Vec<char>,
    /// One word with a space either side, for character n-grams.
    padded: Vec<char>,
    /// Each word's hash and whether it is a CJK character.
    words: Vec<(u64, bool)>,
    /// Hashes of the CJK characters in order.
    cjk: Vec<u64>,
    /// Raw `(bucket, weight)` pairs before merging.
    raw: Vec<(u32, f32)>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// The features of a text.
pub fn features(text: &str) -> Features {
    SCRATCH.with(|s| {
        let mut s = s.borrow_mut();
        let s = &mut *s;
        s.chars.clear();
        for c in text.chars() {
            fold_char(c, |f| {
                s.chars.push(if f.is_ascii_digit() { '0' } else { f });
            });
        }
        collect(s);
        finish(&mut s.raw)
    })
}

fn collect(s: &mut Scratch) {
    s.words.clear();
    s.raw.clear();
    let chars = &s.chars;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_cjk(c) {
            s.words.push((hash_chars(b'w', &chars[i..=i]), true));
            i += 1;
        } else if is_word_char(c) {
            let start = i;
            while i < chars.len() && is_word_char(chars[i]) && !is_cjk(chars[i]) {
                i += 1;
            }
            let word = &chars[start..i];
            s.words.push((hash_chars(b'w', word), false));
            if word.len() <= MAX_NGRAM_WORD {
                s.padded.clear();
                s.padded.push(' ');
                s.padded.extend_from_slice(word);
                s.padded.push(' ');
                for n in NGRAMS {
                    for window in s.padded.windows(n) {
                        s.raw.push((bucket(hash_chars(b'n', window)), NGRAM_WEIGHT));
                    }
                }
            }
        } else {
            i += 1;
        }
    }
    for (i, &(w, _)) in s.words.iter().enumerate() {
        s.raw.push((bucket(w), 1.0));
        if let Some(&(next, _)) = s.words.get(i + 1) {
            s.raw.push((bucket(combine(b'b', &[w, next])), 1.0));
        }
    }
    // CJK text has no spaces: bigrams and trigrams of characters across the run.
    s.cjk.clear();
    s.cjk
        .extend(s.words.iter().filter(|(_, cjk)| *cjk).map(|(h, _)| *h));
    for pair in s.cjk.windows(2) {
        s.raw.push((bucket(combine(b'c', pair)), 1.0));
    }
    for tri in s.cjk.windows(3) {
        s.raw.push((bucket(combine(b'c', tri)), 1.0));
    }
}

/// Merges equal buckets, applies sublinear TF and L2-normalises.
fn finish(raw: &mut [(u32, f32)]) -> Features {
    // Sorted before summing: the same text always gives bit-identical features.
    raw.sort_unstable_by_key(|(k, _)| *k);
    let mut out: Features = Vec::with_capacity(raw.len());
    for &(k, w) in raw.iter() {
        match out.last_mut() {
            Some((last, sum)) if *last == k => *sum += w,
            _ => out.push((k, w)),
        }
    }
    for (_, v) in &mut out {
        *v = 1.0 + v.ln();
    }
    let norm = out.iter().map(|(_, v)| v * v).sum::<f32>().sqrt().max(1e-6);
    for (_, v) in &mut out {
        *v /= norm;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_are_normalised_and_stable() {
        let a = features("Refund my order #1042 please");
        let b = features("refund my order #9999 PLEASE");
        assert_eq!(a, b, "case and digits do not matter");
        let norm: f32 = a.iter().map(|(_, v)| v * v).sum();
        assert!((norm - 1.0).abs() < 1e-4);
        assert!(!features("退款").is_empty());
        assert!(features("").is_empty());
    }

    #[test]
    fn accents_and_typographic_apostrophes_fold() {
        assert_eq!(features("Rückerstattung"), features("ruckerstattung"));
        assert_eq!(features("didn’t work"), features("didn't work"));
    }
}
