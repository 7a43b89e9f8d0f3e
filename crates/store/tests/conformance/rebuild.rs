//! The mirror is derived from the log: emptied and rebuilt, it tells the same
//! histories. Durable settings (checkpoints) live beside them.

use paydesk_store::Store;
use paydesk_store::rebuild::{RebuildReport, rebuild_mirror};
use serde_json::Value;

use super::{customer, history};

const T: i64 = 1_767_225_600;

/// Who and when the comparison looks at: ids, emails, a guest, several instants.
pub async fn snapshot(store: &dyn Store) -> Vec<Option<Value>> {
    let mut seen = Vec::new();
    for key in [
        "cus_anna",
        "anna.weber@example.de",
        "cus_ben",
        "guest.buyer@shop.example",
    ] {
        for as_of in [T + 6, T + 102, T + 200, i64::MAX] {
            seen.push(history(store, key, as_of).await);
        }
    }
    seen
}

pub async fn a_rebuilt_mirror_gives_the_same_histories(store: &dyn Store) {
    // Arrange
    customer::seed(store).await;
    let before = snapshot(store).await;
    let logged = store.event_count().await.unwrap();

    // Act
    store.clear_mirror().await.unwrap();
    let cleared = snapshot(store).await;
    let mut pages = Vec::new();
    let report = rebuild_mirror(store, 4, |r| pages.push(*r)).await.unwrap();
    let after = snapshot(store).await;

    // Assert
    assert!(
        before.iter().filter(|h| h.is_some()).count() >= 12,
        "the story is visible: {before:#?}"
    );
    assert!(
        cleared.iter().all(Option::is_none),
        "a cleared mirror shows nothing"
    );
    assert_eq!(
        store.event_count().await.unwrap(),
        logged,
        "clearing the mirror leaves the log alone"
    );
    assert_eq!(after, before);
    assert_eq!(report.events, logged);
    assert_eq!(report.unreadable, 0);
    assert!(
        report.versions >= logged,
        "every story event shows at least one object: {report:?}"
    );
    assert_eq!(
        pages.len() as u64,
        logged.div_ceil(4),
        "one progress call per page"
    );
    assert_eq!(pages.last(), Some(&report));
    assert_eq!(pages.first().map(|p| p.events), Some(4));

    // Rebuilding twice changes nothing either.
    let again: RebuildReport = rebuild_mirror(store, 1000, |_| {}).await.unwrap();
    assert_eq!(
        (again.events, again.versions),
        (report.events, report.versions)
    );
    assert_eq!(snapshot(store).await, before);
}

pub async fn settings_are_read_set_and_overwritten(store: &dyn Store) {
    // Arrange
    let cursor = "backfill.cursor";

    // Act + Assert, step by step.
    assert_eq!(store.meta(cursor).await.unwrap(), None);
    store.set_meta(cursor, "evt_1").await.unwrap();
    assert_eq!(store.meta(cursor).await.unwrap().as_deref(), Some("evt_1"));
    store.set_meta(cursor, "evt_2").await.unwrap();
    assert_eq!(
        store.meta(cursor).await.unwrap().as_deref(),
        Some("evt_2"),
        "a second set overwrites"
    );
    store.set_meta("greeting", "grüß dich ☕").await.unwrap();
    store.set_meta("empty", "").await.unwrap();
    store.clear_mirror().await.unwrap();
    assert_eq!(
        store.meta(cursor).await.unwrap().as_deref(),
        Some("evt_2"),
        "keys are independent and survive a mirror reset"
    );
    assert_eq!(
        store.meta("greeting").await.unwrap().as_deref(),
        Some("grüß dich ☕")
    );
    assert_eq!(store.meta("empty").await.unwrap().as_deref(), Some(""));
    assert_eq!(
        store.meta("Backfill.Cursor").await.unwrap(),
        None,
        "keys are case-sensitive"
    );
}
