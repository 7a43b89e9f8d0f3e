//! The optional language model, end to end through the agent against a fake
//! OpenAI-compatible server on loopback: it proposes, the rules decide, and
//! every failure keeps the built-in result with the reason recorded.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use paydesk_agent::decision::{Action, Decision, Outcome, Team};
use paydesk_agent::intent::Intent;
use paydesk_agent::llm::{Assistant, OpenAiCompatible, OpenAiSettings};
use paydesk_agent::pipeline::{Agent, StageTimes, understand};
use paydesk_agent::policy::Policy;
use paydesk_agent::simulate::OrderBook;
use paydesk_agent::ticket::Ticket;
use paydesk_domain::EventEnvelope;
use paydesk_domain::world::World;
use paydesk_testkit::{FakeLlm, Scripted};
use serde_json::json;

/// The sample merchant's world (cus_rb0001 paid ch_rb0001, $27.90, for order #1036).
struct Merchant {
    world: World,
    orders: OrderBook,
}

fn merchant() -> Merchant {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/merchant");
    let mut world = World::new();
    let events = std::fs::read_to_string(dir.join("events.jsonl")).unwrap();
    for line in events.lines().filter(|l| !l.trim().is_empty()) {
        let (envelope, value) = EventEnvelope::parse(line.as_bytes()).unwrap();
        world.add_event(&envelope, &value);
    }
    world.seal();
    let orders = OrderBook::load(&dir.join("orders.jsonl")).unwrap();
    Merchant { world, orders }
}

/// A ticket from the customer of order #1036, at the time of the sample merchant's first ticket.
fn ticket(body: &str) -> Ticket {
    serde_json::from_value(json!({
        "id": "t-llm-1",
        "created_at": "2026-02-02T08:00:00Z",
        "channel": "email",
        "customer": {"email": "emily.clarke@example.com", "name": "Emily Clarke"},
        "messages": [{"author": "customer", "at": "2026-02-02T08:00:00Z", "body": body}]
    }))
    .unwrap()
}

/// A message that says what happened but not what the customer wants.
const UNSURE: &str = "Hi, about order #1036. The coffee was burnt. What now?";
/// A plain refund request.
const CLEAR: &str = "Hi, the Espresso Classico from order #1036 tastes burnt. Can I get my $27.90 back? Please refund it.";

/// A policy under which the built-in classifier is unsure of [`UNSURE`] whatever it is trained on.
fn strict_policy() -> Policy {
    Policy::parse(
        "p.toml",
        "[understanding]\nmin_confidence = 0.95\nmin_action_confidence = 0.95",
    )
    .unwrap()
}

fn assistant(fake: &FakeLlm, timeout_ms: u64, max_retries: u32, replies: bool) -> Assistant {
    let client = OpenAiCompatible::new(OpenAiSettings {
        base_url: fake.base_url(),
        model: "fake-model".into(),
        api_key: Some("sk-test-key".into()),
        timeout: Duration::from_millis(timeout_ms),
        max_retries,
    })
    .unwrap();
    Assistant::new(Arc::new(client), true, replies)
}

fn decide(policy: &Policy, body: &str, assistant: Option<&Assistant>) -> Decision {
    let m = merchant();
    let agent = Agent {
        world: &m.world,
        policy,
        orders: &m.orders,
    };
    agent
        .decide_with(
            &ticket(body),
            |_, _| 0,
            &mut StageTimes::default(),
            assistant,
        )
        .unwrap()
}

fn classify(intent: &str, confidence: f64) -> Scripted {
    Scripted::tool_call(
        "classify_ticket",
        json!({"intent": intent, "confidence": confidence, "order_number": "1036"}),
    )
}

fn refund_of_1036() -> Vec<Action> {
    vec![Action::Refund {
        charge: "ch_rb0001".into(),
        amount: 2790,
        currency: "usd".into(),
    }]
}

fn reasons(d: &Decision) -> String {
    d.reasons.join(" | ")
}

#[test]
fn an_unsure_ticket_takes_the_models_tool_call_through_the_same_rules() {
    let policy = strict_policy();
    let u = understand(&ticket(UNSURE), 0).unwrap();
    assert!(u.confidence < policy.understanding.min_confidence);
    let fake = FakeLlm::spawn();
    fake.push(classify("refund_request", 0.97));

    let d = decide(&policy, UNSURE, Some(&assistant(&fake, 2_000, 0, false)));

    assert_eq!(d.intent, Intent::RefundRequest);
    assert_eq!(d.confidence, 0.97);
    assert_eq!(d.outcome, Outcome::Resolved);
    assert_eq!(d.actions, refund_of_1036(), "{}", reasons(&d));
    assert!(
        reasons(&d).contains("it proposed refund_request (0.97)"),
        "{}",
        reasons(&d)
    );
    let sent = fake.requests();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].authorization.as_deref(), Some("Bearer sk-test-key"));
    let body = &sent[0].body;
    assert_eq!(body["model"], "fake-model");
    assert_eq!(body["messages"][0]["role"], "system");
    assert_eq!(body["messages"][1]["role"], "user");
    assert!(
        body["messages"][1]["content"]
            .as_str()
            .unwrap()
            .contains("order #1036")
    );
    assert_eq!(body["tools"][0]["type"], "function");
    assert_eq!(body["tools"][0]["function"]["name"], "classify_ticket");
    assert_eq!(body["tool_choice"]["function"]["name"], "classify_ticket");
}

#[test]
fn plain_json_content_is_a_proposal_too() {
    let fake = FakeLlm::spawn();
    fake.push(Scripted::Content(
        "```json\n{\"intent\": \"refund_request\", \"confidence\": 0.96}\n```".into(),
    ));
    let d = decide(
        &strict_policy(),
        UNSURE,
        Some(&assistant(&fake, 2_000, 0, false)),
    );
    assert_eq!(
        (d.intent, d.actions.clone()),
        (Intent::RefundRequest, refund_of_1036())
    );
}

/// Every failure keeps what the agent decides without a model, and says why.
fn assert_falls_back(d: &Decision, why: &str) {
    let without = decide(&strict_policy(), UNSURE, None);
    assert_eq!(
        (d.intent, d.outcome, &d.actions, d.team),
        (
            without.intent,
            without.outcome,
            &without.actions,
            without.team
        )
    );
    assert_eq!(
        d.outcome,
        Outcome::Escalated,
        "an unsure ticket goes to a person"
    );
    assert!(d.actions.is_empty());
    let r = reasons(d);
    assert!(
        r.contains("not used") && r.contains("built-in result kept"),
        "{r}"
    );
    assert!(r.contains(why), "{r} should say {why}");
}

#[test]
fn a_malformed_answer_falls_back_to_the_built_in_result() {
    let fake = FakeLlm::spawn();
    fake.push(Scripted::Body("{\"choices\": [{\"message\": ".into()));
    let d = decide(
        &strict_policy(),
        UNSURE,
        Some(&assistant(&fake, 2_000, 0, false)),
    );
    assert_falls_back(&d, "not JSON");
}

#[test]
fn malformed_tool_arguments_fall_back() {
    let fake = FakeLlm::spawn();
    fake.push(Scripted::ToolCall {
        name: "classify_ticket".into(),
        arguments: "{\"intent\": \"refund_request\", \"confid".into(),
    });
    let d = decide(
        &strict_policy(),
        UNSURE,
        Some(&assistant(&fake, 2_000, 0, false)),
    );
    assert_falls_back(&d, "arguments are not JSON");
}

#[test]
fn an_unknown_intent_falls_back() {
    let fake = FakeLlm::spawn();
    fake.push(classify("refund_everything", 0.99));
    let d = decide(
        &strict_policy(),
        UNSURE,
        Some(&assistant(&fake, 2_000, 0, false)),
    );
    assert_falls_back(&d, "unknown intent `refund_everything`");
}

#[test]
fn a_server_error_is_retried_then_falls_back() {
    let fake = FakeLlm::spawn();
    fake.push(Scripted::Status(500));
    fake.push(Scripted::Status(503));
    let d = decide(
        &strict_policy(),
        UNSURE,
        Some(&assistant(&fake, 2_000, 1, false)),
    );
    assert_falls_back(&d, "HTTP 503");
    assert_eq!(fake.requests().len(), 2, "one retry");
}

#[test]
fn a_slow_model_times_out_and_falls_back() {
    let fake = FakeLlm::spawn();
    fake.push(classify("refund_request", 0.97).after(Duration::from_secs(5)));
    let started = Instant::now();
    let d = decide(
        &strict_policy(),
        UNSURE,
        Some(&assistant(&fake, 200, 0, false)),
    );
    assert_falls_back(&d, "no answer within 200 ms");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn the_models_confidence_still_faces_min_action_confidence() {
    let policy = Policy::parse(
        "p.toml",
        "[understanding]\nmin_confidence = 0.95\nmin_action_confidence = 0.99",
    )
    .unwrap();
    let fake = FakeLlm::spawn();
    fake.push(classify("refund_request", 0.97));
    let d = decide(&policy, UNSURE, Some(&assistant(&fake, 2_000, 0, false)));
    assert_eq!(d.intent, Intent::RefundRequest);
    assert_eq!(
        (d.outcome, d.team),
        (Outcome::Escalated, Some(Team::Billing))
    );
    assert!(
        d.actions.is_empty(),
        "the model never acts on its own say-so"
    );
    assert!(
        reasons(&d).contains("min_action_confidence"),
        "{}",
        reasons(&d)
    );
}

#[test]
fn an_order_number_the_customer_did_not_write_is_ignored() {
    let fake = FakeLlm::spawn();
    fake.push(Scripted::tool_call(
        "classify_ticket",
        json!({"intent": "refund_request", "confidence": 0.97, "order_number": "#1099"}),
    ));
    let d = decide(
        &strict_policy(),
        UNSURE,
        Some(&assistant(&fake, 2_000, 0, false)),
    );
    assert!(
        reasons(&d).contains("1099 is not in the message"),
        "{}",
        reasons(&d)
    );
    assert_eq!(
        d.actions,
        refund_of_1036(),
        "the order the customer wrote is still meant"
    );
}

#[test]
fn a_sure_ticket_never_calls_the_model() {
    let policy = Policy::default();
    let u = understand(&ticket(CLEAR), 0).unwrap();
    assert!(u.confidence >= policy.understanding.min_confidence);
    let fake = FakeLlm::spawn();
    let d = decide(&policy, CLEAR, Some(&assistant(&fake, 2_000, 0, false)));
    assert!(fake.requests().is_empty());
    assert_eq!(d, decide(&policy, CLEAR, None));
}

/// The decision for [`CLEAR`] with the model phrasing the reply as `phrased(template)`.
fn phrased_by_model(phrased: impl Fn(&str) -> String) -> (Decision, Decision) {
    let policy = Policy::default();
    let plain = decide(&policy, CLEAR, None);
    let fake = FakeLlm::spawn();
    fake.push(Scripted::Content(phrased(&plain.reply)));
    let d = decide(&policy, CLEAR, Some(&assistant(&fake, 2_000, 0, true)));
    assert_eq!(fake.requests().len(), 1, "a sure ticket is only phrased");
    (plain, d)
}

#[test]
fn a_faithful_phrasing_is_sent_and_the_decision_is_unchanged() {
    let (plain, d) = phrased_by_model(|t| format!("Thank you for writing to us.\n\n{t}"));
    assert!(plain.reply.contains("$27.90"), "{}", plain.reply);
    assert_eq!(
        d.reply,
        format!("Thank you for writing to us.\n\n{}", plain.reply)
    );
    assert_eq!(
        (&d.actions, d.outcome, &d.reply_en),
        (&plain.actions, plain.outcome, &plain.reply_en)
    );
    assert!(reasons(&d).contains("reply phrased by the language model"));
}

#[test]
fn a_phrasing_that_invents_a_refund_amount_is_rejected() {
    let (plain, d) = phrased_by_model(|t| t.replace("$27.90", "$72.90"));
    assert_eq!(d.reply, plain.reply, "the template reply is kept");
    assert!(
        reasons(&d).contains("states an amount the reply does not (7290 usd)"),
        "{}",
        reasons(&d)
    );
}

#[test]
fn a_phrasing_that_invents_a_link_is_rejected() {
    let (plain, d) = phrased_by_model(|t| {
        format!("{t}\nTrack your refund at https://refund-status.example.net/emily")
    });
    assert_eq!(d.reply, plain.reply);
    assert!(
        reasons(&d).contains("link the reply does not (https://refund-status.example.net/emily)"),
        "{}",
        reasons(&d)
    );
}

#[test]
fn a_failed_phrasing_keeps_the_template() {
    let policy = Policy::default();
    let plain = decide(&policy, CLEAR, None);
    let fake = FakeLlm::spawn();
    fake.push(Scripted::Status(500));
    let d = decide(&policy, CLEAR, Some(&assistant(&fake, 2_000, 0, true)));
    assert_eq!(d.reply, plain.reply);
    assert!(reasons(&d).contains("HTTP 500"), "{}", reasons(&d));
}

#[test]
fn a_ticket_decided_twice_asks_the_model_once() {
    let fake = FakeLlm::spawn();
    fake.push(classify("refund_request", 0.97));
    let assistant = assistant(&fake, 2_000, 0, false);
    let first = decide(&strict_policy(), UNSURE, Some(&assistant));
    let again = decide(&strict_policy(), UNSURE, Some(&assistant));
    assert_eq!(first, again);
    assert_eq!(fake.requests().len(), 1);
}
