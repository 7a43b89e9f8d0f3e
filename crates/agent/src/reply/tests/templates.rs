//! The template files themselves: complete, and free of invented facts.

use std::collections::{BTreeSet, HashMap};

use regex::Regex;

use crate::lang::Lang;
use crate::reply::{ReplyError, Situation, library};

/// Every template of a language's file, by key (`greeting`, `closing`, or a situation).
fn templates(lang: Lang) -> Vec<(String, String)> {
    let file: toml::Table = toml::from_str(library::source(lang)).expect("the file parses");
    let mut out = Vec::new();
    for (key, value) in file {
        match value {
            toml::Value::String(body) => out.push((key, body)),
            // Subject lines are plain text, checked on their own below.
            toml::Value::Table(_) if key == "subjects" => {}
            toml::Value::Table(situations) => {
                for (name, body) in situations {
                    out.push((name, body.as_str().expect("a template string").to_string()));
                }
            }
            other => panic!("{}.toml: unexpected `{key}` = {other}", lang.code()),
        }
    }
    out
}

/// The text a template writes as is, outside `{{ }}`, `{% %}` and `{# #}`.
fn literal_text(template: &str) -> String {
    let constructs = Regex::new(r"(?s)\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}").unwrap();
    constructs.replace_all(template, " ").into_owned()
}

#[test]
fn the_emails_sent_unasked_have_a_subject_in_every_language_and_replies_none() {
    for lang in Lang::ALL {
        for situation in Situation::ALL {
            let unasked = situation.unasked();
            let subject = crate::reply::subject(situation, lang);
            assert_eq!(subject.is_some(), unasked, "{}: {situation}", lang.code());
            if let Some(s) = subject {
                assert!(!s.is_empty() && !s.contains('{'), "{}: {s:?}", lang.code());
            }
        }
    }
}

#[test]
fn every_language_has_a_template_for_exactly_the_known_situations() {
    let known: BTreeSet<String> = Situation::ALL
        .iter()
        .map(|s| s.as_str().to_string())
        .collect();
    for lang in Lang::ALL {
        let keys: BTreeSet<String> = templates(lang).into_iter().map(|(key, _)| key).collect();
        let situations: BTreeSet<String> = keys
            .iter()
            .filter(|k| *k != "greeting" && *k != "closing")
            .cloned()
            .collect();
        assert_eq!(situations, known, "{}.toml", lang.code());
        assert!(
            keys.contains("greeting") && keys.contains("closing"),
            "{}",
            lang.code()
        );
    }
}

#[test]
fn templates_hard_code_no_amounts_or_dates() {
    for lang in Lang::ALL {
        for (key, template) in templates(lang) {
            let literal = literal_text(&template);
            let digit = literal.chars().find(|c| c.is_numeric());
            assert_eq!(
                digit,
                None,
                "{}.toml `{key}` writes a number:\n{literal}",
                lang.code()
            );
        }
    }
}

#[test]
fn templates_hard_code_no_currencies_or_links() {
    for lang in Lang::ALL {
        for (key, template) in templates(lang) {
            let literal = literal_text(&template);
            for invented in ["€", "$", "£", "¥", "元", "http", "www."] {
                assert!(
                    !literal.contains(invented),
                    "{}.toml `{key}`: {invented}",
                    lang.code()
                );
            }
        }
    }
}

#[test]
fn the_stripping_of_template_constructs_keeps_only_literal_text() {
    let literal =
        literal_text("Paid {{ amount | money }} on {% if date %}{{ date | date }}{% endif %}.");
    assert_eq!(literal, "Paid   on    .");
}

#[test]
fn a_reply_error_names_the_file_and_the_situation() {
    let error = ReplyError::MissingTemplate {
        situation: Situation::RefundIssued,
        lang: Lang::De,
    };
    assert_eq!(
        error.to_string(),
        "templates/de.toml has no template for `refund_issued`"
    );
}

#[test]
fn a_misspelt_situation_is_reported_with_its_file_and_key() {
    let text = "greeting = 'Hi'\nclosing = 'Bye'\n[situations]\nrefund_isued = 'Done.'\n";
    let mut faults = HashMap::new();
    let mut env = minijinja::Environment::new();
    let error = library::add_language(&mut env, Lang::De, text, &mut faults).unwrap_err();
    assert_eq!(error, "templates/de.toml: unknown situation `refund_isued`");
}

#[test]
fn a_template_that_does_not_compile_is_recorded_under_its_name() {
    let text =
        "greeting = 'Hi'\nclosing = 'Bye'\n[situations]\nrefund_issued = '{% if amount %}Done.'\n";
    let mut faults = HashMap::new();
    let mut env = minijinja::Environment::new();
    library::add_language(&mut env, Lang::Fr, text, &mut faults).unwrap();
    assert!(faults.contains_key("fr/refund_issued"), "{faults:?}");
    assert!(env.get_template("fr/greeting").is_ok());
}
