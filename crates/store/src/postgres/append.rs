//! Appending a batch of events in one statement: one round trip per batch.
//!
//! A webhook batch is small (one event per waiting request), so the time
//! goes to round trips rather than rows: BEGIN, the events, the versions and
//! COMMIT were four. Here one statement inserts the events and, through a
//! data-modifying CTE, the versions of those it inserted; PostgreSQL runs a
//! single statement as its own transaction, so both land or neither does.

use std::collections::HashSet;

use paydesk_domain::ObjectVersion;
use sqlx::PgPool;

use super::{opt_text, text};
use crate::model::outcomes;
use crate::{Appended, NewEvent, StoreError};

const APPEND: &str = "\
WITH ins AS (\
 INSERT INTO events (id, type, created, api_version, livemode, source, received_at, payload) \
 SELECT * FROM UNNEST($1::text[], $2::text[], $3::int8[], $4::text[], $5::bool[], $6::text[], $7::int8[], $8::bytea[]) \
 ON CONFLICT (id) DO NOTHING RETURNING id), \
versions AS (\
 INSERT INTO object_versions (object_type, object_id, event_id, created, rank, customer_id, parent_id, email, fields) \
 SELECT v.* FROM UNNEST($9::text[], $10::text[], $11::text[], $12::int8[], $13::int8[], $14::text[], $15::text[], $16::text[], $17::text[]) \
 AS v(object_type, object_id, event_id, created, rank, customer_id, parent_id, email, fields) \
 WHERE v.event_id IN (SELECT id FROM ins) \
 ON CONFLICT DO NOTHING) \
SELECT id FROM ins";

/// Appends events and the versions of the new ones, atomically.
pub(super) async fn append(pool: &PgPool, batch: &[NewEvent]) -> Result<Vec<Appended>, StoreError> {
    // A repeated id within the batch: the log keeps its first payload, so
    // only the first entry's versions may go in.
    let mut seen = HashSet::with_capacity(batch.len());
    let versions: Vec<&ObjectVersion> = batch
        .iter()
        .filter(|e| seen.insert(e.envelope.id.as_str()))
        .flat_map(|e| e.versions.iter())
        .collect();
    let col = |f: fn(&ObjectVersion) -> String| versions.iter().map(|v| f(v)).collect::<Vec<_>>();
    let opt =
        |f: fn(&ObjectVersion) -> Option<String>| versions.iter().map(|v| f(v)).collect::<Vec<_>>();
    let ids: Vec<(String,)> = sqlx::query_as(APPEND)
        .bind(
            batch
                .iter()
                .map(|e| text(&e.envelope.id))
                .collect::<Vec<_>>(),
        )
        .bind(
            batch
                .iter()
                .map(|e| text(&e.envelope.event_type))
                .collect::<Vec<_>>(),
        )
        .bind(batch.iter().map(|e| e.envelope.created).collect::<Vec<_>>())
        .bind(
            batch
                .iter()
                .map(|e| opt_text(&e.envelope.api_version))
                .collect::<Vec<_>>(),
        )
        .bind(
            batch
                .iter()
                .map(|e| e.envelope.livemode)
                .collect::<Vec<_>>(),
        )
        .bind(batch.iter().map(|e| e.source.as_str()).collect::<Vec<_>>())
        .bind(batch.iter().map(|e| e.received_at_ms).collect::<Vec<_>>())
        .bind(batch.iter().map(|e| e.raw.as_slice()).collect::<Vec<_>>())
        .bind(col(|v| v.object_type.as_str().to_string()))
        .bind(col(|v| text(&v.object_id)))
        .bind(col(|v| text(&v.event_id)))
        .bind(versions.iter().map(|v| v.created).collect::<Vec<_>>())
        .bind(versions.iter().map(|v| v.rank).collect::<Vec<_>>())
        .bind(opt(|v| opt_text(&v.customer_id)))
        .bind(opt(|v| opt_text(&v.parent_id)))
        .bind(opt(|v| opt_text(&v.email)))
        .bind(col(|v| v.fields.clone()))
        .fetch_all(pool)
        .await?;
    // Ids come back NUL-replaced; map them back to the batch's spelling.
    let inserted: HashSet<String> = ids.into_iter().map(|(id,)| id).collect();
    let inserted: HashSet<String> = batch
        .iter()
        .map(|e| &e.envelope.id)
        .filter(|id| inserted.contains(&text(id)))
        .cloned()
        .collect();
    Ok(outcomes(batch, inserted))
}
