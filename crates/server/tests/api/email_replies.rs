//! Tickets answered by email: with `"channel":"email"` and `[email]`
//! configured, the agent's reply and a person's reply also go to the
//! customer as emails, one per answer however often its delivery repeats.

use std::sync::Arc;
use std::time::Duration;

use paydesk_server::outbox::Deliver;
use paydesk_server::tickets::Tickets;
use paydesk_server::tickets::deliver::TicketReplies;
use paydesk_testkit::{FakeSmtp, ReceivedMail};
use serde_json::{Value, json};

use crate::helpers::{TOKEN, TestApp, call, spawn_app_with, wait_for};

const ORDER_DE: &str =
    "Hallo, wo ist meine Bestellung #1042? Sie ist noch nicht angekommen. Danke, Anna";

async fn shop(smtp: &FakeSmtp) -> TestApp {
    spawn_app_with(&[
        ("PAYDESK_API_TOKENS", TOKEN),
        ("PAYDESK_OUTBOX_POLL_INTERVAL_MS", "20"),
        ("PAYDESK_EMAIL_SMTP_URL", &smtp.url()),
        ("PAYDESK_EMAIL_FROM", "Shop <support@shop.example>"),
    ])
    .await
}

async fn open(app: &TestApp, id: &str, channel: Option<&str>) -> (u16, Value) {
    let mut body = json!({"id": id, "email": "anna@example.de", "subject": "Meine Bestellung",
        "body": ORDER_DE});
    if let Some(channel) = channel {
        body["channel"] = json!(channel);
    }
    call(app, "POST", "/api/tickets", Some(body)).await
}

/// Waits until the SMTP server holds `n` mails.
async fn mails(smtp: &FakeSmtp, n: usize) -> Vec<ReceivedMail> {
    for _ in 0..200 {
        if smtp.received().len() >= n {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    smtp.received()
}

fn has_agent_reply(ticket: &Value) -> bool {
    ticket["messages"]
        .as_array()
        .is_some_and(|m| m.iter().any(|m| m["author"] == "agent"))
}

#[tokio::test]
async fn the_agents_reply_on_an_email_ticket_is_emailed_once() {
    // Arrange
    let smtp = FakeSmtp::start().await;
    let app = shop(&smtp).await;

    // Act
    let (status, created) = open(&app, "t-mail", Some("email")).await;
    let ticket = wait_for(&app, "t-mail", "the agent's reply", has_agent_reply).await;
    let received = mails(&smtp, 1).await;

    // Assert
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["channel"], "email");
    assert_eq!(received.len(), 1, "{received:?}");
    let mail = &received[0];
    assert_eq!(mail.to, ["anna@example.de"]);
    assert_eq!(
        mail.header("Subject").as_deref(),
        Some("Re: Meine Bestellung")
    );
    let reply = ticket["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["author"] == "agent")
        .unwrap();
    let first_line = reply["body"].as_str().unwrap().lines().next().unwrap();
    assert!(mail.body().contains(first_line), "{}", mail.body());
    let job = app
        .store
        .job_by_key("t-mail:m1:reply:email")
        .await
        .unwrap()
        .expect("the email job, keyed by the decision");
    assert_eq!(job.kind, "email.send");

    // Act again: the reply job delivered a second time (a worker died after posting).
    let reply_job = app
        .store
        .job_by_key("t-mail:m1:reply")
        .await
        .unwrap()
        .unwrap();
    let policy = Arc::new(paydesk_server::load_policy("").unwrap());
    let tickets = Tickets::new(app.store.clone(), policy, String::new(), Default::default())
        .with_email_replies(true);
    let again = TicketReplies(Arc::new(tickets))
        .deliver(&reply_job)
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;

    // Assert: still one answer, one email.
    assert_eq!(again["posted"], false, "{again}");
    let emails: Vec<_> = app
        .store
        .jobs(None, 100)
        .await
        .unwrap()
        .into_iter()
        .filter(|j| j.kind == "email.send")
        .collect();
    assert_eq!(emails.len(), 1);
    assert_eq!(smtp.received().len(), 1);
    app.stop().await;
}

#[tokio::test]
async fn a_persons_reply_is_emailed_and_an_api_ticket_gets_no_email() {
    // Arrange
    let smtp = FakeSmtp::start().await;
    let app = shop(&smtp).await;
    open(&app, "t-mail", Some("email")).await;
    open(&app, "t-api", None).await;
    wait_for(&app, "t-mail", "the agent's reply", has_agent_reply).await;
    wait_for(&app, "t-api", "the agent's reply", has_agent_reply).await;
    mails(&smtp, 1).await;

    // Act
    let body = json!({"body": "Ihr Paket ist unterwegs und kommt morgen an.", "by": "maria"});
    let (status, _) = call(
        &app,
        "POST",
        "/api/tickets/t-mail/reply",
        Some(body.clone()),
    )
    .await;
    call(&app, "POST", "/api/tickets/t-api/reply", Some(body)).await;
    let received = mails(&smtp, 2).await;
    tokio::time::sleep(Duration::from_millis(300)).await;

    // Assert: the agent's and the person's reply on the email ticket; nothing for the API ticket.
    assert_eq!(status, 200);
    assert_eq!(smtp.received().len(), 2, "{received:?}");
    let person = &received[1];
    assert_eq!(
        person.header("Subject").as_deref(),
        Some("Re: Meine Bestellung")
    );
    assert!(
        person.body().contains("Ihr Paket ist unterwegs"),
        "{}",
        person.body()
    );
    let (_, api) = call(&app, "GET", "/api/tickets/t-api", None).await;
    assert_eq!(api["channel"], "api");
    app.stop().await;
}

#[tokio::test]
async fn an_email_ticket_needs_the_customers_address() {
    // Arrange
    let smtp = FakeSmtp::start().await;
    let app = shop(&smtp).await;

    // Act
    let (status, body) = call(
        &app,
        "POST",
        "/api/tickets",
        Some(json!({"body": "Hallo", "channel": "email"})),
    )
    .await;
    let (unknown, _) = call(
        &app,
        "POST",
        "/api/tickets",
        Some(json!({"body": "Hallo", "email": "a@example.com", "channel": "fax"})),
    )
    .await;

    // Assert
    assert_eq!(status, 400, "{body}");
    assert!(
        body["error"]["detail"].as_str().unwrap().contains("email"),
        "{body}"
    );
    assert_eq!(unknown, 400);
    app.stop().await;
}
