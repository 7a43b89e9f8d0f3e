//! Payment-event playbooks: one ticket per dispute however its events arrive
//! (duplicated, out of order, closed before created), closed with the final
//! status; no ticket for informational events; notes on open tickets.

mod common;

use common::{Shop, config_with, shop, shop_with, try_config};
use paydesk_server::playbooks::Playbooks;
use paydesk_server::tickets::Status;
use paydesk_store::TicketFilter;
use paydesk_testkit::shared_dir;
use serde_json::{Value, json};

const T: i64 = 1_767_225_600;

/// A dispute event shaped like the real `charge_dispute_closed.json`, with our ids and states.
fn dispute_event(n: usize, step: usize, event_type: &str, status: &str) -> Value {
    let path = shared_dir().join("data/stripe/events/charge_dispute_closed.json");
    let mut event: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    event["id"] = json!(format!("evt_du{n}_{step}"));
    event["type"] = json!(event_type);
    // Same second for every step: only the dispute's own progression orders them.
    event["created"] = json!(T + 100 + n as i64);
    let object = &mut event["data"]["object"];
    object["id"] = json!(format!("du_{n}"));
    object["charge"] = json!(format!("ch_{n}"));
    object["status"] = json!(status);
    object["amount"] = json!(4900);
    object["currency"] = json!("eur");
    object["created"] = json!(T + 100 + n as i64);
    event
}

fn charge_event(n: usize) -> Value {
    json!({"id": format!("evt_ch{n}"), "object": "event", "api_version": "2024-06-20", "created": T + n as i64,
      "type": "charge.succeeded", "livemode": false,
      "data": {"object": {"id": format!("ch_{n}"), "object": "charge", "amount": 4900, "currency": "eur",
        "customer": format!("cus_{n}"), "status": "succeeded", "created": T + n as i64, "paid": true,
        "amount_refunded": 0, "disputed": false, "metadata": {"order_id": format!("#{}", 1000 + n)}}}})
}

/// Five disputes: created → updated → closed (won or lost); one stays open.
fn stream() -> Vec<Value> {
    let mut events: Vec<Value> = (0..5).map(charge_event).collect();
    for n in 0..5 {
        events.push(dispute_event(
            n,
            0,
            "charge.dispute.created",
            "needs_response",
        ));
        events.push(dispute_event(
            n,
            1,
            "charge.dispute.updated",
            "under_review",
        ));
        if n < 4 {
            let end = if n % 2 == 0 { "won" } else { "lost" };
            events.push(dispute_event(n, 2, "charge.dispute.closed", end));
        }
    }
    events
}

/// Delivers events one at a time, as in `serve`: (tickets opened, closed).
async fn deliver(shop: &Shop, events: &[Value]) -> (u64, u64) {
    let report = shop.deliver(events).await;
    (report.tickets_opened, report.tickets_closed)
}

/// (id, status, dispute status tag) of every ticket, sorted.
async fn outcome(shop: &Shop) -> Vec<(String, Status, String)> {
    let mut all: Vec<_> = shop
        .tickets
        .list(&TicketFilter {
            limit: 1_000,
            ..TicketFilter::default()
        })
        .await
        .unwrap()
        .into_iter()
        .map(|t| {
            let tag = t
                .tags
                .iter()
                .find(|g| g.starts_with("dispute_status:"))
                .cloned()
                .unwrap_or_default();
            (t.id, t.status, tag)
        })
        .collect();
    all.sort_by(|a, b| a.0.cmp(&b.0));
    all
}

fn expected() -> Vec<(String, Status, String)> {
    (0..5)
        .map(|n| {
            let (status, tag) = match n {
                4 => (Status::Open, "under_review"),
                n if n % 2 == 0 => (Status::Closed, "won"),
                _ => (Status::Closed, "lost"),
            };
            (
                format!("dispute-du_{n}"),
                status,
                format!("dispute_status:{tag}"),
            )
        })
        .collect()
}

#[tokio::test]
async fn in_order_each_dispute_gets_one_ticket_closed_with_its_result() {
    // Arrange
    let shop = shop(&[]).await;

    // Act
    let (opened, closed) = deliver(&shop, &stream()).await;

    // Assert
    assert_eq!(outcome(&shop).await, expected());
    assert_eq!((opened, closed), (5, 4));
    let (ticket, _) = shop.tickets.get("dispute-du_0").await.unwrap();
    assert_eq!(ticket.team.as_deref(), Some("disputes"));
    assert_eq!(ticket.customer.as_deref(), Some("cus_0"));
    for link in ["du_0", "ch_0", "cus_0", "#1000"] {
        assert!(
            ticket.links.iter().any(|l| l == link),
            "{link} in {:?}",
            ticket.links
        );
    }
    let notes: Vec<&str> = ticket.messages.iter().map(|m| m.body.as_str()).collect();
    assert!(
        notes[0].contains("reason general") && notes[0].contains("evidence due 2023-01-21"),
        "{notes:?}"
    );
    assert_eq!(
        notes.len(),
        4,
        "the summary and one note per event: {notes:?}"
    );
}

#[tokio::test]
async fn shuffled_and_duplicated_delivery_ends_the_same() {
    for seed in 0..8 {
        // Arrange: every event twice, in a random order (closed before created too).
        let shop = shop(&[]).await;
        let mut events = stream();
        events.extend(stream());
        fastrand::Rng::with_seed(seed).shuffle(&mut events);

        // Act
        let (opened, _) = deliver(&shop, &events).await;

        // Assert
        assert_eq!(outcome(&shop).await, expected(), "seed {seed}");
        assert_eq!(opened, 5, "seed {seed}: one ticket per dispute");
    }
}

/// Customer 7 paid (charge ch_7) and wrote: ticket `t-7`, linked, open.
async fn customer_7_wrote(shop: &Shop, body: &str) {
    deliver(shop, &[charge_event(7)]).await;
    shop.open_ticket("t-7", "cus_7", &[], body, T + 50).await;
}

#[tokio::test]
async fn informational_events_open_nothing_and_note_open_tickets() {
    // Arrange: a customer with an open ticket.
    let shop = shop(&[]).await;
    customer_7_wrote(&shop, "Where is my refund for order #1007?").await;
    let refunded = json!({"id": "evt_rf7", "object": "event", "api_version": "2024-06-20", "created": T + 60,
        "type": "charge.refunded", "livemode": false,
        "data": {"object": {"id": "ch_7", "object": "charge", "amount": 4900, "currency": "eur",
            "customer": "cus_7", "status": "succeeded", "amount_refunded": 4900, "refunded": true, "created": T + 7}}});

    // Act
    let (opened, _) = deliver(&shop, &[refunded.clone(), refunded]).await;

    // Assert
    assert_eq!(opened, 0);
    let (ticket, _) = shop.tickets.get("t-7").await.unwrap();
    let notes: Vec<_> = ticket
        .messages
        .iter()
        .filter(|m| m.body.contains("[evt_rf7]"))
        .collect();
    assert_eq!(notes.len(), 1, "one note, even for a redelivery");
    assert!(
        notes[0].body.starts_with("charge.refunded: ch_7 4900 eur"),
        "{}",
        notes[0].body
    );
}

#[tokio::test]
async fn a_rule_condition_in_cel_selects_events() {
    // Arrange: large disputes to their own team, small ones open nothing.
    let config = config_with(
        Some(
            r#"
[[playbooks.rules]]
name = "large disputes"
events = ["charge.dispute.*"]
when = "object.amount >= 10000"
do = "dispute_ticket"
team = "risk"

[[playbooks.rules]]
name = "the rest"
events = ["*"]
do = "nothing"
"#,
        ),
        &[],
    );
    let s = shop_with(config.clone()).await;
    let playbooks = Playbooks::new(&config, s.tickets.clone());
    let mut big = dispute_event(8, 0, "charge.dispute.created", "needs_response");
    big["data"]["object"]["amount"] = json!(25_000);
    let small = dispute_event(9, 0, "charge.dispute.created", "needs_response");

    // Act
    for event in [charge_event(8), charge_event(9), big, small] {
        s.store.append(&[common::new_event(&event)]).await.unwrap();
    }
    let report = playbooks.catch_up().await.unwrap();

    // Assert
    assert_eq!(report.tickets_opened, 1);
    let (ticket, _) = s.tickets.get("dispute-du_8").await.unwrap();
    assert_eq!(ticket.team.as_deref(), Some("risk"));
    assert!(s.tickets.get("dispute-du_9").await.is_err());
}

#[test]
fn a_condition_that_is_not_cel_is_refused_at_start() {
    let error = try_config(
        Some("[[playbooks.rules]]\nname = \"broken\"\nevents = [\"*\"]\nwhen = \"object.amount >=\"\ndo = \"nothing\"\n"),
        &[],
    )
    .unwrap_err();
    assert!(
        error.contains("rule 1 (broken)") && error.contains("not CEL"),
        "{error}"
    );
}

#[tokio::test]
async fn a_dispute_of_a_customer_with_an_open_ticket_goes_onto_that_ticket() {
    for seed in 0..4 {
        // Arrange: the customer wrote before disputing the charge.
        let shop = shop(&[]).await;
        customer_7_wrote(&shop, "I don't recognise this charge of 49 euros").await;
        let mut events = vec![
            dispute_event(7, 0, "charge.dispute.created", "needs_response"),
            dispute_event(7, 1, "charge.dispute.updated", "under_review"),
            dispute_event(7, 2, "charge.dispute.closed", "lost"),
        ];
        events.extend(events.clone());
        fastrand::Rng::with_seed(seed).shuffle(&mut events);

        // Act
        let (opened, closed) = deliver(&shop, &events).await;

        // Assert: no ticket of its own; the customer's ticket carries it and ends closed.
        assert_eq!(opened, 0, "seed {seed}");
        assert_eq!(closed, 1, "seed {seed}");
        assert!(shop.tickets.get("dispute-du_7").await.is_err());
        let (ticket, _) = shop.tickets.get("t-7").await.unwrap();
        assert_eq!(ticket.status, Status::Closed, "seed {seed}");
        assert_eq!(ticket.team.as_deref(), Some("disputes"));
        assert!(
            ticket.tags.iter().any(|t| t == "dispute_status:lost"),
            "{:?}",
            ticket.tags
        );
        assert!(ticket.links.iter().any(|l| l == "du_7"));
        let summaries = ticket
            .messages
            .iter()
            .filter(|m| m.body.starts_with("Dispute opened"))
            .count();
        assert_eq!(summaries, 1, "seed {seed}");
    }
}
