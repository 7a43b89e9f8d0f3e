//! `[llm]`: off by default, every key from a file or the environment, the
//! key never shown, bad values named.

use std::io::Write;

use paydesk_server::Config;
use paydesk_server::config::{DEFAULT_TOML, LlmUse};

fn load(file: Option<&str>, vars: &[(&str, &str)]) -> Result<Config, String> {
    let mut tmp = tempfile::NamedTempFile::new().unwrap();
    if let Some(text) = file {
        tmp.write_all(text.as_bytes()).unwrap();
    }
    Config::load_with_env(file.map(|_| tmp.path()), |name| {
        vars.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
    })
    .map_err(|e| e.to_string())
}

#[test]
fn the_model_is_off_by_default() {
    let llm = load(None, &[]).unwrap().llm;
    assert!(!llm.enabled);
    assert!(!llm.used_for(LlmUse::Understanding));
    assert_eq!(llm.base_url, "http://127.0.0.1:11434/v1");
    assert_eq!((llm.timeout_ms, llm.max_retries), (10_000, 1));
    assert_eq!(llm.use_for, [LlmUse::Understanding]);
}

#[test]
fn the_environment_configures_every_key() {
    let llm = load(
        None,
        &[
            ("PAYDESK_LLM_ENABLED", "true"),
            ("PAYDESK_LLM_BASE_URL", "https://api.openai.com/v1"),
            ("PAYDESK_LLM_MODEL", "gpt-4o-mini"),
            ("PAYDESK_LLM_API_KEY", "sk-live-secret"),
            ("PAYDESK_LLM_TIMEOUT_MS", "2500"),
            ("PAYDESK_LLM_MAX_RETRIES", "0"),
            ("PAYDESK_LLM_USE_FOR", "understanding, replies"),
        ],
    )
    .unwrap()
    .llm;
    assert!(llm.used_for(LlmUse::Understanding) && llm.used_for(LlmUse::Replies));
    assert_eq!(llm.api_key.expose(), "sk-live-secret");
    assert_eq!(
        (llm.model.as_str(), llm.timeout_ms, llm.max_retries),
        ("gpt-4o-mini", 2500, 0)
    );
    let shown = format!("{llm:?}");
    assert!(!shown.contains("sk-live-secret"), "{shown}");
}

#[test]
fn a_file_configures_ollama_without_a_key() {
    let llm = load(
        Some("[llm]\nenabled = true\nmodel = \"llama3.1:8b\"\nuse_for = [\"understanding\", \"replies\"]\n"),
        &[],
    )
    .unwrap()
    .llm;
    assert!(llm.used_for(LlmUse::Replies));
    assert_eq!(llm.api_key.expose(), "");
}

/// A file (if any), environment variables, and what the error must name.
type Case<'a> = (Option<&'a str>, &'a [(&'a str, &'a str)], &'a str);

#[test]
fn bad_llm_values_are_named() {
    let cases: [Case; 5] = [
        (Some("[llm]\nmodle = \"x\"\n"), &[], "modle"),
        (None, &[("PAYDESK_LLM_ENABLED", "true")], "llm.model"),
        (
            None,
            &[
                ("PAYDESK_LLM_ENABLED", "true"),
                ("PAYDESK_LLM_MODEL", "m"),
                ("PAYDESK_LLM_BASE_URL", "localhost:11434"),
            ],
            "llm.base_url",
        ),
        (
            None,
            &[("PAYDESK_LLM_USE_FOR", "understanding,deciding")],
            "deciding",
        ),
        (
            None,
            &[("PAYDESK_LLM_TIMEOUT_MS", "soon")],
            "PAYDESK_LLM_TIMEOUT_MS",
        ),
    ];
    for (file, vars, named) in cases {
        let err = load(file, vars).unwrap_err();
        assert!(err.contains(named), "{err} should name {named}");
    }
    let err = load(
        None,
        &[
            ("PAYDESK_LLM_API_KEY", "sk-secret"),
            ("PAYDESK_LLM_TIMEOUT_MS", "x"),
        ],
    )
    .unwrap_err();
    assert!(!err.contains("sk-secret"), "{err}");
}

#[test]
fn every_llm_key_is_commented_in_the_defaults() {
    let after = DEFAULT_TOML.split("\n[llm]\n").nth(1).unwrap();
    let section = after.split("\n[").next().unwrap();
    let mut previous = "";
    for line in section.lines() {
        if let Some((key, _)) = line.split_once(" = ") {
            assert!(previous.starts_with('#'), "`{key}` has no comment above it");
            let var = format!("PAYDESK_LLM_{}", key.to_uppercase());
            assert!(section.contains(&var), "`{key}` does not name {var}");
        }
        previous = line;
    }
}
