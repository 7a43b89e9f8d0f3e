//! The outbox worker against the fake Stripe API and a fake chat webhook:
//! retries after 500s and timeouts, no second refund after a lost answer or a
//! crash between sending and recording, parked jobs after the retry budget.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use paydesk_server::config::OutboxConfig;
use paydesk_server::outbox::Executor;
use paydesk_store::{JobStatus, NewJob, Store};
use paydesk_stripe::{Client, RetryPolicy};
use paydesk_testkit::FakeStripe;
use serde_json::json;

const KEY: &str = "sk_test_51PaydeskFakeKey0000";
const T0: i64 = 1_767_225_600_000;

fn config() -> OutboxConfig {
    OutboxConfig {
        poll_interval_ms: 10,
        lease_secs: 60,
        max_attempts: 3,
        retry_base_ms: 1_000,
        retry_max_ms: 60_000,
        http_timeout_ms: 300,
    }
}

struct Setup {
    store: Arc<dyn Store>,
    fake: FakeStripe,
    executor: Executor,
    _dir: tempfile::TempDir,
}

/// A fresh SQLite store, the fake Stripe with one charge and one
/// subscription, and an executor whose Stripe client does not retry by
/// itself (the outbox does).
async fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/o.db", dir.path().display());
    let store = paydesk_store::connect(&url).await.unwrap();
    let fake = FakeStripe::start(KEY).await;
    fake.add_charge("ch_1", "cus_1", 4900, "eur");
    fake.add_subscription("sub_1", "cus_1", 1_800_000_000);
    let retry = RetryPolicy {
        max_retries: 0,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(1),
    };
    let client = Client::new(&fake.base_url(), KEY, retry).unwrap();
    let executor = Executor::new(store.clone(), Some(client), config());
    Setup {
        store,
        fake,
        executor,
        _dir: dir,
    }
}

fn refund_job(key: &str) -> NewJob {
    NewJob {
        key: key.to_owned(),
        kind: "stripe.refund".to_owned(),
        subject: "ticket:t-1".to_owned(),
        payload: json!({"charge": "ch_1", "amount": 4900, "currency": "eur",
                        "reason": "requested_by_customer", "metadata": {"paydesk_ticket": "t-1"}}),
        due_at_ms: T0,
    }
}

#[tokio::test]
async fn a_refund_job_refunds_once_and_records_stripes_answer() {
    // Arrange
    let s = setup().await;
    s.store
        .enqueue(&[refund_job("dec-1:refund:ch_1")], T0)
        .await
        .unwrap();

    // Act
    let handled = s.executor.run_once(T0).await.unwrap();
    let again = s.executor.run_once(T0 + 1).await.unwrap();

    // Assert
    assert_eq!((handled, again), (1, 0));
    let refunds = s.fake.refunds();
    assert_eq!(refunds.len(), 1);
    assert_eq!(refunds[0]["amount"], 4900);
    assert_eq!(refunds[0]["metadata"]["paydesk_ticket"], "t-1");
    let job = s
        .store
        .job_by_key("dec-1:refund:ch_1")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(job.status, JobStatus::Done);
    assert_eq!(job.result.as_ref().unwrap()["refund"], refunds[0]["id"]);
    let sent = s.fake.requests();
    assert_eq!(
        sent[0].idempotency_key.as_deref(),
        Some("dec-1:refund:ch_1")
    );
    let audit = s.store.audit_log(Some("ticket:t-1"), 10).await.unwrap();
    let outcomes: Vec<_> = audit.iter().map(|e| e.outcome.as_str()).collect();
    assert_eq!(outcomes, ["queued", "done"]);
}

#[tokio::test]
async fn a_500_is_retried_after_the_backoff_and_then_succeeds() {
    // Arrange
    let s = setup().await;
    s.store.enqueue(&[refund_job("k-500")], T0).await.unwrap();
    s.fake.fail_next(1, 500);

    // Act
    s.executor.run_once(T0).await.unwrap();
    let pending = s.store.job_by_key("k-500").await.unwrap().unwrap();
    let too_early = s.executor.run_once(T0 + 999).await.unwrap();
    let retried = s.executor.run_once(T0 + 1_000).await.unwrap();

    // Assert
    assert_eq!(pending.status, JobStatus::Pending);
    assert_eq!(
        pending.due_at_ms,
        T0 + 1_000,
        "first backoff is retry_base_ms"
    );
    assert!(pending.last_error.unwrap().contains("500"));
    assert_eq!(too_early, 0);
    assert_eq!(retried, 1);
    assert_eq!(s.fake.refunds().len(), 1);
    let job = s.store.job_by_key("k-500").await.unwrap().unwrap();
    assert_eq!((job.status, job.attempts), (JobStatus::Done, 2));
}

#[tokio::test]
async fn a_lost_answer_does_not_refund_twice() {
    // Arrange: Stripe refunds, the answer never arrives.
    let s = setup().await;
    s.store.enqueue(&[refund_job("k-lost")], T0).await.unwrap();
    s.fake.lose_next_answers(1);

    // Act
    s.executor.run_once(T0).await.unwrap();
    s.executor.run_once(T0 + 60_000).await.unwrap();

    // Assert
    assert_eq!(
        s.fake.refunds().len(),
        1,
        "the retry got Stripe's first answer"
    );
    let job = s.store.job_by_key("k-lost").await.unwrap().unwrap();
    assert_eq!(job.status, JobStatus::Done);
}

#[tokio::test]
async fn a_worker_that_dies_after_sending_is_taken_over_without_a_second_refund() {
    // Arrange: a worker claims the job, Stripe refunds, the worker dies
    // before recording anything.
    let s = setup().await;
    s.store.enqueue(&[refund_job("k-crash")], T0).await.unwrap();
    let claimed = s.store.claim_jobs(T0, 60_000, 1).await.unwrap().remove(0);
    let retry = RetryPolicy {
        max_retries: 0,
        ..RetryPolicy::default()
    };
    let dying = Client::new(&s.fake.base_url(), KEY, retry).unwrap();
    let request = paydesk_stripe::RefundRequest {
        charge: "ch_1".into(),
        amount: 4900,
        reason: Some("requested_by_customer".into()),
        metadata: vec![("paydesk_ticket".into(), "t-1".into())],
    };
    dying.create_refund(&request, &claimed.key).await.unwrap();

    // Act: during the lease nothing happens; after it, another worker takes over.
    let during = s.executor.run_once(T0 + 59_999).await.unwrap();
    let after = s.executor.run_once(T0 + 60_000).await.unwrap();

    // Assert
    assert_eq!((during, after), (0, 1));
    assert_eq!(s.fake.refunds().len(), 1, "{:?}", s.fake.refunds());
    let job = s.store.job_by_key("k-crash").await.unwrap().unwrap();
    assert_eq!((job.status, job.attempts), (JobStatus::Done, 2));
}

#[tokio::test]
async fn a_refusal_parks_at_once_and_stays_visible() {
    // Arrange: the charge was refunded elsewhere in the meantime.
    let s = setup().await;
    s.store.enqueue(&[refund_job("k-first")], T0).await.unwrap();
    s.executor.run_once(T0).await.unwrap();
    s.store
        .enqueue(&[refund_job("k-second")], T0)
        .await
        .unwrap();

    // Act
    s.executor.run_once(T0 + 1).await.unwrap();

    // Assert
    let parked = s.store.jobs(Some(JobStatus::Parked), 10).await.unwrap();
    assert_eq!(parked.len(), 1);
    assert_eq!(parked[0].key, "k-second");
    assert_eq!(parked[0].attempts, 1, "a refusal is not retried");
    assert!(
        parked[0]
            .last_error
            .as_ref()
            .unwrap()
            .contains("already been refunded")
    );
    assert_eq!(s.fake.refunds().len(), 1);
}

#[tokio::test]
async fn a_job_that_keeps_failing_is_parked_after_its_budget() {
    // Arrange
    let s = setup().await;
    s.store.enqueue(&[refund_job("k-down")], T0).await.unwrap();
    s.fake.fail_next(10, 503);

    // Act: attempts at T0, +1 s, +2 s later (backoff doubles).
    let mut now = T0;
    for _ in 0..3 {
        s.executor.run_once(now).await.unwrap();
        now = s
            .store
            .job_by_key("k-down")
            .await
            .unwrap()
            .unwrap()
            .due_at_ms;
    }

    // Assert
    let job = s.store.job_by_key("k-down").await.unwrap().unwrap();
    assert_eq!((job.status, job.attempts), (JobStatus::Parked, 3));
    assert!(
        job.last_error
            .unwrap()
            .starts_with("gave up after 3 attempts")
    );
    assert_eq!(
        s.executor.run_once(i64::MAX / 4).await.unwrap(),
        0,
        "parked jobs are not claimed"
    );
    assert!(s.fake.refunds().is_empty());
}

#[tokio::test]
async fn cancel_and_portal_jobs_reach_stripe() {
    // Arrange
    let s = setup().await;
    let jobs = [
        NewJob {
            key: "k-cancel".into(),
            kind: "stripe.cancel_subscription".into(),
            subject: "ticket:t-2".into(),
            payload: json!({"subscription": "sub_1", "at_period_end": true}),
            due_at_ms: T0,
        },
        NewJob {
            key: "k-portal".into(),
            kind: "stripe.portal_session".into(),
            subject: "ticket:t-2".into(),
            payload: json!({"customer": "cus_1", "return_url": "https://shop.example/account"}),
            due_at_ms: T0,
        },
    ];
    s.store.enqueue(&jobs, T0).await.unwrap();

    // Act
    s.executor.run_once(T0).await.unwrap();

    // Assert
    assert_eq!(
        s.fake.subscription("sub_1").unwrap()["cancel_at_period_end"],
        true
    );
    let portal = s.store.job_by_key("k-portal").await.unwrap().unwrap();
    let url = portal.result.unwrap()["url"].as_str().unwrap().to_owned();
    assert!(url.starts_with("https://billing.stripe.com/"), "{url}");
}

/// A Slack-compatible incoming webhook on loopback: answers with scripted
/// statuses (then 200), optionally slowly, and records what it got.
#[derive(Clone, Default)]
struct Chat {
    /// (status, delay in ms) of the next answers.
    script: Arc<Mutex<Vec<(u16, u64)>>>,
    got: Arc<Mutex<Vec<Posted>>>,
}

/// What a post carried: its idempotency key and its JSON body.
type Posted = (Option<String>, serde_json::Value);

async fn start_chat(chat: Chat) -> String {
    let state = chat.clone();
    let app = Router::new().route(
        "/hooks/T000/B000/secret",
        post(
            move |headers: HeaderMap, body: axum::Json<serde_json::Value>| {
                let state = state.clone();
                async move {
                    let (status, delay_ms) = {
                        let mut script = state.script.lock().unwrap();
                        if script.is_empty() {
                            (200, 0)
                        } else {
                            script.remove(0)
                        }
                    };
                    tokio::time::sleep(Duration::from_millis(delay_ms)).await;
                    let key = headers
                        .get("idempotency-key")
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_owned);
                    if status == 200 {
                        state.got.lock().unwrap().push((key, body.0));
                    }
                    (StatusCode::from_u16(status).unwrap(), "ok")
                }
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}/hooks/T000/B000/secret")
}

fn chat_job(url: &str) -> NewJob {
    NewJob {
        key: "digest:2026-11-23".into(),
        kind: "chat.post".into(),
        subject: "digest:2026-11-23".into(),
        payload: json!({"url": url, "text": "Daily digest: 3 refunds, 1 dispute"}),
        due_at_ms: T0,
    }
}

#[tokio::test]
async fn a_chat_post_is_retried_after_a_500_and_a_timeout() {
    // Arrange: a 500, then an answer slower than http_timeout_ms (300 ms).
    let s = setup().await;
    let chat = Chat::default();
    chat.script.lock().unwrap().extend([(500, 0), (200, 1_000)]);
    let url = start_chat(chat.clone()).await;
    s.store.enqueue(&[chat_job(&url)], T0).await.unwrap();

    // Act
    let mut now = T0;
    for _ in 0..3 {
        s.executor.run_once(now).await.unwrap();
        now = s
            .store
            .job_by_key("digest:2026-11-23")
            .await
            .unwrap()
            .unwrap()
            .due_at_ms;
    }

    // Assert
    let job = s
        .store
        .job_by_key("digest:2026-11-23")
        .await
        .unwrap()
        .unwrap();
    assert_eq!((job.status, job.attempts), (JobStatus::Done, 3));
    let got = chat.got.lock().unwrap().clone();
    assert!(
        got.iter()
            .all(|(key, _)| key.as_deref() == Some("digest:2026-11-23"))
    );
    assert_eq!(
        got.last().unwrap().1["text"],
        "Daily digest: 3 refunds, 1 dispute"
    );
    let errors: Vec<String> = s
        .store
        .audit_log(Some("digest:2026-11-23"), 10)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.outcome == "retry")
        .map(|e| e.detail["error"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].contains("500"), "{errors:?}");
    assert!(
        !errors.iter().any(|e| e.contains("secret")),
        "the webhook URL is a secret: {errors:?}"
    );
}

#[tokio::test]
async fn a_chat_webhook_that_refuses_parks_the_post() {
    // Arrange
    let s = setup().await;
    let chat = Chat::default();
    chat.script.lock().unwrap().push((404, 0));
    let url = start_chat(chat).await;
    s.store.enqueue(&[chat_job(&url)], T0).await.unwrap();

    // Act
    s.executor.run_once(T0).await.unwrap();

    // Assert
    let job = s
        .store
        .job_by_key("digest:2026-11-23")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(job.status, JobStatus::Parked);
    assert_eq!(
        job.last_error.as_deref(),
        Some("chat webhook answered 404 Not Found")
    );
}

/// A deliverer that is not ready for its first `n` calls.
struct Slow(std::sync::atomic::AtomicUsize);

#[async_trait::async_trait]
impl paydesk_server::outbox::Deliver for Slow {
    fn handles(&self, kind: &str) -> bool {
        kind == "ticket.reply"
    }

    async fn deliver(
        &self,
        _: &paydesk_store::Job,
    ) -> Result<serde_json::Value, paydesk_server::outbox::Failure> {
        let calls = self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        if calls < 10 {
            Err(paydesk_server::outbox::Failure::NotYet(
                "waiting for the refund".into(),
            ))
        } else {
            Ok(json!({"posted": true}))
        }
    }
}

#[tokio::test]
async fn waiting_for_another_job_never_uses_up_the_budget() {
    // Arrange: max_attempts is 3; the reply waits ten times.
    let s = setup().await;
    let executor = Executor::new(s.store.clone(), None, config())
        .with(Arc::new(Slow(std::sync::atomic::AtomicUsize::new(0))));
    let reply = NewJob {
        key: "t-1:m1:reply".into(),
        kind: "ticket.reply".into(),
        subject: "ticket:t-1".into(),
        payload: json!({}),
        due_at_ms: T0,
    };
    s.store.enqueue(&[reply], T0).await.unwrap();

    // Act
    let mut now = T0;
    for _ in 0..11 {
        executor.run_once(now).await.unwrap();
        now = s
            .store
            .job_by_key("t-1:m1:reply")
            .await
            .unwrap()
            .unwrap()
            .due_at_ms;
    }

    // Assert
    let job = s.store.job_by_key("t-1:m1:reply").await.unwrap().unwrap();
    assert_eq!((job.status, job.attempts), (JobStatus::Done, 1));
}
