//! Playbooks that write to customers and to the people on their tickets: the
//! failed-payment note and final-attempt email, the welcome email, sent
//! through the outbox to a local SMTP server; and the daily digest.

mod common;

use common::{customer, new_event, now, pairs, real, shop, smtp_vars};
use paydesk_server::config::Config;
use paydesk_server::tickets::{Channel, NewTicket};
use paydesk_store::JobStatus;
use paydesk_testkit::FakeSmtp;
use serde_json::{Value, json};

fn failed_charge(n: u32, customer: &str, at: i64) -> Value {
    real(
        "charge_failed.json",
        &format!("evt_chf{n}"),
        "charge.failed",
        at,
        json!({"id": format!("ch_f{n}"), "customer": customer, "amount": 4990, "currency": "eur",
            "status": "failed", "created": at, "invoice": "in_olga", "failure_code": "card_declined",
            "failure_message": "Your card has insufficient funds.",
            "outcome": {"type": "issuer_declined", "reason": "insufficient_funds", "network_status": "declined_by_network"}}),
    )
}

/// `invoice.payment_failed` after `attempt` attempts; `next` is the next retry, if any.
fn invoice_failed(attempt: i64, next: Option<i64>, at: i64) -> Value {
    real(
        "invoice_finalized.json",
        &format!("evt_inf{attempt}"),
        "invoice.payment_failed",
        at,
        json!({"id": "in_olga", "customer": "cus_olga", "status": "open", "amount_due": 4990, "amount_paid": 0,
            "amount_remaining": 4990, "currency": "eur", "attempt_count": attempt, "attempted": true,
            "next_payment_attempt": next, "charge": format!("ch_f{attempt}"), "number": "ROAST-0042",
            "hosted_invoice_url": "https://invoice.stripe.com/i/acct_test/in_olga", "created": at - 600}),
    )
}

#[tokio::test]
async fn only_the_final_failed_attempt_emails_the_customer_in_their_language_once() {
    // Arrange: a German-speaking customer with an open ticket.
    let smtp = FakeSmtp::start().await;
    let vars = smtp_vars(&smtp);
    let shop = shop(&pairs(&vars)).await;
    let t = now() - 3_600;
    shop.deliver(&[customer(
        "cus_olga",
        "olga@example.com",
        "Olga Weber",
        &["de-DE"],
        t - 86_400 * 30,
    )])
    .await;
    shop.tickets
        .create(
            NewTicket {
                id: Some("t-olga".into()),
                email: Some("olga@example.com".into()),
                name: None,
                subject: None,
                body: "Warum wurde mein Abo nicht verlängert?".into(),
                channel: Channel::Api,
            },
            t,
        )
        .await
        .unwrap();
    shop.tickets
        .modify("t-olga", |tk| {
            tk.customer = Some("cus_olga".into());
            tk.status = paydesk_server::tickets::Status::Open;
            Ok(())
        })
        .await
        .unwrap();

    // Act: a first failure with a retry planned, then the final one, delivered twice.
    let first = shop
        .deliver(&[
            failed_charge(1, "cus_olga", t + 10),
            invoice_failed(1, Some(t + 3 * 86_400), t + 11),
        ])
        .await;
    let last = shop
        .deliver(&[
            failed_charge(4, "cus_olga", t + 20),
            invoice_failed(4, None, t + 21),
            invoice_failed(4, None, t + 21),
        ])
        .await;
    shop.send().await;

    // Assert: no email while Stripe retries; one after the final attempt.
    assert_eq!(first.customer_messages, 0);
    assert_eq!(last.customer_messages, 1);
    let jobs = shop.email_jobs().await;
    assert_eq!(jobs.len(), 1, "one email job per invoice");
    assert_eq!(jobs[0].status, JobStatus::Done);
    let mails = smtp.received();
    assert_eq!(mails.len(), 1, "{mails:?}");
    let mail = &mails[0];
    assert_eq!(mail.to, ["olga@example.com"]);
    assert_eq!(mail.from, "support@roast.example");
    let subject = mail.header("Subject").unwrap();
    assert!(
        subject.contains("Zahlung") || subject.starts_with("=?utf-8?"),
        "{subject}"
    );
    let body = mail.body().replace("=\r\n", "");
    assert!(body.contains("Hallo Olga"), "{body}");
    assert!(body.contains("49,90"), "German notation: {body}");
    assert!(
        body.contains("https://invoice.stripe.com/i/acct_test/in_olga"),
        "{body}"
    );
    assert_eq!(
        mail.header("Message-ID").unwrap(),
        paydesk_server::email::message_id(&jobs[0].key)
    );

    // The person on the ticket got a summary of each failure, once each.
    let (ticket, _) = shop.tickets.get("t-olga").await.unwrap();
    let notes: Vec<&str> = ticket
        .messages
        .iter()
        .filter(|m| m.body.starts_with("Payment failed"))
        .map(|m| m.body.as_str())
        .collect();
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(
        notes[0].contains("ROAST-0042") && notes[0].contains("€49.90 due"),
        "{}",
        notes[0]
    );
    assert!(
        notes[0].contains("attempt 1") && notes[0].contains("Next automatic retry"),
        "{}",
        notes[0]
    );
    assert!(
        notes[0].contains("Declined: insufficient_funds")
            || notes[0].contains("Declined: card_declined"),
        "{}",
        notes[0]
    );
    assert!(
        notes[1].contains("final attempt") && notes[1].contains("Earlier failed payments: 1"),
        "{}",
        notes[1]
    );
}

#[tokio::test]
async fn an_invoice_paid_before_the_playbooks_ran_and_old_events_email_nobody() {
    // Arrange
    let smtp = FakeSmtp::start().await;
    let vars = smtp_vars(&smtp);
    let shop = shop(&pairs(&vars)).await;
    let t = now() - 3_600;
    let mut paid = invoice_failed(4, None, t + 30);
    paid["id"] = json!("evt_paid");
    paid["type"] = json!("invoice.paid");
    paid["data"]["object"]["status"] = json!("paid");
    paid["data"]["object"]["amount_paid"] = json!(4990);
    let old = now() - 3 * 86_400;
    let mut stale = invoice_failed(2, None, old);
    stale["id"] = json!("evt_stale");
    stale["data"]["object"]["id"] = json!("in_old");

    // Act: the failure and the payment arrive before the playbooks run.
    for e in [
        customer("cus_olga", "olga@example.com", "Olga", &[], t - 86_400),
        invoice_failed(4, None, t + 21),
        paid,
    ] {
        shop.store.append(&[new_event(&e)]).await.unwrap();
    }
    let report = shop.playbooks.catch_up().await.unwrap();
    let later = shop.deliver(&[stale]).await;

    // Assert
    assert_eq!(report.customer_messages, 0);
    assert_eq!(later.customer_messages, 0);
    assert_eq!(
        later
            .messages_unsent
            .get("the event is older than message_max_age_secs"),
        Some(&1),
        "{:?}",
        later.messages_unsent
    );
    assert!(shop.email_jobs().await.is_empty());
}

#[tokio::test]
async fn a_new_customer_is_welcomed_once_in_the_default_language_when_none_is_known() {
    // Arrange
    let smtp = FakeSmtp::start().await;
    let mut vars = smtp_vars(&smtp);
    vars.push(("PAYDESK_PLAYBOOKS_DEFAULT_LANGUAGE", "fr".into()));
    let shop = shop(&pairs(&vars)).await;
    let t = now() - 60;
    let created = customer("cus_ana", "ana@example.com", "Ana Dupont", &[], t);

    // Act
    let report = shop.deliver(&[created.clone(), created]).await;
    shop.send().await;

    // Assert
    assert_eq!(report.customer_messages, 1);
    let mails = smtp.received();
    assert_eq!(mails.len(), 1);
    let body = mails[0].body().replace("=\r\n", "");
    assert!(
        body.contains("Bonjour Ana") && body.contains("Bienvenue"),
        "{body}"
    );
}

#[tokio::test]
async fn without_an_email_server_nothing_is_queued_and_the_report_says_why() {
    // Arrange
    let shop = shop(&[]).await;
    let t = now() - 60;

    // Act
    let report = shop
        .deliver(&[customer("cus_ana", "ana@example.com", "Ana", &["es"], t)])
        .await;

    // Assert
    assert_eq!(report.customer_messages, 0);
    assert_eq!(
        report
            .messages_unsent
            .get("no email server configured ([email] smtp_url)"),
        Some(&1)
    );
    assert!(shop.email_jobs().await.is_empty());
}

#[tokio::test]
async fn a_refused_email_is_retried_after_4xx_and_parked_after_5xx() {
    // Arrange
    let smtp = FakeSmtp::start().await;
    let vars = smtp_vars(&smtp);
    let shop = shop(&pairs(&vars)).await;
    let t = now() - 60;
    smtp.refuse_next(2, "451 4.3.0 mailbox busy, try later");

    // Act: the first is refused twice, then accepted.
    shop.deliver(&[customer("cus_a", "a@example.com", "A", &["en"], t)])
        .await;
    shop.send().await;
    smtp.refuse_next(1, "550 5.1.1 no such user");
    shop.deliver(&[customer("cus_b", "b@example.com", "B", &["en"], t)])
        .await;
    shop.send().await;

    // Assert
    let jobs = shop.email_jobs().await;
    assert_eq!(jobs.len(), 2);
    assert_eq!(jobs[0].status, JobStatus::Done);
    assert_eq!(jobs[0].attempts, 3);
    assert_eq!(jobs[1].status, JobStatus::Parked);
    assert!(
        jobs[1].last_error.as_deref().unwrap_or("").contains("550"),
        "{:?}",
        jobs[1].last_error
    );
    let mails = smtp.received();
    assert_eq!(mails.len(), 1, "only the accepted one arrived");
    assert_eq!(mails[0].to, ["a@example.com"]);
}

#[tokio::test]
async fn a_lost_answer_sends_again_with_the_same_message_id() {
    // Arrange: the server keeps the message but hangs up before answering.
    let smtp = FakeSmtp::start().await;
    let vars = smtp_vars(&smtp);
    let shop = shop(&pairs(&vars)).await;
    smtp.keep_and_hang_up_next();

    // Act
    shop.deliver(&[customer("cus_a", "a@example.com", "A", &["en"], now() - 60)])
        .await;
    shop.send().await;

    // Assert: SMTP cannot tell; the repeat carries the same Message-ID.
    let mails = smtp.received();
    assert_eq!(mails.len(), 2);
    assert_eq!(mails[0].header("Message-ID"), mails[1].header("Message-ID"));
    assert_eq!(shop.email_jobs().await[0].status, JobStatus::Done);
}

#[test]
fn an_unusable_email_setting_is_refused_at_start_without_echoing_it() {
    let error = Config::load_with_env(None, |name| match name {
        "PAYDESK_DATABASE_URL" => Some("sqlite://unused.db".into()),
        "PAYDESK_EMAIL_SMTP_URL" => Some("smtp://user:hunter2@mail.example:587".into()),
        "PAYDESK_EMAIL_FROM" => Some("not an address".into()),
        _ => None,
    })
    .unwrap_err()
    .to_string();
    assert!(error.contains("email.from"), "{error}");
    assert!(!error.contains("hunter2"), "{error}");
}

fn plain(id: &str, event_type: &str, created: i64, object: Value) -> Value {
    json!({"id": id, "object": "event", "api_version": "2025-03-31.basil", "created": created,
        "type": event_type, "livemode": false, "data": {"object": object}})
}

#[tokio::test]
async fn the_digest_counts_one_utc_day_and_is_queued_once() {
    // Arrange: a day's events (one delivered twice), one from the day before, and two decisions.
    let shop = shop(&[(
        "PAYDESK_PLAYBOOKS_CHAT_WEBHOOK_URL",
        "http://127.0.0.1:9/hook",
    )])
    .await;
    let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
    let d = day.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp();
    let sub = |id: &str| json!({"id": id, "object": "subscription", "customer": "cus_1", "status": "active", "created": d + 10});
    let events = vec![
        plain(
            "evt_s1",
            "customer.subscription.created",
            d + 10,
            sub("sub_1"),
        ),
        plain(
            "evt_s2",
            "customer.subscription.created",
            d + 20,
            sub("sub_2"),
        ),
        plain(
            "evt_s0",
            "customer.subscription.created",
            d - 10,
            sub("sub_0"),
        ),
        plain(
            "evt_s3",
            "customer.subscription.deleted",
            d + 30,
            sub("sub_3"),
        ),
        plain(
            "evt_r1",
            "refund.created",
            d + 40,
            json!({"id": "re_1", "object": "refund", "amount": 1000,
            "currency": "eur", "charge": "ch_1", "status": "succeeded", "created": d + 40}),
        ),
        // The same refund seen on its charge: counted once.
        plain(
            "evt_c1",
            "charge.refunded",
            d + 41,
            json!({"id": "ch_1", "object": "charge", "amount": 4900,
            "currency": "eur", "amount_refunded": 1000, "refunded": false, "status": "succeeded", "created": d - 999}),
        ),
        // A refund seen only as the charge's change (no refund object).
        json!({"id": "evt_c2", "object": "event", "api_version": "2025-03-31.basil", "created": d + 50,
            "type": "charge.refunded", "livemode": false,
            "data": {"object": {"id": "ch_2", "object": "charge", "amount": 900, "currency": "usd",
                "amount_refunded": 500, "refunded": false, "status": "succeeded", "created": d - 999},
                "previous_attributes": {"amount_refunded": 0}}}),
        plain(
            "evt_d1",
            "charge.dispute.created",
            d + 60,
            json!({"id": "du_1", "object": "dispute", "amount": 900,
            "currency": "usd", "charge": "ch_9", "status": "needs_response", "created": d + 60}),
        ),
        plain(
            "evt_d2",
            "charge.dispute.closed",
            d + 70,
            json!({"id": "du_0", "object": "dispute", "amount": 900,
            "currency": "usd", "charge": "ch_8", "status": "won", "created": d - 5000}),
        ),
        plain(
            "evt_f1",
            "charge.failed",
            d + 80,
            json!({"id": "ch_f", "object": "charge", "amount": 900,
            "currency": "usd", "status": "failed", "created": d + 80}),
        ),
        plain(
            "evt_i1",
            "invoice.payment_failed",
            d + 81,
            json!({"id": "in_1", "object": "invoice",
            "customer": "cus_1", "status": "open", "amount_due": 900, "amount_paid": 0, "currency": "usd",
            "attempt_count": 1, "created": d + 81}),
        ),
        plain(
            "evt_next",
            "customer.subscription.deleted",
            d + 86_400,
            sub("sub_4"),
        ),
    ];
    for e in events.iter().chain(&events[..1]) {
        shop.store.append(&[new_event(e)]).await.unwrap();
    }
    let ticket = shop
        .tickets
        .create(
            NewTicket {
                id: Some("t-1".into()),
                email: None,
                name: None,
                subject: None,
                body: "hello".into(),
                channel: Channel::Api,
            },
            d + 100,
        )
        .await
        .unwrap();
    shop.tickets
        .modify(&ticket.id, |t| {
            t.decisions.clear();
            for (n, (state, outcome)) in [
                (paydesk_server::tickets::DecisionState::Executed, "resolved"),
                (paydesk_server::tickets::DecisionState::Proposed, "resolved"),
            ]
            .into_iter()
            .enumerate()
            {
                t.decisions.push(paydesk_server::tickets::StoredDecision {
                    id: format!("t-1:m{n}"),
                    message: 1,
                    mode: paydesk_agent::policy::Mode::Autopilot,
                    state,
                    decision: json!({"outcome": outcome}),
                    jobs: Vec::new(),
                    by: None,
                    at: d + 200,
                });
            }
            Ok(())
        })
        .await
        .unwrap();

    // Act
    let digest = paydesk_server::digest::compute(&*shop.store, day)
        .await
        .unwrap();
    let first =
        paydesk_server::digest::post(&*shop.store, "http://127.0.0.1:9/hook", day, d * 1000)
            .await
            .unwrap();
    let again =
        paydesk_server::digest::post(&*shop.store, "http://127.0.0.1:9/hook", day, d * 1000)
            .await
            .unwrap();

    // Assert
    assert_eq!(digest.day, "2026-03-10");
    assert_eq!(
        (digest.new_subscriptions, digest.churned_subscriptions),
        (2, 1)
    );
    assert_eq!(digest.refunds, 2, "{digest:?}");
    assert_eq!(digest.refunded.get("eur"), Some(&1000));
    assert_eq!(digest.refunded.get("usd"), Some(&500));
    assert_eq!(digest.disputes_opened, 1);
    assert_eq!(digest.disputes_closed.get("won"), Some(&1));
    assert_eq!((digest.failed_payments, digest.failed_invoices), (1, 1));
    assert_eq!((digest.decisions, digest.resolved_by_agent), (2, 1));
    let text = digest.text();
    assert!(
        text.contains("2 new, 1 churned") && text.contains("€10.00") && text.contains("50.0 %"),
        "{text}"
    );
    assert!(first && !again, "queued once");
    let job = shop
        .store
        .job_by_key("playbook:digest:2026-03-10")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(job.kind, "chat.post");
    assert_eq!(job.payload["text"], text);
}

#[test]
fn the_digest_is_due_for_yesterday_once_the_hour_has_come() {
    use paydesk_server::digest::due;
    let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
    let midnight = day.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp();
    assert_eq!(due(midnight + 7 * 3600 + 3599, 8), None);
    assert_eq!(due(midnight + 8 * 3600, 8), day.pred_opt());
    assert_eq!(due(midnight + 23 * 3600, 8), day.pred_opt());
    assert_eq!(due(midnight, 0), day.pred_opt());
}
