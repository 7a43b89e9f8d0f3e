//! Tickets: one row per id, optimistic updates, lists by status and customer.

use paydesk_store::{Store, TicketFilter, TicketRow};
use serde_json::json;

fn ticket(id: &str, status: &str, customer: Option<&str>, updated_at: i64) -> TicketRow {
    TicketRow {
        id: id.to_owned(),
        status: status.to_owned(),
        team: None,
        customer: customer.map(str::to_owned),
        email: Some(format!("{id}@example.com")),
        created_at: 1_767_225_600,
        updated_at,
        version: 1,
        doc: json!({"id": id, "messages": [{"author": "customer", "body": "Où est mon remboursement ? 退款"}]}),
    }
}

pub async fn a_ticket_id_is_stored_once_and_read_back_whole(store: &dyn Store) {
    // Act
    let first = store
        .insert_ticket(&ticket("t-1", "open", Some("cus_1"), 10))
        .await
        .unwrap();
    let again = store
        .insert_ticket(&ticket("t-1", "solved", None, 11))
        .await
        .unwrap();

    // Assert
    assert!(first);
    assert!(!again);
    let read = store.ticket("t-1").await.unwrap().expect("t-1 is stored");
    assert_eq!(read, ticket("t-1", "open", Some("cus_1"), 10));
    assert!(store.ticket("t-404").await.unwrap().is_none());
}

pub async fn an_update_from_a_stale_version_is_refused(store: &dyn Store) {
    // Arrange
    store
        .insert_ticket(&ticket("t-1", "open", None, 10))
        .await
        .unwrap();
    let mut mine = store.ticket("t-1").await.unwrap().unwrap();
    let mut theirs = mine.clone();

    // Act
    theirs.version += 1;
    theirs.status = "pending".into();
    let they_won = store.update_ticket(&theirs).await.unwrap();
    mine.version += 1;
    mine.status = "solved".into();
    let i_lost = !store.update_ticket(&mine).await.unwrap();

    // Assert
    assert!(they_won && i_lost);
    let read = store.ticket("t-1").await.unwrap().unwrap();
    assert_eq!((read.status.as_str(), read.version), ("pending", 2));
}

pub async fn tickets_are_listed_by_status_and_customer_newest_first(store: &dyn Store) {
    // Arrange
    for (id, status, customer, at) in [
        ("t-1", "open", Some("cus_1"), 10),
        ("t-2", "solved", Some("cus_1"), 30),
        ("t-3", "open", Some("cus_2"), 20),
        ("t-4", "open", None, 40),
    ] {
        store
            .insert_ticket(&ticket(id, status, customer, at))
            .await
            .unwrap();
    }
    let ids = |rows: Vec<TicketRow>| rows.into_iter().map(|t| t.id).collect::<Vec<_>>();

    // Act
    let all = store
        .tickets(&TicketFilter {
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    let open = store
        .tickets(&TicketFilter {
            status: Some("open".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    let of_one = store
        .tickets(&TicketFilter {
            customer: Some("cus_1".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    let open_of_one = store
        .tickets(&TicketFilter {
            status: Some("open".into()),
            customer: Some("cus_1".into()),
            limit: 1,
        })
        .await
        .unwrap();

    // Assert
    assert_eq!(ids(all), ["t-4", "t-2", "t-3", "t-1"]);
    assert_eq!(ids(open), ["t-4", "t-3", "t-1"]);
    assert_eq!(ids(of_one), ["t-2", "t-1"]);
    assert_eq!(ids(open_of_one), ["t-1"]);
}
