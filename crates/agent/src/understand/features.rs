//! Sparse features of a text: hashed word unigrams and bigrams and
//! character n-grams within words (2–5 characters), sublinear TF, L2-normalised.
//! Character n-grams carry typos, inflections and Chinese (no spaces) alike.

use std::collections::HashMap;

use super::text::fold;

/// Number of hash buckets.
pub const DIM: usize = 1 << 18;

/// A sparse, L2-normalised feature vector.
pub type Features = Vec<(u32, f32)>;

/// FNV-1a: stable across runs and platforms, so training is reproducible.
fn hash(kind: u8, parts: &[&str]) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ u64::from(kind);
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h = (h ^ 0x1f).wrapping_mul(0x0100_0000_01b3);
        }
        for b in p.bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    (h % DIM as u64) as u32
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3040}'..='\u{30ff}').contains(&c)
}

/// Splits into words: runs of letters/digits; each CJK character stands alone.
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        if is_cjk(c) {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            out.push(c.to_string());
        } else if c.is_alphanumeric() || c == '\'' {
            current.push(if c.is_ascii_digit() { '0' } else { c });
        } else if !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The features of a text.
pub fn features(text: &str) -> Features {
    let folded = fold(text);
    let words = words(&folded);
    let mut counts: HashMap<u32, f32> = HashMap::with_capacity(words.len() * 8);
    let mut add = |k: u32, w: f32| *counts.entry(k).or_insert(0.0) += w;
    for (i, w) in words.iter().enumerate() {
        add(hash(b'w', &[w]), 1.0);
        if let Some(next) = words.get(i + 1) {
            add(hash(b'b', &[w, next]), 1.0);
        }
        char_ngrams(w, &mut add);
    }
    // CJK text has no spaces: bigrams and trigrams of characters across the run.
    let cjk: Vec<&String> = words.iter().filter(|w| w.chars().all(is_cjk)).collect();
    for pair in cjk.windows(2) {
        add(hash(b'c', &[pair[0], pair[1]]), 1.0);
    }
    for tri in cjk.windows(3) {
        add(hash(b'c', &[tri[0], tri[1], tri[2]]), 1.0);
    }
    let mut out: Features = counts.into_iter().map(|(k, c)| (k, 1.0 + c.ln())).collect();
    // Sorted before summing: the same text always gives bit-identical features.
    out.sort_unstable_by_key(|(k, _)| *k);
    let norm = out.iter().map(|(_, v)| v * v).sum::<f32>().sqrt().max(1e-6);
    for (_, v) in &mut out {
        *v /= norm;
    }
    out
}

fn char_ngrams(word: &str, add: &mut impl FnMut(u32, f32)) {
    let padded: Vec<char> = std::iter::once(' ')
        .chain(word.chars())
        .chain(std::iter::once(' '))
        .collect();
    if padded.len() > 40 {
        return;
    }
    let mut buf = String::new();
    for n in 2..=5 {
        for window in padded.windows(n) {
            buf.clear();
            buf.extend(window);
            add(hash(b'n', &[&buf]), 0.5);
        }
    }
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
    }
}
