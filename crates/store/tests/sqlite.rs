//! The conformance suite against SQLite: each test on a fresh database file
//! in its own temporary directory.

#[macro_use]
mod conformance;

use std::sync::Arc;

use conformance::{BoxFuture, Fixture};
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
