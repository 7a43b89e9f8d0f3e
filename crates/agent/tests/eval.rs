//! Intent accuracy on data the classifier never trained on: our own held-out
//! multilingual set and the public BANKING77 rows mapped to our intents.
//! Run `cargo test --release -p paydesk-agent --test eval -- --nocapture` for the figures.
//! The floors below are the measured figures rounded down: they catch a
//! regression, they are not the targets (see the README for those).

use std::collections::BTreeMap;

use paydesk_agent::intent::Intent;
use paydesk_agent::lang::{Detected, Lang, identify};
use paydesk_agent::understand::Classifier;
use paydesk_agent::understand::classifier::parse_examples;

struct Score {
    right: usize,
    total: usize,
    confusions: BTreeMap<(Intent, Intent), usize>,
}

impl Score {
    fn new() -> Score {
        Score {
            right: 0,
            total: 0,
            confusions: BTreeMap::new(),
        }
    }

    fn add(&mut self, expected: Intent, got: Intent) {
        self.total += 1;
        if expected == got {
            self.right += 1;
        } else {
            *self.confusions.entry((expected, got)).or_default() += 1;
        }
    }

    fn accuracy(&self) -> f64 {
        self.right as f64 / self.total.max(1) as f64
    }

    fn top_confusions(&self) -> String {
        let mut v: Vec<_> = self.confusions.iter().collect();
        v.sort_by(|a, b| b.1.cmp(a.1));
        v.iter()
            .take(if verbose() { 40 } else { 5 })
            .map(|((e, g), n)| format!("{e}→{g} ×{n}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// `EVAL_VERBOSE=1` lists every confusion and every miss (for looking at causes).
fn verbose() -> bool {
    std::env::var_os("EVAL_VERBOSE").is_some()
}

fn data_file(dir: &str, lang: Lang) -> Vec<(Intent, String)> {
    let path = format!(
        "{}/data/{dir}/{}.tsv",
        env!("CARGO_MANIFEST_DIR"),
        lang.code()
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    parse_examples(&path, &text).unwrap()
}

/// Held-out figures mean something only if no held-out text was trained on.
#[test]
fn held_out_texts_never_appear_in_training() {
    let norm = |t: &str| {
        t.to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut trained = std::collections::HashSet::new();
    for lang in Lang::ALL {
        trained.extend(data_file("train", lang).iter().map(|(_, t)| norm(t)));
    }
    for lang in Lang::ALL {
        for (_, text) in data_file("heldout", lang) {
            assert!(
                !trained.contains(&norm(&text)),
                "held-out text in training: {text}"
            );
        }
    }
}

#[test]
fn held_out_multilingual_accuracy_and_language() {
    let started = std::time::Instant::now();
    let classifier = Classifier::builtin();
    // Training happens at first use; the other test may have paid for it already.
    println!("classifier ready in {:?}", started.elapsed());
    for lang in Lang::ALL {
        let examples = data_file("heldout", lang);
        let mut score = Score::new();
        let mut lang_right = 0;
        let (mut confident, mut confident_right) = (0, 0);
        for (intent, message) in &examples {
            let p = classifier.predict(message);
            let got = p.intent;
            if p.confidence >= 0.6 {
                confident += 1;
                confident_right += usize::from(got == *intent);
            }
            if verbose() && got != *intent {
                println!("  miss {}: {intent} → {got}: {message}", lang.code());
            }
            score.add(*intent, got);
            lang_right += usize::from(identify(message) == Detected::Supported(lang));
        }
        let lang_acc = lang_right as f64 / examples.len() as f64;
        let confident_acc = confident_right as f64 / confident.max(1) as f64;
        println!(
            "held-out {}: confidence ≥ 0.6 on {:.0}% of messages, {:.1}% of those right",
            lang.code(),
            100.0 * confident as f64 / score.total as f64,
            100.0 * confident_acc
        );
        // Calibration: the confident answers are the better ones (below, a person decides).
        assert!(
            confident_acc >= score.accuracy(),
            "{}: confident answers no better than all",
            lang.code()
        );
        println!(
            "held-out {}: intent {:.1}% of {} (language {:.1}%); top confusions: {}",
            lang.code(),
            100.0 * score.accuracy(),
            score.total,
            100.0 * lang_acc,
            score.top_confusions()
        );
        assert!(
            score.accuracy() >= 0.95,
            "{}: intent accuracy {:.3}",
            lang.code(),
            score.accuracy()
        );
        assert!(
            lang_acc >= 0.95,
            "{}: language accuracy {:.3}",
            lang.code(),
            lang_acc
        );
    }
}

#[test]
fn banking77_mapped_accuracy() {
    let path = paydesk_testkit::shared_dir().join("data/nlu/banking77/train-paydesk.csv");
    let mut reader =
        csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let classifier = Classifier::builtin();
    let mut score = Score::new();
    let mut english = 0;
    for row in reader.records() {
        let row = row.unwrap();
        let expected =
            Intent::parse(&row[1]).unwrap_or_else(|| panic!("unknown intent {}", &row[1]));
        let got = classifier.predict(&row[0]).intent;
        if verbose() && got != expected {
            println!("  miss banking77: {expected} → {got}: {}", &row[0]);
        }
        score.add(expected, got);
        let found = identify(&row[0]);
        if verbose() && found != Detected::Supported(Lang::En) {
            println!("  banking77 read as {}: {}", found.code(), &row[0]);
        }
        english += usize::from(found == Detected::Supported(Lang::En));
    }
    let lang_acc = english as f64 / score.total.max(1) as f64;
    println!(
        "BANKING77 mapped (never trained on): {:.1}% of {} (language {:.1}%); top confusions: {}",
        100.0 * score.accuracy(),
        score.total,
        100.0 * lang_acc,
        score.top_confusions()
    );
    assert!(score.total > 1500);
    assert!(lang_acc >= 0.98, "language accuracy {lang_acc:.3}");
    assert!(score.accuracy() >= 0.92, "accuracy {:.3}", score.accuracy());
}

/// The sample merchant's tickets read as the pipeline reads them (subject,
/// the customer's own words, the thread when a follow-up is unclear).
#[test]
fn sample_merchant_intents() {
    let dir = format!("{}/../../examples/merchant", env!("CARGO_MANIFEST_DIR"));
    let read = |file: &str| -> Vec<serde_json::Value> {
        let path = format!("{dir}/{file}");
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{path}: {e}"))
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let expected: BTreeMap<String, Intent> = read("expected.jsonl")
        .iter()
        .map(|e| {
            let intent = Intent::parse(e["intent"].as_str().unwrap()).unwrap();
            (e["ticket_id"].as_str().unwrap().to_string(), intent)
        })
        .collect();
    let mut score = Score::new();
    for ticket in read("tickets.jsonl") {
        let ticket: paydesk_agent::ticket::Ticket = serde_json::from_value(ticket).unwrap();
        let got = paydesk_agent::pipeline::understand(&ticket, 1_775_000_000)
            .unwrap()
            .intent;
        let want = expected[&ticket.id];
        if verbose() && got != want {
            println!("  miss merchant {}: {want} → {got}", ticket.id);
        }
        score.add(want, got);
    }
    println!(
        "sample merchant intents: {:.1}% of {}; top confusions: {}",
        100.0 * score.accuracy(),
        score.total,
        score.top_confusions()
    );
    assert!(score.accuracy() >= 0.98, "accuracy {:.3}", score.accuracy());
}
