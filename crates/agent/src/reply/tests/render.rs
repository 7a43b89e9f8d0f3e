//! Every situation renders in every language, whatever facts are known.

use super::{full_facts, minimal_facts};
use crate::lang::Lang;
use crate::reply::{Reply, ReplyFacts, Situation, render};

/// Renders every situation in every language, failing with the pair that broke.
fn render_all(facts: &ReplyFacts) -> Vec<(Situation, Lang, Reply)> {
    let mut replies = Vec::new();
    for situation in Situation::ALL {
        for lang in Lang::ALL {
            let reply = render(situation, lang, facts)
                .unwrap_or_else(|e| panic!("{situation} in {}: {e:?}", lang.code()));
            replies.push((situation, lang, reply));
        }
    }
    replies
}

fn assert_clean(situation: Situation, lang: Lang, text: &str) {
    let at = format!("{situation} in {}", lang.code());
    assert!(!text.trim().is_empty(), "{at}: empty");
    for leftover in ["{{", "}}", "{%", "%}", "{#"] {
        assert!(
            !text.contains(leftover),
            "{at}: leftover `{leftover}`:\n{text}"
        );
    }
    assert!(
        !text.contains("\n\n\n"),
        "{at}: a gap of blank lines:\n{text}"
    );
    assert!(!text.contains("  "), "{at}: a double space:\n{text}");
    assert!(
        !text.contains(" ."),
        "{at}: a space before a full stop:\n{text}"
    );
}

#[test]
fn every_situation_renders_in_every_language_with_full_facts() {
    for (situation, lang, reply) in render_all(&full_facts()) {
        assert_clean(situation, lang, &reply.text);
    }
}

#[test]
fn every_situation_renders_in_every_language_with_minimal_facts() {
    for (situation, lang, reply) in render_all(&minimal_facts()) {
        assert_clean(situation, lang, &reply.text);
    }
}

#[test]
fn without_facts_a_reply_states_no_number_at_all() {
    // Every digit in a reply comes from a fact: with none, there is none.
    for (situation, lang, reply) in render_all(&minimal_facts()) {
        assert!(
            !reply.text.chars().any(char::is_numeric),
            "{situation} in {}:\n{}",
            lang.code(),
            reply.text
        );
    }
}

#[test]
fn the_english_field_is_the_english_rendering() {
    let facts = full_facts();
    for (situation, _, reply) in render_all(&facts) {
        let english = render(situation, Lang::En, &facts).unwrap().text;
        assert_eq!(reply.english, english, "{situation}");
    }
}

#[test]
fn replies_in_other_languages_are_not_the_english_text() {
    for (situation, lang, reply) in render_all(&full_facts()) {
        if lang != Lang::En {
            assert_ne!(reply.text, reply.english, "{situation} in {}", lang.code());
        }
    }
}

#[test]
fn a_reply_greets_by_first_name_and_signs_as_the_support_team() {
    let expected = [
        (Lang::En, "Hi Anna,", "Your support team"),
        (Lang::De, "Hallo Anna,", "Ihr Support-Team"),
        (Lang::Es, "Hola, Anna:", "El equipo de soporte"),
        (Lang::Fr, "Bonjour Anna,", "L'équipe support"),
        (Lang::Zh, "Anna，您好！", "客服团队"),
    ];
    for (lang, greeting, signature) in expected {
        let text = render(Situation::OtherEscalated, lang, &full_facts())
            .unwrap()
            .text;
        assert!(
            text.starts_with(&format!("{greeting}\n\n")),
            "{}:\n{text}",
            lang.code()
        );
        assert!(text.ends_with(signature), "{}:\n{text}", lang.code());
        assert!(!text.contains("Weber"), "only the first name: {text}");
    }
}

#[test]
fn without_a_name_the_greeting_is_neutral() {
    let expected = [
        (Lang::En, "Hello,"),
        (Lang::De, "Guten Tag,"),
        (Lang::Es, "Hola:"),
        (Lang::Fr, "Bonjour,"),
        (Lang::Zh, "您好！"),
    ];
    let blank_name = ReplyFacts {
        name: Some("  ".into()),
        ..minimal_facts()
    };
    for (lang, greeting) in expected {
        for facts in [&minimal_facts(), &blank_name] {
            let text = render(Situation::OtherEscalated, lang, facts).unwrap().text;
            assert!(
                text.starts_with(&format!("{greeting}\n\n")),
                "{}:\n{text}",
                lang.code()
            );
        }
    }
}

#[test]
fn situations_are_named_as_they_serialize() {
    for situation in Situation::ALL {
        let json = serde_json::to_value(situation).unwrap();
        assert_eq!(json, situation.as_str());
        assert_eq!(Situation::from_name(situation.as_str()), Some(situation));
    }
}
