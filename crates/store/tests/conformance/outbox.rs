//! The outbox: idempotent enqueue, leases, retries, parking, and the audit
//! log that records each step.

use std::collections::HashSet;

use paydesk_store::{JobOutcome, JobStatus, NewJob, Store};
use serde_json::json;

const NOW: i64 = 1_767_225_600_000;
const LEASE: i64 = 30_000;

fn job(key: &str, due_at_ms: i64) -> NewJob {
    NewJob {
        key: key.to_string(),
        kind: "stripe.refund".to_string(),
        subject: format!("ticket:{key}"),
        payload: json!({"charge": "ch_1", "amount": 4900, "currency": "eur"}),
        due_at_ms,
    }
}

pub async fn enqueueing_a_key_twice_keeps_one_job(store: &dyn Store) {
    // Act
    let first = store.enqueue(&[job("k1", NOW)], NOW).await.unwrap();
    let again = store
        .enqueue(&[job("k1", NOW + 5), job("k2", NOW)], NOW + 1)
        .await
        .unwrap();

    // Assert
    assert!(first[0].new);
    assert!(!again[0].new, "the same key is the same job");
    assert_eq!(again[0].id, first[0].id);
    assert!(again[1].new);
    let jobs = store.jobs(None, 10).await.unwrap();
    assert_eq!(jobs.len(), 2);
    let k1 = store.job_by_key("k1").await.unwrap().expect("k1 is stored");
    assert_eq!(k1.status, JobStatus::Pending);
    assert_eq!(k1.due_at_ms, NOW, "the duplicate changed nothing");
    assert_eq!(k1.payload["amount"], 4900);
    let audit = store.audit_log(Some("ticket:k1"), 10).await.unwrap();
    let outcomes: Vec<_> = audit.iter().map(|e| e.outcome.as_str()).collect();
    assert_eq!(outcomes, ["queued", "already_queued"]);
}

pub async fn only_due_jobs_are_claimed_and_a_lease_keeps_others_off(store: &dyn Store) {
    // Arrange
    store
        .enqueue(&[job("due", NOW), job("later", NOW + 60_000)], NOW)
        .await
        .unwrap();

    // Act
    let claimed = store.claim_jobs(NOW, LEASE, 10).await.unwrap();
    let during_lease = store.claim_jobs(NOW + LEASE - 1, LEASE, 10).await.unwrap();

    // Assert
    assert_eq!(claimed.len(), 1);
    assert_eq!(claimed[0].key, "due");
    assert_eq!(claimed[0].status, JobStatus::Running);
    assert_eq!(claimed[0].attempts, 1);
    assert_eq!(claimed[0].due_at_ms, NOW + LEASE);
    assert!(during_lease.is_empty(), "{during_lease:?}");
}

pub async fn an_expired_lease_is_claimed_again_and_the_stale_worker_cannot_finish(
    store: &dyn Store,
) {
    // Arrange: a worker claims the job and dies (never finishes).
    store.enqueue(&[job("k", NOW)], NOW).await.unwrap();
    let dead = store.claim_jobs(NOW, LEASE, 1).await.unwrap().remove(0);

    // Act
    let second = store.claim_jobs(NOW + LEASE, LEASE, 1).await.unwrap();
    let stale = store
        .finish_job(
            &dead,
            &JobOutcome::Done(json!({"id": "re_stale"})),
            NOW + LEASE + 1,
        )
        .await
        .unwrap();

    // Assert
    assert_eq!(second.len(), 1);
    assert_eq!(second[0].attempts, 2);
    assert!(!stale, "the first worker's lease is gone");
    let done = store
        .finish_job(
            &second[0],
            &JobOutcome::Done(json!({"id": "re_1"})),
            NOW + LEASE + 2,
        )
        .await
        .unwrap();
    assert!(done);
    let job = store.job_by_key("k").await.unwrap().unwrap();
    assert_eq!(job.status, JobStatus::Done);
    assert_eq!(job.result, Some(json!({"id": "re_1"})));
    assert!(
        store
            .claim_jobs(i64::MAX / 2, LEASE, 10)
            .await
            .unwrap()
            .is_empty()
    );
}

pub async fn a_retry_waits_for_its_time_and_a_park_stays_parked(store: &dyn Store) {
    // Arrange
    store
        .enqueue(&[job("flaky", NOW), job("broken", NOW)], NOW)
        .await
        .unwrap();
    let claimed = store.claim_jobs(NOW, LEASE, 10).await.unwrap();
    let flaky = claimed.iter().find(|j| j.key == "flaky").unwrap();
    let broken = claimed.iter().find(|j| j.key == "broken").unwrap();

    // Act
    let retry = JobOutcome::Retry {
        error: "HTTP 500".into(),
        due_at_ms: NOW + 2_000,
    };
    assert!(store.finish_job(flaky, &retry, NOW + 10).await.unwrap());
    assert!(
        store
            .finish_job(
                broken,
                &JobOutcome::Park("HTTP 400: charge_already_refunded".into()),
                NOW + 10
            )
            .await
            .unwrap()
    );

    // Assert
    assert!(
        store
            .claim_jobs(NOW + 1_999, LEASE, 10)
            .await
            .unwrap()
            .is_empty()
    );
    let again = store.claim_jobs(NOW + 2_000, LEASE, 10).await.unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].key, "flaky");
    assert_eq!(again[0].attempts, 2);
    assert_eq!(again[0].last_error.as_deref(), Some("HTTP 500"));
    let parked = store.jobs(Some(JobStatus::Parked), 10).await.unwrap();
    assert_eq!(parked.len(), 1);
    assert_eq!(parked[0].key, "broken");
    assert_eq!(
        parked[0].last_error.as_deref(),
        Some("HTTP 400: charge_already_refunded")
    );
    let audit = store.audit_log(Some("ticket:broken"), 10).await.unwrap();
    let last = audit.last().unwrap();
    assert_eq!(last.outcome, "parked");
    assert_eq!(last.detail["error"], "HTTP 400: charge_already_refunded");
}

pub async fn a_parked_job_can_be_put_back_in_line(store: &dyn Store) {
    // Arrange
    store.enqueue(&[job("p", NOW)], NOW).await.unwrap();
    let claimed = store.claim_jobs(NOW, LEASE, 1).await.unwrap().remove(0);
    store
        .finish_job(&claimed, &JobOutcome::Park("gave up".into()), NOW + 1)
        .await
        .unwrap();

    // Act
    let requeued = store
        .requeue_job(claimed.id, NOW + 5, "ops@shop")
        .await
        .unwrap();
    let twice = store
        .requeue_job(claimed.id, NOW + 6, "ops@shop")
        .await
        .unwrap();

    // Assert
    assert!(requeued);
    assert!(!twice, "only a parked job is requeued");
    let again = store.claim_jobs(NOW + 5, LEASE, 1).await.unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].attempts, 1, "a requeued job gets a fresh budget");
    let audit = store.audit_log(Some("ticket:p"), 10).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.outcome == "requeued" && e.detail["by"] == "ops@shop")
    );
}

pub async fn concurrent_claimers_never_share_a_job(store: &dyn Store) {
    // Arrange
    let jobs: Vec<NewJob> = (0..60).map(|i| job(&format!("c{i}"), NOW)).collect();
    store.enqueue(&jobs, NOW).await.unwrap();

    // Act: six workers claim at once, each a few at a time, until none is left.
    let worker = |_: usize| async {
        let mut mine = Vec::new();
        loop {
            let got = store.claim_jobs(NOW, LEASE, 4).await.unwrap();
            if got.is_empty() {
                return mine;
            }
            mine.extend(got.into_iter().map(|j| j.key));
        }
    };
    let (a, b, c, d, e, f) = tokio::join!(
        worker(0),
        worker(1),
        worker(2),
        worker(3),
        worker(4),
        worker(5)
    );

    // Assert
    let all: Vec<String> = [a, b, c, d, e, f].concat();
    let distinct: HashSet<&String> = all.iter().collect();
    assert_eq!(all.len(), 60, "every job claimed once");
    assert_eq!(distinct.len(), 60, "no job claimed twice");
}

pub async fn the_audit_log_keeps_order_and_filters_by_subject(store: &dyn Store) {
    // Arrange
    let entries: Vec<_> = (0..5)
        .map(|i| paydesk_store::NewAudit {
            at_ms: NOW + i,
            subject: if i % 2 == 0 { "ticket:a" } else { "ticket:b" }.to_string(),
            action: "decision".to_string(),
            outcome: format!("o{i}"),
            detail: json!({"i": i}),
        })
        .collect();

    // Act
    store.audit(&entries).await.unwrap();

    // Assert
    let a = store.audit_log(Some("ticket:a"), 10).await.unwrap();
    assert_eq!(
        a.iter().map(|e| e.outcome.as_str()).collect::<Vec<_>>(),
        ["o0", "o2", "o4"]
    );
    let last_two = store.audit_log(None, 2).await.unwrap();
    assert_eq!(
        last_two
            .iter()
            .map(|e| e.outcome.as_str())
            .collect::<Vec<_>>(),
        ["o3", "o4"]
    );
    assert_eq!(last_two[1].detail, json!({"i": 4}));
}

pub async fn a_wait_gives_the_attempt_back_and_is_not_audited(store: &dyn Store) {
    // Arrange
    store.enqueue(&[job("w", NOW)], NOW).await.unwrap();
    let claimed = store.claim_jobs(NOW, LEASE, 1).await.unwrap().remove(0);

    // Act
    let wait = JobOutcome::Wait {
        reason: "waiting for k".into(),
        due_at_ms: NOW + 500,
    };
    assert!(store.finish_job(&claimed, &wait, NOW + 1).await.unwrap());

    // Assert
    let job = store.job_by_key("w").await.unwrap().unwrap();
    assert_eq!(
        (job.status, job.attempts, job.due_at_ms),
        (JobStatus::Pending, 0, NOW + 500)
    );
    let audit = store.audit_log(Some("ticket:w"), 10).await.unwrap();
    assert_eq!(audit.len(), 1, "only the enqueue: {audit:?}");
}

pub async fn jobs_of_some_kinds_leave_out_the_rest_and_the_parked(store: &dyn Store) {
    // Arrange: refunds (one parked), a cancellation, replies and an email.
    let of = |key: &str, kind: &str| NewJob {
        kind: kind.to_string(),
        ..job(key, NOW)
    };
    let jobs = [
        of("refund-1", "stripe.refund"),
        of("reply-1", "ticket.reply"),
        of("cancel-1", "stripe.cancel_subscription"),
        of("refund-2", "stripe.refund"),
        of("mail-1", "email.send"),
        of("refund-3", "stripe.refund"),
    ];
    store.enqueue(&jobs, NOW).await.unwrap();
    let claimed = store.claim_jobs(NOW, LEASE, 10).await.unwrap();
    let parked = claimed.iter().find(|j| j.key == "refund-2").unwrap();
    let done = claimed.iter().find(|j| j.key == "refund-1").unwrap();
    let park = JobOutcome::Park("HTTP 400".into());
    assert!(store.finish_job(parked, &park, NOW + 1).await.unwrap());
    let finished = JobOutcome::Done(json!({"id": "re_1"}));
    assert!(store.finish_job(done, &finished, NOW + 1).await.unwrap());

    // Act
    let money = store
        .live_jobs_of_kinds(&["stripe.refund", "stripe.cancel_subscription"], 10)
        .await
        .unwrap();
    let newest = store
        .live_jobs_of_kinds(&["stripe.refund"], 1)
        .await
        .unwrap();
    let none = store.live_jobs_of_kinds(&[], 10).await.unwrap();

    // Assert: newest first, whatever their state but parked.
    let keys: Vec<_> = money.iter().map(|j| j.key.as_str()).collect();
    assert_eq!(keys, ["refund-3", "cancel-1", "refund-1"]);
    assert_eq!(money[2].status, JobStatus::Done);
    assert_eq!(money[0].payload["charge"], "ch_1");
    assert_eq!(newest.len(), 1);
    assert_eq!(newest[0].key, "refund-3");
    assert!(none.is_empty());
}
