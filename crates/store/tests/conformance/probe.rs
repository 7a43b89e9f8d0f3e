//! Looks under the trait at the mirror's rows. Some mirrored objects (a
//! payment intent with no customer, email or parent) are selected by no
//! `VersionFilter`, so only plain SQL can show that they were written.

use std::collections::BTreeSet;
use std::str::FromStr;

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, PgConnection};

/// One mirror row: (object type, object id, event id).
pub type Row = (String, String, String);

/// Every (object type, object id, event id) the mirror holds.
pub async fn mirror_rows(url: &str) -> BTreeSet<Row> {
    const ROWS: &str = "SELECT object_type, object_id, event_id FROM object_versions";
    let rows: Vec<Row> = if url.starts_with("sqlite:") {
        // On SQLite the mirror is a file of its own beside the log's.
        let log = SqliteConnectOptions::from_str(url).expect("a SQLite URL");
        let file = format!("{}-mirror", log.get_filename().display());
        let mut conn = SqliteConnectOptions::new()
            .filename(&file)
            .connect()
            .await
            .expect("open the mirror's SQLite file");
        sqlx::query_as(ROWS)
            .fetch_all(&mut conn)
            .await
            .expect("read object_versions")
    } else {
        let mut conn = PgConnection::connect(url)
            .await
            .expect("connect to the scratch database");
        sqlx::query_as(ROWS)
            .fetch_all(&mut conn)
            .await
            .expect("read object_versions")
    };
    rows.into_iter().collect()
}
