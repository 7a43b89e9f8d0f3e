//! The generic rule actions `message_customer` and `close_ticket`: a
//! message from a named template, in the customer's language, once per rule
//! and event and only about recent events; tickets linked to the event's
//! object closed once, except where a person is handling them.

mod common;

use common::{Shop, body_of, config_with, customer, now, pairs, shop_with, smtp_vars, try_config};
use paydesk_server::tickets::Status;
use paydesk_testkit::FakeSmtp;
use serde_json::{Value, json};

const MESSAGE_RULES: &str = r#"
[[playbooks.rules]]
name = "refund sent"
events = ["charge.refunded"]
do = "message_customer"
template = "refund_sent"

[[playbooks.rules]]
name = "subscription ended"
events = ["customer.subscription.deleted"]
do = "message_customer"
template = "subscription_ended"

[[playbooks.rules]]
name = "the rest"
events = ["*"]
do = "nothing"
"#;

const CLOSE_RULES: &str = r#"
[[playbooks.rules]]
name = "failed invoices to billing"
events = ["invoice.payment_failed"]
do = "open_ticket"
team = "billing"

[[playbooks.rules]]
name = "paid invoices close their tickets"
events = ["invoice.paid"]
do = "close_ticket"
"#;

fn event(id: &str, event_type: &str, created: i64, object: Value) -> Value {
    json!({"id": id, "object": "event", "api_version": "2024-06-20", "created": created,
        "type": event_type, "livemode": false, "data": {"object": object}})
}

fn refunded(id: &str, customer: &str, at: i64) -> Value {
    event(
        id,
        "charge.refunded",
        at,
        json!({"id": "ch_1", "object": "charge", "amount": 4900, "currency": "eur",
            "customer": customer, "status": "succeeded", "amount_refunded": 4900, "refunded": true,
            "created": at - 86_400, "metadata": {"order_id": "#1042"},
            "payment_method_details": {"type": "card", "card": {"last4": "4242"}}}),
    )
}

fn invoice(id: &str, event_type: &str, invoice: &str, status: &str, at: i64) -> Value {
    event(
        id,
        event_type,
        at,
        json!({"id": invoice, "object": "invoice", "customer": "cus_7", "status": status,
            "amount_due": 4990, "amount_paid": if status == "paid" { 4990 } else { 0 },
            "currency": "eur", "attempt_count": 1, "created": at - 600}),
    )
}

async fn shop(rules: &str, extra: &[(&str, &str)]) -> Shop {
    shop_with(config_with(Some(rules), extra)).await
}

#[tokio::test]
async fn a_refund_message_goes_once_per_event_in_the_customers_preferred_language() {
    // Arrange: a customer whose Stripe locale is Spanish.
    let smtp = FakeSmtp::start().await;
    let vars = smtp_vars(&smtp);
    let shop = shop(MESSAGE_RULES, &pairs(&vars)).await;
    let t = now() - 600;
    shop.deliver(&[customer(
        "cus_ines",
        "ines@example.es",
        "Inés García",
        &["es-ES"],
        t - 86_400,
    )])
    .await;

    // Act: the refund event, redelivered.
    let report = shop
        .deliver(&[
            refunded("evt_rf1", "cus_ines", t),
            refunded("evt_rf1", "cus_ines", t),
        ])
        .await;
    shop.send().await;

    // Assert
    assert_eq!(report.customer_messages, 1);
    let jobs = shop.email_jobs().await;
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].key, "playbook:refund sent:evt_rf1");
    assert_eq!(jobs[0].payload["subject"], "Su reembolso está en camino");
    let mails = smtp.received();
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert_eq!(mails[0].to, ["ines@example.es"]);
    let body = body_of(&mails[0]);
    assert!(
        body.contains("Inés") || body.contains("In=C3=A9s"),
        "{body}"
    );
    assert!(
        body.contains("reembolsado") && body.contains("49,00"),
        "{body}"
    );
    assert!(body.contains("#1042") && body.contains("4242"), "{body}");
}

#[tokio::test]
async fn without_a_locale_the_message_follows_the_customers_own_words() {
    // Arrange: no Stripe locale, but the customer wrote to us in German.
    let smtp = FakeSmtp::start().await;
    let vars = smtp_vars(&smtp);
    let shop = shop(MESSAGE_RULES, &pairs(&vars)).await;
    let t = now() - 600;
    shop.deliver(&[customer(
        "cus_jonas",
        "jonas@example.de",
        "Jonas Keller",
        &[],
        t - 86_400,
    )])
    .await;
    shop.open_ticket(
        "t-jonas",
        "cus_jonas",
        &[],
        "Hallo, ich möchte mein Abonnement kündigen, bitte bestätigen Sie mir das. Danke!",
        t - 3_600,
    )
    .await;
    let ended = event(
        "evt_sub_end",
        "customer.subscription.deleted",
        t,
        json!({"id": "sub_1", "object": "subscription", "customer": "cus_jonas", "status": "canceled",
            "created": t - 86_400 * 60, "canceled_at": t, "ended_at": t}),
    );

    // Act
    let report = shop.deliver(&[ended]).await;
    shop.send().await;

    // Assert
    assert_eq!(report.customer_messages, 1);
    let mails = smtp.received();
    assert_eq!(mails.len(), 1);
    let body = body_of(&mails[0]);
    assert!(
        body.contains("Hallo Jonas") && body.contains("Abonnement"),
        "{body}"
    );
}

#[tokio::test]
async fn a_stale_event_or_a_missing_mail_server_sends_nothing_and_says_why() {
    // Arrange
    let smtp = FakeSmtp::start().await;
    let vars = smtp_vars(&smtp);
    let with_smtp = shop(MESSAGE_RULES, &pairs(&vars)).await;
    let without = shop(MESSAGE_RULES, &[]).await;
    let old = now() - 3 * 86_400;
    let fresh = now() - 60;
    let ana = customer("cus_ana", "ana@example.com", "Ana", &["en"], old - 86_400);

    // Act
    with_smtp.deliver(std::slice::from_ref(&ana)).await;
    let stale = with_smtp
        .deliver(&[refunded("evt_old", "cus_ana", old)])
        .await;
    without.deliver(&[ana]).await;
    let unconfigured = without
        .deliver(&[refunded("evt_new", "cus_ana", fresh)])
        .await;
    with_smtp.send().await;

    // Assert
    assert_eq!(
        (stale.customer_messages, unconfigured.customer_messages),
        (0, 0)
    );
    assert_eq!(
        stale
            .messages_unsent
            .get("the event is older than message_max_age_secs"),
        Some(&1),
        "{:?}",
        stale.messages_unsent
    );
    assert_eq!(
        unconfigured
            .messages_unsent
            .get("no email server configured ([email] smtp_url)"),
        Some(&1)
    );
    assert!(with_smtp.email_jobs().await.is_empty());
    assert!(without.email_jobs().await.is_empty());
    assert!(smtp.received().is_empty());
}

#[test]
fn a_message_rule_without_a_known_template_is_refused_at_start() {
    let rule = |extra: &str| {
        format!("[[playbooks.rules]]\nname = \"thanks\"\nevents = [\"invoice.paid\"]\n{extra}\n")
    };
    let missing = try_config(Some(&rule("do = \"message_customer\"")), &[]).unwrap_err();
    let unknown = try_config(
        Some(&rule(
            "do = \"message_customer\"\ntemplate = \"refund_isued\"",
        )),
        &[],
    )
    .unwrap_err();
    let an_answer = try_config(
        Some(&rule(
            "do = \"message_customer\"\ntemplate = \"refund_issued\"",
        )),
        &[],
    )
    .unwrap_err();
    let elsewhere =
        try_config(Some(&rule("do = \"nothing\"\ntemplate = \"welcome\"")), &[]).unwrap_err();

    for error in [&missing, &unknown, &an_answer, &elsewhere] {
        assert!(
            error.contains("rule 1 (thanks)") && error.contains("`template`"),
            "{error}"
        );
    }
    assert!(missing.contains("missing"), "{missing}");
    assert!(
        unknown.contains("\"refund_isued\"") && unknown.contains("payment_received"),
        "{unknown}"
    );
    assert!(
        an_answer.contains("\"refund_issued\" is not one of"),
        "{an_answer}"
    );
    assert!(elsewhere.contains("applies only"), "{elsewhere}");
    assert!(
        try_config(
            Some(&rule(
                "do = \"message_customer\"\ntemplate = \"payment_received\""
            )),
            &[]
        )
        .is_ok()
    );
}

#[tokio::test]
async fn a_paid_invoice_closes_exactly_the_tickets_about_it_once() {
    // Arrange: billing's ticket from the failure, the customer's own tickets
    // about this invoice and another, one a person answered, and another
    // customer's ticket about the same invoice id.
    let shop = shop(CLOSE_RULES, &[]).await;
    let t = now() - 600;
    let opened = shop
        .deliver(&[invoice(
            "evt_fail",
            "invoice.payment_failed",
            "in_1",
            "open",
            t,
        )])
        .await;
    shop.open_ticket(
        "t-about",
        "cus_7",
        &["in_1"],
        "Why did my payment fail?",
        t + 1,
    )
    .await;
    shop.open_ticket(
        "t-other",
        "cus_7",
        &["in_2"],
        "Please send me invoice 2.",
        t + 2,
    )
    .await;
    shop.open_ticket(
        "t-person",
        "cus_7",
        &["in_1"],
        "My card was charged?",
        t + 3,
    )
    .await;
    shop.tickets
        .reply_by_person("t-person", "I'm looking into it.", "maria", t + 4)
        .await
        .unwrap();
    shop.open_ticket("t-stranger", "cus_8", &["in_1"], "Hello", t + 5)
        .await;
    let paid = invoice("evt_paid", "invoice.paid", "in_1", "paid", t + 60);

    // Act: delivered twice.
    let first = shop.deliver(std::slice::from_ref(&paid)).await;
    let again = shop.deliver(&[paid]).await;

    // Assert
    assert_eq!(opened.tickets_opened, 1);
    assert_eq!((first.tickets_closed, first.tickets_kept_open), (2, 1));
    assert_eq!((again.tickets_closed, again.tickets_kept_open), (0, 0));
    let status = |id: &'static str| {
        let tickets = shop.tickets.clone();
        async move { tickets.get(id).await.unwrap().0 }
    };
    let billing = status("event-evt_fail").await;
    let about = status("t-about").await;
    assert_eq!(billing.status, Status::Closed);
    assert_eq!(about.status, Status::Closed);
    let closing: Vec<_> = about
        .messages
        .iter()
        .filter(|m| m.body.contains("[evt_paid]"))
        .collect();
    assert_eq!(closing.len(), 1, "one note, even for a redelivery");
    assert!(
        closing[0].body.contains("invoice.paid: in_1")
            && closing[0]
                .body
                .contains("closed by rule `paid invoices close their tickets`"),
        "{}",
        closing[0].body
    );
    assert_ne!(status("t-other").await.status, Status::Closed);
    let person = status("t-person").await;
    assert_ne!(person.status, Status::Closed);
    assert!(
        person
            .messages
            .iter()
            .any(|m| m.body.contains("a person is handling it") && m.body.contains("[evt_paid]")),
        "{:?}",
        person.messages
    );
    let stranger = status("t-stranger").await;
    assert_ne!(stranger.status, Status::Closed);
    assert!(
        !stranger
            .messages
            .iter()
            .any(|m| m.body.contains("evt_paid"))
    );
}
