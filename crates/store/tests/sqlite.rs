//! The conformance suite against SQLite: each test on a fresh database file
//! in its own temporary directory.

#[macro_use]
mod conformance;

use std::sync::Arc;

use conformance::{BoxFuture, Fixture};
use paydesk_store::Store;
use paydesk_store::sqlite::SqliteStore;

fn open() -> BoxFuture<Fixture> {
    Box::pin(async {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let url = format!("sqlite://{}/t.db", dir.path().display());
        let store = SqliteStore::open(&url)
            .await
            .unwrap_or_else(|e| panic!("open {url}: {e}"));
        // The directory (and the database in it) goes when the test is done.
        Fixture::new(Arc::new(store), url, Box::pin(async move { drop(dir) }))
    })
}

conformance_suite!(open, property_cases = 24);

/// Removes the files of `t.db` in `dir` that end in one of `suffixes`.
fn remove(dir: &std::path::Path, suffixes: &[&str]) {
    for suffix in suffixes {
        let file = dir.join(format!("t.db{suffix}"));
        if file.exists() {
            std::fs::remove_file(&file)
                .unwrap_or_else(|e| panic!("remove {}: {e}", file.display()));
        }
    }
}

/// The mirror lives in a file of its own beside the log's (`t.db-mirror`)
/// and is derived from the log: a lost one is derived again.
#[tokio::test]
async fn a_lost_mirror_file_is_derived_again_from_the_log() {
    // Arrange
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/t.db", dir.path().display());
    let store = SqliteStore::open(&url).await.unwrap();
    for event in conformance::customer::story() {
        store
            .append(&[conformance::json_event(&event)])
            .await
            .unwrap();
    }
    let mirrored = conformance::rebuild::snapshot(&store).await;
    assert!(
        mirrored.iter().any(Option::is_some),
        "the story is mirrored"
    );
    assert!(dir.path().join("t.db-mirror").exists(), "in its own file");
    drop(store);

    // Act
    remove(dir.path(), &["-mirror", "-mirror-wal", "-mirror-shm"]);
    let store = SqliteStore::open(&url).await.unwrap();
    store.sync_mirror().await.unwrap();

    // Assert
    assert_eq!(conformance::rebuild::snapshot(&store).await, mirrored);
}

/// A mirror file found beside a database file that was replaced was
/// derived from another log: it is emptied and derived from this one, even
/// when the new log is longer than the old mirror's checkpoint.
#[tokio::test]
async fn a_mirror_beside_a_replaced_database_is_derived_again() {
    // Arrange: a log with the story, and its mirror.
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/t.db", dir.path().display());
    let store = SqliteStore::open(&url).await.unwrap();
    let story = conformance::customer::story();
    for event in &story {
        store
            .append(&[conformance::json_event(event)])
            .await
            .unwrap();
    }
    drop(store);

    // Act: the log's files are replaced by a new log with other events (more
    // of them than the old mirror had derived); the mirror's files stay.
    remove(dir.path(), &["", "-wal", "-shm"]);
    let store = SqliteStore::open(&url).await.unwrap();
    for i in 0..story.len() + 5 {
        let other = serde_json::json!({
            "id": format!("evt_other_{i}"), "object": "event", "type": "product.created",
            "created": 1_700_000_000 + i as i64, "livemode": false,
            "data": {"object": {"id": format!("prod_{i}"), "object": "product"}}
        });
        store
            .append_log(&[conformance::json_event(&other)])
            .await
            .unwrap();
    }
    store.sync_mirror().await.unwrap();

    // Assert: nothing of the old log's customers.
    let seen = conformance::rebuild::snapshot(&store).await;
    assert!(seen.iter().all(Option::is_none), "{seen:#?}");
}
