//! Whatever order Stripe delivers a stream in, and however often, the
//! histories are the same, at every instant. A generated merchant (see
//! [`model`]) produces 20–40 events for two or three customers and a guest;
//! one fresh store takes them in true order, one webhook each, another takes
//! a shuffled copy with redeliveries in batches. Both must answer every
//! lookup alike, and as the model says.

mod model;

use std::sync::Arc;

use paydesk_store::Store;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};
use serde_json::{Value, json};

use self::model::{GUEST_EMAIL, Owner, T0, World};
use super::{Open, history};

/// One generated action of the merchant's customers.
#[derive(Debug, Clone)]
pub enum Action {
    /// A card payment (`who` past the last customer: the guest), maybe pending first.
    Buy {
        who: usize,
        pending_first: bool,
        units: i64,
    },
    /// Moves some unfinished object one step along its lifecycle.
    Advance(u8),
    /// A 10.00 refund of some paid charge, which will fail or succeed.
    Refund { pick: u8, fail: bool },
    /// A dispute of some paid charge, which will be won or lost.
    Dispute { pick: u8, win: bool },
    /// A new subscription.
    Subscribe(usize),
    /// A new invoice (of the customer's first subscription, if any), in the 2024 or 2025+ shape.
    Bill { who: usize, api_2025: bool },
}

/// A generated stream: the customers, the actions with the seconds between
/// them (often zero: same-second ties), and a seed for ids and shuffling.
#[derive(Debug, Clone)]
pub struct Case {
    pub customers: usize,
    pub steps: Vec<(Action, i64)>,
    pub seed: u64,
}

#[allow(dead_code)] // the PostgreSQL suite runs only the fixed stream
fn cases() -> impl Strategy<Value = Case> {
    let action = prop_oneof![
        3 => (0..4usize, any::<bool>(), 1..5i64).prop_map(|(who, pending_first, units)| Action::Buy { who, pending_first, units }),
        7 => any::<u8>().prop_map(Action::Advance),
        2 => (any::<u8>(), any::<bool>()).prop_map(|(pick, fail)| Action::Refund { pick, fail }),
        1 => (any::<u8>(), any::<bool>()).prop_map(|(pick, win)| Action::Dispute { pick, win }),
        1 => (0..3usize).prop_map(Action::Subscribe),
        2 => (0..3usize, any::<bool>()).prop_map(|(who, api_2025)| Action::Bill { who, api_2025 }),
    ];
    let dt = prop_oneof![3 => Just(0i64), 2 => Just(1i64), 1 => 2..6i64];
    (
        2..=3usize,
        prop::collection::vec((action, dt), 20..32),
        any::<u64>(),
    )
        .prop_map(|(customers, steps, seed)| Case {
            customers,
            steps,
            seed,
        })
}

/// The generated test: `cases` streams, each shrunk to a small one on failure.
#[allow(dead_code)] // the PostgreSQL suite runs only the fixed stream
pub fn any_delivery_order_gives_the_same_histories(open: Open, cases: u32) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let config = Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 200,
        ..Config::default()
    };
    let outcome =
        TestRunner::new(config).run(&self::cases(), |case| runtime.block_on(check(open, case)));
    match outcome {
        Ok(()) => {}
        Err(TestError::Fail(why, case)) => panic!("{why}\nminimal failing stream: {case:#?}"),
        Err(e) => panic!("{e}"),
    }
}

/// One fixed stream touching every lifecycle, for backends too slow for many cases.
pub async fn a_fixed_shuffled_stream_gives_the_sorted_histories(open: Open) {
    // Arrange: a pending payment, a guest, a 2025+ and a 2024 invoice, a
    // refund that succeeds and one that fails, a dispute; then everything
    // advanced to its end, mostly two steps per second.
    use Action::{Advance, Subscribe};
    let buy = |who, pending_first, units| Action::Buy {
        who,
        pending_first,
        units,
    };
    let bill = |who, api_2025| Action::Bill { who, api_2025 };
    let refund = |pick, fail| Action::Refund { pick, fail };
    let dispute = |pick, win| Action::Dispute { pick, win };
    let mut steps = vec![
        (buy(0, true, 3), 0),
        (buy(3, false, 2), 0),
        (Subscribe(1), 1),
        (bill(1, true), 0),
        (bill(0, false), 0),
        (Advance(0), 0),
        (refund(0, false), 1),
        (refund(1, true), 0),
        (dispute(1, true), 0),
        (Subscribe(0), 0),
    ];
    steps.extend((0..22).map(|i| (Advance(0), [0, 0, 1][i % 3])));
    let case = Case {
        customers: 2,
        steps,
        seed: 20_260_101,
    };
    let types: Vec<String> = World::play(&case)
        .events
        .iter()
        .map(|e| e["type"].as_str().unwrap().to_string())
        .collect();
    for wanted in [
        "charge.pending",
        "charge.refunded",
        "refund.updated",
        "charge.dispute.closed",
        "customer.subscription.deleted",
        "invoice.payment_failed",
        "invoice_payment.paid",
        "invoice.paid",
    ] {
        assert!(
            types.iter().any(|t| t == wanted),
            "the fixed stream lacks {wanted}: {types:?}"
        );
    }

    // Act + Assert
    if let Err(failure) = check(open, case).await {
        panic!("{failure}");
    }
}

/// Ingests one case in two fresh stores and compares every lookup.
async fn check(open: Open, case: Case) -> Result<(), TestCaseError> {
    let (sorted, shuffled) = (open().await, open().await);
    let outcome = tokio::spawn(compare(sorted.store.clone(), shuffled.store.clone(), case)).await;
    sorted.dispose().await;
    shuffled.dispose().await;
    outcome.unwrap_or_else(|panicked| Err(TestCaseError::fail(panicked.to_string())))
}

async fn compare(
    sorted: Arc<dyn Store>,
    shuffled: Arc<dyn Store>,
    case: Case,
) -> Result<(), TestCaseError> {
    let world = World::play(&case);
    let raws: Vec<Vec<u8>> = world
        .events
        .iter()
        .map(|e| serde_json::to_vec(e).unwrap())
        .collect();
    deliver_in_order(&*sorted, &raws).await?;
    deliver_shuffled(&*shuffled, &raws, case.seed).await?;
    prop_assert_eq!(
        shuffled.event_count().await.map_err(fail)?,
        raws.len() as u64
    );

    for t in instants(&world) {
        for (key, owner) in lookups(case.customers) {
            let in_order = history(&*sorted, &key, t).await;
            let out_of_order = history(&*shuffled, &key, t).await;
            if out_of_order != in_order {
                return Err(differ(
                    &key,
                    t,
                    ("shuffled", &out_of_order),
                    ("in order", &in_order),
                ));
            }
            if let Some(owner) = owner {
                let (seen, expected) = (in_order.as_ref().map(project), world.expected(owner, t));
                if seen != expected {
                    return Err(differ(
                        &key,
                        t,
                        ("history, projected", &seen),
                        ("model", &expected),
                    ));
                }
            }
        }
    }
    Ok(())
}

/// Every second an event happened, one before the first, and "now".
fn instants(world: &World) -> Vec<i64> {
    let mut instants: Vec<i64> = world
        .events
        .iter()
        .map(|e| e["created"].as_i64().unwrap())
        .collect();
    instants.extend([T0 - 1, i64::MAX]);
    instants.sort_unstable();
    instants.dedup();
    instants
}

/// Who is looked up: the guest and each customer by id (checked against the
/// model too), and each customer by email in another case.
fn lookups(customers: usize) -> Vec<(String, Option<Owner>)> {
    let mut lookups = vec![(GUEST_EMAIL.to_uppercase(), Some(Owner::Guest))];
    for i in 0..customers {
        lookups.push((format!("cus_p{i}"), Some(Owner::Customer(i))));
        lookups.push((format!("p{i}@EXAMPLE.com"), None));
    }
    lookups
}

/// One webhook per event, in the order Stripe created them.
async fn deliver_in_order(store: &dyn Store, raws: &[Vec<u8>]) -> Result<(), TestCaseError> {
    for raw in raws {
        store
            .append(&[super::new_event(raw.clone())])
            .await
            .map_err(fail)?;
    }
    Ok(())
}

/// A quarter of the events twice, all shuffled, in batches of one to four.
async fn deliver_shuffled(
    store: &dyn Store,
    raws: &[Vec<u8>],
    seed: u64,
) -> Result<(), TestCaseError> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut deliveries: Vec<&Vec<u8>> = raws
        .iter()
        .chain(raws.iter().filter(|_| rng.u8(..4) == 0))
        .collect();
    rng.shuffle(&mut deliveries);
    let mut rest = &deliveries[..];
    while !rest.is_empty() {
        let (batch, tail) = rest.split_at(rng.usize(1..=4).min(rest.len()));
        let batch: Vec<_> = batch
            .iter()
            .map(|raw| super::new_event(raw.to_vec()))
            .collect();
        store.append(&batch).await.map_err(fail)?;
        rest = tail;
    }
    Ok(())
}

fn differ(
    key: &str,
    t: i64,
    left: (&str, &Option<Value>),
    right: (&str, &Option<Value>),
) -> TestCaseError {
    let pretty = |v: &Option<Value>| v.as_ref().map_or("None".to_string(), |v| format!("{v:#}"));
    let ((l, lv), (r, rv)) = (left, right);
    TestCaseError::fail(format!(
        "{key} as of {t}:\n{l}: {}\n{r}: {}",
        pretty(lv),
        pretty(rv)
    ))
}

fn fail(e: impl std::fmt::Display) -> TestCaseError {
    TestCaseError::fail(e.to_string())
}

/// The part of a history the model predicts, each section sorted by id.
fn project(history: &Value) -> Value {
    let pick = |section: &str, fields: &[&str]| -> Value {
        let rows = history[section].as_array().cloned().unwrap_or_default();
        let rows = rows.iter().map(|row| {
            fields
                .iter()
                .map(|f| (f.to_string(), row[*f].clone()))
                .collect()
        });
        Value::Array(rows.map(Value::Object).collect())
    };
    sorted(json!({
        "charges": pick("charges", &["id", "status", "invoice", "disputed"]),
        "refunds": pick("refunds", &["id", "status"]),
        "disputes": pick("disputes", &["id", "status"]),
        "subscriptions": pick("subscriptions", &["id", "status", "cancel_at_period_end"]),
        "invoices": pick("invoices", &["id", "status", "attempt_count", "subscription", "charge"]),
    }))
}

/// Sorts every section by id, so that order within a second does not matter to the model.
fn sorted(mut sections: Value) -> Value {
    for rows in sections.as_object_mut().unwrap().values_mut() {
        rows.as_array_mut()
            .unwrap()
            .sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    }
    sections
}
