//! Intent accuracy on data the classifier never trained on: our own held-out
//! multilingual set and the public BANKING77 rows mapped to our intents.
//! Run `cargo test --release -p paydesk-agent --test eval -- --nocapture` for the figures.
//! The floors below are the measured figures rounded down: they catch a
//! regression, they are not the targets (see the README for those).

use std::collections::BTreeMap;

use paydesk_agent::intent::Intent;
use paydesk_agent::lang::{Lang, detect};
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
            .take(5)
            .map(|((e, g), n)| format!("{e}→{g} ×{n}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[test]
fn held_out_multilingual_accuracy_and_language() {
    let classifier = Classifier::builtin();
    for lang in Lang::ALL {
        let path = format!(
            "{}/data/heldout/{}.tsv",
            env!("CARGO_MANIFEST_DIR"),
            lang.code()
        );
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let examples = parse_examples(&path, &text).unwrap();
        let mut score = Score::new();
        let mut lang_right = 0;
        for (intent, message) in &examples {
            score.add(*intent, classifier.predict(message).intent);
            lang_right += usize::from(detect(message) == lang);
        }
        let lang_acc = lang_right as f64 / examples.len() as f64;
        println!(
            "held-out {}: intent {:.1}% of {} (language {:.1}%); top confusions: {}",
            lang.code(),
            100.0 * score.accuracy(),
            score.total,
            100.0 * lang_acc,
            score.top_confusions()
        );
        assert!(
            score.accuracy() >= 0.80,
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
    for row in reader.records() {
        let row = row.unwrap();
        let expected =
            Intent::parse(&row[1]).unwrap_or_else(|| panic!("unknown intent {}", &row[1]));
        score.add(expected, classifier.predict(&row[0]).intent);
    }
    println!(
        "BANKING77 mapped (never trained on): {:.1}% of {}; top confusions: {}",
        100.0 * score.accuracy(),
        score.total,
        score.top_confusions()
    );
    assert!(score.total > 1500);
    assert!(score.accuracy() >= 0.74, "accuracy {:.3}", score.accuracy());
}
