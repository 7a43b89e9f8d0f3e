//! The store conformance suite: every backend must tell the same stories.
//!
//! # Layout
//! - [`build`]: small builders of realistic Stripe JSON.
//! - [`log`]: the append-only event log (ids, duplicates, raw bytes, paging).
//! - [`real_events`]: the real Stripe payloads of `shared/data/stripe/events`.
//! - [`customer`]: `customer_history` and its JSON contract.
//! - [`shapes`]: 2024 and 2025+ invoice / charge links.
//! - [`ordering`]: out-of-order delivery and same-second ties.
//! - [`property`]: any delivery order gives the same histories (proptest).
//! - [`rebuild`]: rebuilding the mirror from the log; durable settings.
//! - [`mirror`]: log-only appends (webhooks) and the mirror following them.
//! - [`outbox`]: jobs, leases, retries, parking and the audit log.
//! - [`tickets`]: tickets stored once, optimistic updates, lists.
//! - [`probe`]: reads the mirror's rows under the trait, for what no filter selects.
//!
//! A backend's test file (`tests/sqlite.rs`, `tests/postgres.rs`) supplies an
//! [`Open`] function and invokes [`conformance_suite!`], which generates one
//! `#[tokio::test]` per story.

pub mod build;
pub mod customer;
pub mod log;
pub mod mirror;
pub mod ordering;
pub mod outbox;
pub mod probe;
pub mod property;
pub mod real_events;
pub mod rebuild;
pub mod shapes;
pub mod tickets;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use paydesk_domain::{EventEnvelope, versions_of_event};
use paydesk_store::history::customer_history;
use paydesk_store::{Appended, NewEvent, Source, Store};
use serde_json::Value;

/// A boxed future, as the backends' `Open` functions return.
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

/// Opens a fresh, empty store of one backend.
pub type Open = fn() -> BoxFuture<Fixture>;

/// A fresh store, its URL, and how to throw it away afterwards.
pub struct Fixture {
    /// The store under test.
    pub store: Arc<dyn Store>,
    /// The URL it was opened with (for [`probe`], which looks under the trait).
    pub url: String,
    dispose: BoxFuture<()>,
}

impl Fixture {
    /// A fixture whose `dispose` runs once the test is over, passed or failed.
    pub fn new(store: Arc<dyn Store>, url: String, dispose: BoxFuture<()>) -> Fixture {
        Fixture {
            store,
            url,
            dispose,
        }
    }

    /// Releases the store (a temporary file, a scratch database).
    pub async fn dispose(self) {
        drop(self.store);
        self.dispose.await;
    }
}

/// Runs one story against a fresh store and disposes of the store even when
/// the story panics (a scratch PostgreSQL database must not outlive its test).
pub async fn run<F, Fut>(open: Open, story: F)
where
    F: FnOnce(Arc<dyn Store>, String) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let fixture = open().await;
    let outcome = tokio::spawn(story(fixture.store.clone(), fixture.url.clone())).await;
    fixture.dispose().await;
    if let Err(failure) = outcome {
        std::panic::resume_unwind(failure.into_panic());
    }
}

/// Builds a `NewEvent` from raw bytes exactly as the server's ingest does.
pub fn new_event(raw: Vec<u8>) -> NewEvent {
    let (envelope, value) =
        EventEnvelope::parse(&raw).expect("a test payload that is a Stripe event");
    let versions = versions_of_event(&envelope, &value);
    NewEvent {
        envelope,
        raw,
        source: Source::Webhook,
        received_at_ms: 1_767_225_600_000,
        versions,
    }
}

/// A `NewEvent` from a built JSON event.
pub fn json_event(event: &Value) -> NewEvent {
    new_event(serde_json::to_vec(event).expect("JSON serialises"))
}

/// Delivers events one webhook at a time, in the order given; returns the outcomes.
pub async fn deliver(store: &dyn Store, events: &[Value]) -> Vec<Appended> {
    let mut outcomes = Vec::new();
    for event in events {
        outcomes.extend(store.append(&[json_event(event)]).await.expect("append"));
    }
    outcomes
}

/// A customer's history as the contract's JSON, `None` when unknown.
pub async fn history(store: &dyn Store, email_or_id: &str, as_of: i64) -> Option<Value> {
    let found = customer_history(store, email_or_id, as_of)
        .await
        .expect("customer_history");
    found.map(|h| serde_json::to_value(h).expect("a history serialises"))
}

/// `history` for a customer the story knows exists.
pub async fn known(store: &dyn Store, email_or_id: &str, as_of: i64) -> Value {
    history(store, email_or_id, as_of)
        .await
        .unwrap_or_else(|| panic!("no history for {email_or_id} as of {as_of}"))
}

/// The entry of a history section (`charges`, `refunds`, …) with this id.
pub fn entry<'a>(history: &'a Value, section: &str, id: &str) -> &'a Value {
    history[section]
        .as_array()
        .and_then(|rows| rows.iter().find(|row| row["id"] == id))
        .unwrap_or_else(|| panic!("no {id} in {section} of {history:#}"))
}

/// The ids of a history section, in the order the history lists them.
pub fn ids(history: &Value, section: &str) -> Vec<String> {
    history[section]
        .as_array()
        .unwrap_or_else(|| panic!("no {section} list in {history:#}"))
        .iter()
        .map(|row| {
            row["id"]
                .as_str()
                .expect("every entry has an id")
                .to_string()
        })
        .collect()
}

/// Generates one test per conformance story for a backend's [`Open`] function.
/// With `property_cases = N`, also the generated property test over N streams
/// (two fresh stores per stream: too slow for PostgreSQL's CREATE DATABASE,
/// which runs the fixed stream only).
macro_rules! conformance_suite {
    ($open:path, property_cases = $cases:expr) => {
        conformance_suite!($open);

        #[test]
        fn any_delivery_order_gives_the_same_histories() {
            $crate::conformance::property::any_delivery_order_gives_the_same_histories($open, $cases);
        }
    };
    ($open:path) => {
        conformance_suite!(@store $open;
            log::new_events_are_inserted_and_redeliveries_are_duplicates,
            log::a_batch_repeating_an_id_stores_one_row,
            log::a_batch_repeating_an_id_mirrors_only_the_stored_payload,
            log::an_empty_batch_appends_nothing,
            log::raw_bytes_come_back_byte_identical,
            log::events_after_pages_in_log_order,
            log::concurrent_deliveries_of_one_event_insert_it_once,
            log::a_large_batch_is_stored_whole_and_in_order,
            log::a_nul_character_in_a_payload_is_stored_not_refused,
            real_events::real_events_are_logged_once_per_id,
            customer::history_is_found_by_id_and_by_email_alike,
            customer::history_rows_carry_the_contract_fields,
            customer::a_guest_charge_is_found_by_its_billing_email,
            customer::history_as_of_an_instant_shows_only_what_was_known,
            customer::an_unknown_customer_has_no_history,
            shapes::invoices_link_charges_in_2024_and_2025_shapes,
            ordering::a_refund_delivered_succeeded_first_stays_succeeded,
            ordering::a_dispute_delivered_backwards_in_one_second_stays_won,
            ordering::a_subscription_delivered_backwards_in_one_second_stays_canceled,
            ordering::objects_are_read_by_id_at_their_latest_state,
            ordering::an_older_event_arriving_late_never_overwrites_a_newer_state,
            ordering::a_same_rank_tie_goes_to_the_bytewise_greatest_event_id,
            rebuild::a_rebuilt_mirror_gives_the_same_histories,
            rebuild::settings_are_read_set_and_overwritten,
            mirror::log_only_appends_are_mirrored_by_the_next_sync,
            mirror::log_only_and_mirrored_appends_mixed_give_the_same_histories,
            mirror::a_rebuild_leaves_the_mirror_synced,
            mirror::webhook_appends_syncs_and_other_writes_at_once_all_finish,
            outbox::enqueueing_a_key_twice_keeps_one_job,
            outbox::only_due_jobs_are_claimed_and_a_lease_keeps_others_off,
            outbox::an_expired_lease_is_claimed_again_and_the_stale_worker_cannot_finish,
            outbox::a_retry_waits_for_its_time_and_a_park_stays_parked,
            outbox::a_parked_job_can_be_put_back_in_line,
            outbox::concurrent_claimers_never_share_a_job,
            outbox::the_audit_log_keeps_order_and_filters_by_subject,
            outbox::a_wait_gives_the_attempt_back_and_is_not_audited,
            outbox::jobs_of_some_kinds_leave_out_the_rest_and_the_parked,
            tickets::a_ticket_id_is_stored_once_and_read_back_whole,
            tickets::an_update_from_a_stale_version_is_refused,
            tickets::tickets_are_listed_by_status_and_customer_newest_first,
        );
        conformance_suite!(@url $open;
            real_events::every_real_payload_is_mirrored,
            real_events::the_mirror_is_what_the_logged_payloads_say,
            mirror::a_new_process_derives_what_the_last_one_left_unmirrored,
        );

        #[tokio::test]
        async fn a_fixed_shuffled_stream_gives_the_sorted_histories() {
            $crate::conformance::property::a_fixed_shuffled_stream_gives_the_sorted_histories($open).await;
        }
    };
    (@store $open:path; $($(#[$attr:meta])* $module:ident :: $story:ident),* $(,)?) => {$(
        $(#[$attr])*
        #[tokio::test]
        async fn $story() {
            $crate::conformance::run($open, |store, _url| async move {
                $crate::conformance::$module::$story(&*store).await
            })
            .await;
        }
    )*};
    (@url $open:path; $($(#[$attr:meta])* $module:ident :: $story:ident),* $(,)?) => {$(
        $(#[$attr])*
        #[tokio::test]
        async fn $story() {
            $crate::conformance::run($open, |store, url| async move {
                $crate::conformance::$module::$story(&*store, &url).await
            })
            .await;
        }
    )*};
}
