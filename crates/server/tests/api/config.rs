//! Configuration: layered, validated once, errors name the key; secrets never shown.

use paydesk_server::Config;

fn load(vars: &[(&str, &str)]) -> Result<Config, String> {
    Config::load_with_env(None, |name| {
        vars.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
    })
    .map_err(|e| e.to_string())
}

#[test]
fn defaults_come_from_the_embedded_file() {
    let config = load(&[]).unwrap();
    assert_eq!(config.listen.to_string(), "127.0.0.1:8080");
    assert_eq!(config.database_url.expose(), "sqlite://paydesk.db");
    assert_eq!(config.stripe.signature_tolerance_secs, 300);
    assert_eq!(config.stripe.api_base, "https://api.stripe.com");
}

#[test]
fn environment_overrides_and_splits_secret_lists() {
    let config = load(&[
        ("PAYDESK_STRIPE_WEBHOOK_SECRETS", "whsec_a, whsec_b"),
        ("STRIPE_API_BASE", "http://127.0.0.1:9"),
        ("PAYDESK_STRIPE_SIGNATURE_TOLERANCE_SECS", "60"),
    ])
    .unwrap();
    let secrets: Vec<&str> = config
        .stripe
        .webhook_secrets
        .iter()
        .map(|s| s.expose())
        .collect();
    assert_eq!(secrets, ["whsec_a", "whsec_b"]);
    assert_eq!(config.stripe.api_base, "http://127.0.0.1:9");
    assert_eq!(config.stripe.signature_tolerance_secs, 60);
}

#[test]
fn bad_values_name_the_key_and_the_variable() {
    let err = load(&[("PAYDESK_LISTEN", "nowhere")]).unwrap_err();
    assert!(
        err.contains("`listen`") && err.contains("PAYDESK_LISTEN"),
        "{err}"
    );
    let err = load(&[("PAYDESK_STRIPE_SIGNATURE_TOLERANCE_SECS", "-5")]).unwrap_err();
    assert!(err.contains("stripe.signature_tolerance_secs"), "{err}");
    let err = load(&[("PAYDESK_DATABASE_URL", "mysql://x")]).unwrap_err();
    assert!(err.contains("database_url"), "{err}");
}

#[test]
fn unknown_keys_in_a_file_are_refused_with_the_file_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("paydesk.toml");
    std::fs::write(&path, "lisen = \"127.0.0.1:1\"\n").unwrap();
    let err = Config::load_with_env(Some(&path), |_| None)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("lisen") && err.contains("paydesk.toml"),
        "{err}"
    );
}

#[test]
fn secrets_never_appear_in_debug_output_or_errors() {
    let config = load(&[
        ("PAYDESK_STRIPE_WEBHOOK_SECRETS", "whsec_supersecret"),
        ("PAYDESK_STRIPE_API_KEY", "sk_test_hidden"),
    ])
    .unwrap();
    let shown = format!("{config:?}");
    assert!(
        !shown.contains("supersecret") && !shown.contains("sk_test_hidden"),
        "{shown}"
    );
    let err = load(&[("PAYDESK_STRIPE_WEBHOOK_SECRETS", "not_a_whsec_value")]).unwrap_err();
    assert!(!err.contains("not_a_whsec_value"), "{err}");
}
