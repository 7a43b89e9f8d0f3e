//! The `Stripe-Signature` scheme, checked against a fixed vector, the official
//! stripe-python library, and the ways a header can be wrong.

use std::io::Write;
use std::process::{Command, Stdio};

use paydesk_stripe::{SignatureError, sign_payload, verify_signature};
use proptest::prelude::*;

const BODY: &[u8] = br#"{"id":"evt_1","object":"event"}"#;
const SECRET: &str = "whsec_test_secret";
const T: i64 = 1_700_000_000;
const TOLERANCE: i64 = 300;

fn secrets(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn header(payload: &[u8], secret: &str, t: i64) -> String {
    format!("t={t},v1={}", sign_payload(payload, secret, t))
}

/// Verifies `header` over [`BODY`] with [`SECRET`], 10 s after [`T`].
fn verify(header: Option<&str>) -> Result<i64, SignatureError> {
    verify_signature(header, BODY, &secrets(&[SECRET]), TOLERANCE, T + 10)
}

#[test]
fn fixed_vector_signs_and_verifies() {
    let expected = "0c8670ed117751cc551a20e35839447075c42800ea3cf3e8a2fbda99cd1e6edd";
    assert_eq!(sign_payload(BODY, SECRET, T), expected);
    assert_eq!(verify(Some(&format!("t={T},v1={expected}"))), Ok(T));
}

#[test]
fn accepts_headers_made_by_the_official_stripe_python_library() {
    let real = paydesk_testkit::real_events().remove(0).1;
    let payloads = [
        String::from_utf8(BODY.to_vec()).unwrap(),
        r#"{"customer":"Zoë Ødegård","note":"返金してください 🙏","amount":1299}"#.to_owned(),
        "{\n  \"multi\": \"line\",\r\n  \"tab\":\"\t\"\n}\n".to_owned(),
        String::from_utf8(real).expect("real events are UTF-8"),
    ];
    let keys = [
        "whsec_test_secret",
        "whsec_3xKq9vLmN2pRtY7wZbC4dF6gH8jA1sE5",
        "whsec_ü_non_ascii",
    ];
    let mut cases = Vec::new();
    for (i, payload) in payloads.iter().enumerate() {
        for (j, secret) in keys.iter().enumerate() {
            let t = 1_600_000_000 + (i * 10 + j) as i64 * 86_400;
            cases.push(serde_json::json!({ "payload": payload, "secret": secret, "timestamp": t }));
        }
    }
    let headers = python_signature_headers(&serde_json::Value::Array(cases.clone()));
    assert_eq!(headers.len(), cases.len());
    for (case, header) in cases.iter().zip(&headers) {
        let payload = case["payload"].as_str().unwrap().as_bytes();
        let secret = case["secret"].as_str().unwrap();
        let t = case["timestamp"].as_i64().unwrap();
        assert_eq!(
            header,
            &format!("t={t},v1={}", sign_payload(payload, secret, t)),
            "same bytes as stripe-python"
        );
        assert_eq!(
            verify_signature(Some(header), payload, &secrets(&[secret]), TOLERANCE, t + 1),
            Ok(t)
        );
    }
}

/// Runs stripe-python's `generate_signature_header` for each case
/// `{payload, secret, timestamp}` and returns the headers in order.
fn python_signature_headers(cases: &serde_json::Value) -> Vec<String> {
    const SCRIPT: &str = r#"
import json, sys
try:
    import stripe
except ImportError as err:
    sys.stderr.write("cannot import stripe: %s\n" % err)
    sys.exit(3)
cases = json.loads(sys.stdin.buffer.read().decode("utf-8"))
print(json.dumps([
    stripe.WebhookSignature.generate_signature_header(c["payload"], c["secret"], timestamp=c["timestamp"])
    for c in cases
]))
"#;
    let python = std::env::var("PAYDESK_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let hint = format!(
        "this test needs the official stripe Python library: run `pip install stripe` (16.x) for the \
         interpreter in PAYDESK_PYTHON (now {python}), e.g. `{python} -m pip install 'stripe>=16,<17'`"
    );
    let mut child = Command::new(&python)
        .args(["-c", SCRIPT])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|err| panic!("cannot start {python}: {err}; {hint}"));
    let input = serde_json::to_vec(cases).unwrap();
    // A write error means Python already exited; its status and stderr say why.
    let _ = child.stdin.take().unwrap().write_all(&input);
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{python} failed ({}): {stderr}\n{hint}",
        output.status
    );
    serde_json::from_slice(&output.stdout).expect("stripe-python printed a JSON list of headers")
}

#[test]
fn any_configured_secret_may_match_during_rotation() {
    let both = secrets(&["whsec_old", "whsec_new"]);
    let signed_by_new = header(BODY, "whsec_new", T);
    assert_eq!(
        verify_signature(Some(&signed_by_new), BODY, &both, TOLERANCE, T),
        Ok(T)
    );
}

#[test]
fn any_v1_in_the_header_may_match() {
    let bad = "0".repeat(64);
    let good = sign_payload(BODY, SECRET, T);
    assert_eq!(verify(Some(&format!("t={T},v1={bad},v1={good}"))), Ok(T));
    assert_eq!(
        verify(Some(&format!(
            "t={T},v0={bad},v1=nothex,v1={good},scheme=x"
        ))),
        Ok(T)
    );
}

#[test]
fn v0_only_header_has_no_v1_signature() {
    let v0 = sign_payload(BODY, SECRET, T);
    assert_eq!(
        verify(Some(&format!("t={T},v0={v0}"))).unwrap_err().code(),
        "no_v1_signature"
    );
}

#[test]
fn tampered_body_is_a_mismatch() {
    let signed = header(BODY, SECRET, T);
    let tampered = br#"{"id":"evt_2","object":"event"}"#;
    let err =
        verify_signature(Some(&signed), tampered, &secrets(&[SECRET]), TOLERANCE, T).unwrap_err();
    assert_eq!(err, SignatureError::SignatureMismatch);
    assert_eq!(err.code(), "signature_mismatch");
}

#[test]
fn wrong_secret_is_a_mismatch() {
    let signed = header(BODY, "whsec_someone_else", T);
    assert_eq!(
        verify(Some(&signed)).unwrap_err().code(),
        "signature_mismatch"
    );
}

#[test]
fn timestamps_beyond_the_tolerance_are_refused_either_way() {
    let signed = header(BODY, SECRET, T);
    let check = |now| verify_signature(Some(&signed), BODY, &secrets(&[SECRET]), TOLERANCE, now);
    assert_eq!(
        check(T + TOLERANCE),
        Ok(T),
        "exactly at the tolerance still passes"
    );
    let stale = check(T + TOLERANCE + 1).unwrap_err();
    assert_eq!(
        stale,
        SignatureError::TimestampTooOld {
            age_secs: TOLERANCE + 1,
            tolerance_secs: TOLERANCE
        }
    );
    assert_eq!(stale.code(), "timestamp_too_old");
    assert_eq!(check(T - TOLERANCE), Ok(T));
    let future = check(T - TOLERANCE - 1).unwrap_err();
    assert_eq!(
        future,
        SignatureError::TimestampInFuture {
            ahead_secs: TOLERANCE + 1,
            tolerance_secs: TOLERANCE
        }
    );
    assert_eq!(future.code(), "timestamp_in_future");
}

#[test]
fn stale_forgery_reports_the_mismatch_not_the_age() {
    let forged = header(BODY, "whsec_attacker", T);
    let err = verify_signature(
        Some(&forged),
        BODY,
        &secrets(&[SECRET]),
        TOLERANCE,
        T + 10_000,
    )
    .unwrap_err();
    assert_eq!(err.code(), "signature_mismatch");
}

#[test]
fn missing_and_garbage_headers_are_refused_with_their_reason() {
    assert_eq!(verify(None).unwrap_err().code(), "missing_header");
    for garbage in [
        "",
        "   ",
        "garbage",
        "t=abc,v1=00",
        "v1=abcd",
        "t=,v1=00",
        "t=1,t=2,v1=00",
    ] {
        let err = verify(Some(garbage)).unwrap_err();
        assert_eq!(err.code(), "malformed_header", "{garbage:?} gave {err}");
    }
    let says = |h: &str| verify(Some(h)).unwrap_err().to_string();
    assert!(says("").contains("empty"), "{}", says(""));
    assert!(
        says("v1=abcd").contains("no timestamp"),
        "{}",
        says("v1=abcd")
    );
    assert!(
        says("t=abc,v1=00").contains("\"abc\""),
        "{}",
        says("t=abc,v1=00")
    );
}

#[test]
fn no_configured_secret_is_refused() {
    let signed = header(BODY, "", T);
    for configured in [secrets(&[]), secrets(&[""])] {
        let err = verify_signature(Some(&signed), BODY, &configured, TOLERANCE, T).unwrap_err();
        assert_eq!(err.code(), "no_secrets");
    }
}

#[test]
fn messages_never_reveal_the_secret() {
    let errors = [
        verify(None),
        verify(Some("garbage")),
        verify(Some(&header(BODY, "whsec_other", T))),
        verify_signature(
            Some(&header(BODY, SECRET, T)),
            BODY,
            &secrets(&[SECRET]),
            TOLERANCE,
            T + 9_999,
        ),
    ];
    for err in errors {
        let text = format!("{} / {:?}", err.as_ref().unwrap_err(), err);
        assert!(
            !text.contains(SECRET) && !text.contains("test_secret"),
            "{text}"
        );
    }
}

proptest! {
    #[test]
    fn any_single_byte_change_breaks_the_signature(
        body in proptest::collection::vec(any::<u8>(), 1..2000),
        index in any::<proptest::sample::Index>(),
        flip in 1..=255u8,
    ) {
        let signed = header(&body, SECRET, T);
        let mut changed = body.clone();
        changed[index.index(body.len())] ^= flip;
        let result = verify_signature(Some(&signed), &changed, &secrets(&[SECRET]), TOLERANCE, T);
        prop_assert_eq!(result.unwrap_err().code(), "signature_mismatch");
        prop_assert_eq!(verify_signature(Some(&signed), &body, &secrets(&[SECRET]), TOLERANCE, T), Ok(T));
    }
}
