//! The conformance suite against a real PostgreSQL server. Each test gets its
//! own scratch database `paydesk_test_<random>`, dropped when it ends.
//!
//! The server comes from `PAYDESK_TEST_PG_URL` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`); the role needs CREATEDB.
//! An unreachable server fails the tests: a skipped suite proves nothing.

#[macro_use]
mod conformance;

use std::sync::Arc;

use conformance::{BoxFuture, Fixture};
use paydesk_store::postgres::PgStore;
use paydesk_store::redact_url;
use sqlx::{Connection, Executor, PgConnection};

const DEFAULT_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

fn base_url() -> String {
    std::env::var("PAYDESK_TEST_PG_URL").unwrap_or_else(|_| DEFAULT_URL.to_string())
}

/// The base URL with its database replaced by `database` (query string kept).
fn url_of(base: &str, database: &str) -> String {
    let (location, query) = base
        .split_once('?')
        .map_or((base, None), |(l, q)| (l, Some(q)));
    let authority_start = location.find("://").map_or(0, |i| i + 3);
    let server = match location[authority_start..].find('/') {
        Some(slash) => &location[..authority_start + slash],
        None => location,
    };
    match query {
        Some(query) => format!("{server}/{database}?{query}"),
        None => format!("{server}/{database}"),
    }
}

async fn admin(base: &str) -> PgConnection {
    PgConnection::connect(base).await.unwrap_or_else(|e| {
        panic!(
            "cannot reach PostgreSQL at {}: {e}\n\
             Start PostgreSQL (e.g. `pg_ctlcluster 15 main start` or \
             `docker run -p 5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust postgres`) \
             or point PAYDESK_TEST_PG_URL at a server whose role may CREATE DATABASE.",
            redact_url(base)
        )
    })
}

fn open() -> BoxFuture<Fixture> {
    scratch("")
}

/// A scratch database sorting text like most production servers do
/// (initdb takes the system locale, often en_US.UTF-8), not byte by byte.
fn open_en_us() -> BoxFuture<Fixture> {
    scratch(" TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US'")
}

fn scratch(create_options: &'static str) -> BoxFuture<Fixture> {
    Box::pin(async move {
        let base = base_url();
        let name = format!("paydesk_test_{:016x}", fastrand::u64(..));
        let mut conn = admin(&base).await;
        conn.execute(format!("CREATE DATABASE {name}{create_options}").as_str())
            .await
            .unwrap_or_else(|e| panic!("CREATE DATABASE {name} on {}: {e}", redact_url(&base)));
        conn.close().await.ok();
        let url = url_of(&base, &name);
        let store = PgStore::open(&url)
            .await
            .unwrap_or_else(|e| panic!("open {}: {e}", redact_url(&url)));
        let pool = store.pool().clone();
        let dispose = Box::pin(async move {
            pool.close().await;
            // Best effort: a leftover scratch database is untidy, not wrong.
            if let Ok(mut conn) = PgConnection::connect(&base).await {
                let drop = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                let _ = conn.execute(drop.as_str()).await;
                let _ = conn.close().await;
            }
        });
        Fixture::new(Arc::new(store), url, dispose)
    })
}

// The generated property test opens two databases per stream (~1.5 s each
// stream here); PostgreSQL runs the fixed shuffled stream instead, SQLite the
// generated ones.
conformance_suite!(open);

/// The answer must not change with the server's collation: the conformance
/// story again, on a database that sorts `evt_1Ab` after `evt_1aB`.
#[tokio::test]
async fn ties_do_not_depend_on_the_database_collation() {
    conformance::run(open_en_us, |store, _url| async move {
        conformance::ordering::a_same_rank_tie_goes_to_the_bytewise_greatest_event_id(&*store).await
    })
    .await;
}

#[test]
fn scratch_urls_keep_the_server_and_swap_the_database() {
    assert_eq!(
        url_of("postgres://u:p@h:5432/postgres", "x"),
        "postgres://u:p@h:5432/x"
    );
    assert_eq!(
        url_of("postgresql://h/db?sslmode=disable", "x"),
        "postgresql://h/x?sslmode=disable"
    );
    assert_eq!(url_of("postgres://h", "x"), "postgres://h/x");
}
