//! Webhooks append to the log only (`append_log`); the mirror follows
//! (`sync_mirror`). After a sync, every history is the one a mirror written
//! with the log shows, however the two kinds of append were mixed, and a
//! process that stopped before syncing leaves nothing the next one cannot
//! derive. (PostgreSQL writes the mirror with the log: there the sync has
//! nothing to do and says so with `None`.)

use paydesk_store::Store;
use paydesk_store::rebuild::rebuild_mirror;

use super::rebuild::snapshot;
use super::{customer, json_event};

/// The log's last sequence number.
async fn log_end(store: &dyn Store) -> i64 {
    let events = store.events_after(0, 10_000).await.unwrap();
    events.last().map_or(0, |e| e.seq)
}

/// The histories of the customer story with its mirror rebuilt from the log:
/// the reference every other way of writing it must equal.
async fn rebuilt(store: &dyn Store) -> Vec<Option<serde_json::Value>> {
    rebuild_mirror(store, 1000, |_| {}).await.unwrap();
    snapshot(store).await
}

/// Asserts that a sync reached the log's end (or that the backend needs none).
async fn assert_synced(store: &dyn Store) {
    let reached = store.sync_mirror().await.unwrap();
    if let Some(seq) = reached {
        assert_eq!(seq, log_end(store).await, "the sync reaches the log's end");
    }
    assert_eq!(
        store.sync_mirror().await.unwrap(),
        reached,
        "a second sync has nothing more to do"
    );
}

pub async fn log_only_appends_are_mirrored_by_the_next_sync(store: &dyn Store) {
    // Arrange
    for event in customer::story() {
        store.append_log(&[json_event(&event)]).await.unwrap();
    }

    // Act
    assert_synced(store).await;
    let synced = snapshot(store).await;

    // Assert
    assert!(
        synced.iter().filter(|h| h.is_some()).count() >= 12,
        "the story is visible after the sync: {synced:#?}"
    );
    assert_eq!(synced, rebuilt(store).await);
}

pub async fn log_only_and_mirrored_appends_mixed_give_the_same_histories(store: &dyn Store) {
    // Arrange: webhooks (log only) and an import (log and mirror) taking turns,
    // with a sync in the middle; a redelivery through either way.
    let events = customer::story();
    for (i, event) in events.iter().enumerate() {
        let batch = [json_event(event)];
        if i % 3 == 0 {
            store.append(&batch).await.unwrap();
        } else {
            store.append_log(&batch).await.unwrap();
        }
        if i == events.len() / 2 {
            store.sync_mirror().await.unwrap();
        }
    }
    store.append(&[json_event(&events[1])]).await.unwrap();
    store.append_log(&[json_event(&events[0])]).await.unwrap();

    // Act
    assert_synced(store).await;
    let synced = snapshot(store).await;

    // Assert
    assert_eq!(synced, rebuilt(store).await);
}

pub async fn a_rebuild_leaves_the_mirror_synced(store: &dyn Store) {
    // Arrange
    for event in customer::story() {
        store.append_log(&[json_event(&event)]).await.unwrap();
    }
    store.clear_mirror().await.unwrap();

    // Act
    let reference = rebuilt(store).await;

    // Assert: nothing is left for a sync, and an append that follows keeps
    // the mirror complete by itself.
    assert_synced(store).await;
    assert_eq!(snapshot(store).await, reference);
}

pub async fn a_new_process_derives_what_the_last_one_left_unmirrored(store: &dyn Store, url: &str) {
    // Arrange: acknowledged webhooks, then the process stops before its
    // mirror followed (no sync).
    for event in customer::story() {
        store.append_log(&[json_event(&event)]).await.unwrap();
    }

    // Act: the next process opens the same database and syncs.
    let next = paydesk_store::connect(url).await.unwrap();
    assert_synced(next.as_ref()).await;
    let synced = snapshot(next.as_ref()).await;

    // Assert
    assert_eq!(synced, rebuilt(store).await);
}

pub async fn webhook_appends_syncs_and_other_writes_at_once_all_finish(store: &dyn Store) {
    // Arrange: what a busy server does together — the webhook writer, the
    // mirror's follower, and other writers (a setting, as the playbooks keep).
    let events = customer::story();
    let appends = async {
        for event in &events {
            store.append_log(&[json_event(event)]).await.unwrap();
        }
    };
    let syncs = async {
        for _ in 0..events.len() {
            store.sync_mirror().await.unwrap();
            tokio::task::yield_now().await;
        }
    };
    let settings = async {
        for i in 0..events.len() {
            store
                .set_meta("conformance.busy", &i.to_string())
                .await
                .unwrap();
        }
    };

    // Act: none waits on another for ever, and none fails with "database is locked".
    tokio::time::timeout(std::time::Duration::from_secs(30), async {
        tokio::join!(appends, syncs, settings)
    })
    .await
    .expect("concurrent writers finish");

    // Assert
    assert_synced(store).await;
    assert_eq!(snapshot(store).await, rebuilt(store).await);
}
