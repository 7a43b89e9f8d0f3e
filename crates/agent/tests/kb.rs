//! The knowledge base: the sample merchant's Markdown files read into
//! passages; a ticket in any of the five languages finds the passage it is
//! about; an unrelated one finds nothing; an escalated decision carries the
//! passage in its reasons for the person, never in the customer's reply.

use std::path::{Path, PathBuf};

use paydesk_agent::decision::Outcome;
use paydesk_agent::kb::{KbError, KnowledgeBase, Passage};
use paydesk_agent::pipeline::{Agent, Help, NoOrders, StageTimes, understand};
use paydesk_agent::policy::Policy;
use paydesk_agent::simulate::load_kb;
use paydesk_agent::ticket::Ticket;
use paydesk_domain::world::World;
use serde_json::json;

fn merchant_kb_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/merchant/kb")
}

fn merchant_kb() -> KnowledgeBase {
    KnowledgeBase::load(&merchant_kb_dir()).expect("the sample knowledge base loads")
}

fn ticket(subject: &str, body: &str) -> Ticket {
    serde_json::from_value(json!({
        "id": "t-kb-1",
        "created_at": "2026-03-02T10:15:00Z",
        "channel": "email",
        "customer": {"email": "nobody-known@example.org", "name": "Sam"},
        "subject": subject,
        "messages": [{"author": "customer", "at": "2026-03-02T10:15:00Z", "body": body}]
    }))
    .unwrap()
}

/// The passages the knowledge base finds for a ticket, as the agent asks.
fn found<'k>(kb: &'k KnowledgeBase, subject: &str, body: &str) -> Vec<&'k Passage> {
    let t = ticket(subject, body);
    let u = understand(&t, t.time().unwrap()).unwrap();
    kb.relevant(&u, &format!("{subject}\n{body}"))
}

fn first_of(passages: &[&Passage]) -> (String, String) {
    let p = passages.first().expect("a passage is found");
    (p.file.clone(), p.text.clone())
}

#[test]
fn the_sample_knowledge_base_is_read_into_passages_under_headings() {
    let kb = merchant_kb();

    assert_eq!(kb.files(), 4);
    let shipping: Vec<&Passage> = kb
        .passages()
        .iter()
        .filter(|p| p.file == "shipping.md")
        .collect();
    assert_eq!(shipping.len(), 5);
    assert!(shipping.iter().all(|p| p.heading == "Shipping"));
    assert!(
        shipping[3]
            .text
            .starts_with("Tracking links are emailed when the parcel leaves.")
    );
}

#[test]
fn a_question_about_tracking_finds_the_tracking_passage_in_five_languages() {
    let kb = merchant_kb();
    let messages = [
        (
            "Where is my parcel?",
            "I ordered beans ten days ago and the tracking has shown nothing new since Monday. Order #1031.",
        ),
        (
            "Wo bleibt mein Paket?",
            "Hallo, meine Sendungsverfolgung zeigt seit einer Woche keinen neuen Stand. Bestellung #1031.",
        ),
        (
            "¿Dónde está mi paquete?",
            "Hola, el seguimiento de mi envío no se mueve desde hace días. Pedido #1031.",
        ),
        (
            "Où est mon colis ?",
            "Bonjour, le suivi de mon colis ne bouge plus depuis plusieurs jours. Commande #1031.",
        ),
        (
            "我的包裹在哪里",
            "你好，我的快递物流信息好几天都没有更新了，订单号 #1031。",
        ),
    ];
    for (subject, body) in messages {
        let passages = found(&kb, subject, body);

        let (file, text) = first_of(&passages);
        assert_eq!(file, "shipping.md", "{subject}");
        assert!(text.starts_with("Tracking links"), "{subject}: {text}");
    }
}

#[test]
fn other_topics_find_their_own_passage() {
    let kb = merchant_kb();
    let cases = [
        (
            "Paket beschädigt",
            "Das Paket kam völlig zerdrückt an, die Tüte ist kaputt.",
            "shipping.md",
            "A parcel that arrives damaged",
        ),
        (
            "Factura",
            "Necesito una factura con la dirección de mi empresa, por favor.",
            "payments.md",
            "Every payment has a receipt",
        ),
        (
            "Carte refusée",
            "Ma carte a été refusée trois fois au paiement, je ne comprends pas.",
            "payments.md",
            "A declined card",
        ),
        (
            "取消订阅",
            "我想取消我的订阅，下个月不要再寄了。",
            "subscriptions.md",
            "Cancelling stops",
        ),
    ];
    for (subject, body, file, start) in cases {
        let passages = found(&kb, subject, body);

        let (got_file, text) = first_of(&passages);
        assert_eq!(got_file, file, "{subject}: {text}");
        assert!(text.starts_with(start), "{subject}: {text}");
    }
}

#[test]
fn an_unrelated_message_finds_nothing() {
    let kb = merchant_kb();

    let unrelated = [
        (
            "Quick question",
            "Do you know a good recipe for a chocolate cake? My grandmother loves baking.",
        ),
        (
            "Frage",
            "Kennen Sie ein gutes Rezept für Apfelkuchen? Meine Oma backt so gern.",
        ),
        (
            "你好",
            "请问你们知道哪里有好吃的蛋糕店吗？我奶奶很喜欢烘焙。",
        ),
    ];
    for (subject, body) in unrelated {
        let passages = found(&kb, subject, body);

        assert!(passages.is_empty(), "{subject}: {passages:#?}");
    }
}

#[test]
fn an_escalated_ticket_carries_the_passage_for_the_person_not_the_customer() {
    let kb = merchant_kb();
    let world = World::new();
    let policy = Policy::default();
    let agent = Agent {
        world: &world,
        policy: &policy,
        orders: &NoOrders,
    };
    let t = ticket(
        "Wo bleibt mein Paket?",
        "Hallo, meine Sendungsverfolgung zeigt seit einer Woche keinen neuen Stand. Bestellung #1031.",
    );
    let help = Help {
        assistant: None,
        kb: Some(&kb),
    };

    let with = agent
        .decide_helped(&t, |_, _| 0, &mut StageTimes::default(), help)
        .unwrap();
    let without = agent
        .decide_helped(&t, |_, _| 0, &mut StageTimes::default(), Help::default())
        .unwrap();

    assert_eq!(with.outcome, Outcome::Escalated, "{:?}", with.reasons);
    let kb_reasons: Vec<&String> = with
        .reasons
        .iter()
        .filter(|r| r.starts_with("kb: "))
        .collect();
    assert!(
        kb_reasons[0].starts_with("kb: shipping.md — Tracking links are emailed when"),
        "{kb_reasons:?}"
    );
    assert_eq!(with.reply, without.reply, "the reply is the template's");
    assert!(!with.reply.contains("Tracking links"));
    let mut rest = with.reasons.clone();
    rest.retain(|r| !r.starts_with("kb: "));
    assert_eq!(rest, without.reasons, "only reasons are added");
    assert_eq!((with.intent, with.team), (without.intent, without.team));
}

#[test]
fn a_knowledge_base_file_that_is_not_utf8_is_an_error_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    std::fs::write(dir.join("good.md"), "# Good\n\n- Fine.\n").unwrap();
    std::fs::write(dir.join("bad.md"), b"# Bad\n\n- caf\xe9\n").unwrap();

    let error = KnowledgeBase::load(&dir).unwrap_err();
    let simulate_error = load_kb(&dir).unwrap_err();

    assert!(matches!(&error, KbError::File { file, .. } if file.ends_with("bad.md")));
    assert!(error.to_string().contains("not UTF-8"), "{error}");
    assert!(simulate_error.file.ends_with("bad.md"), "{simulate_error}");
    assert!(simulate_error.to_string().contains("not UTF-8"));
}

#[test]
fn a_missing_knowledge_base_folder_is_an_error_naming_it() {
    let missing = Path::new("/nonexistent/paydesk-kb");

    let error = load_kb(missing).unwrap_err();

    assert_eq!(error.file, missing);
}
